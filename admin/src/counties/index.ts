import PublicIcon from '@mui/icons-material/Public';
import { defineResource } from '../resources/generic';

/** 县 */
export default defineResource({
  name: 'counties',
  icon: PublicIcon,
  columns: ['code', 'name', 'asOf'],
  recordRepresentation: 'name',
});
