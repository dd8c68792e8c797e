import BadgeIcon from '@mui/icons-material/Badge';
import { defineResource } from '../resources/generic';

/** 帮扶干部 */
export default defineResource({
  name: 'cadres',
  icon: BadgeIcon,
  columns: ['name', 'sex', 'helperUnitId', 'position', 'mobile', 'householdCount'],
  form: ['name', 'sex', 'helperUnitId', 'position', 'mobile', 'householdCount'],
  sort: { field: 'name', order: 'ASC' },
  recordRepresentation: 'name',
});
