import BadgeIcon from '@mui/icons-material/Badge';
import { defineResource } from '../resources/generic';

/** 帮扶干部 */
export default defineResource('cadres', BadgeIcon, {
  columns: ['name', 'sex', 'helperUnitId', 'position', 'mobile', 'householdCount'],
  recordRepresentation: 'name',
});
