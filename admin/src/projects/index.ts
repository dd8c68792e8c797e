import ConstructionIcon from '@mui/icons-material/Construction';
import { defineResource } from '../resources/generic';

/** 扶贫项目 */
export default defineResource('projects', ConstructionIcon, {
  filters: ['status', 'year', 'actionCategory'],
  recordRepresentation: 'name',
});
