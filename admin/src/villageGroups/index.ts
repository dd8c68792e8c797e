import GroupsIcon from '@mui/icons-material/Groups';
import { defineResource } from '../resources/generic';

/** 村民小组 */
export default defineResource({
  name: 'villageGroups',
  icon: GroupsIcon,
  columns: ['name', 'villageId'],
  form: ['villageId', 'name'],
  sort: { field: 'name', order: 'ASC' },
  recordRepresentation: 'name',
});
