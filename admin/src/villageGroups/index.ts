import GroupsIcon from '@mui/icons-material/Groups';
import { defineResource } from '../resources/generic';

/** 村民小组 */
export default defineResource('villageGroups', GroupsIcon, {
  columns: ['name', 'villageId'],
  recordRepresentation: 'name',
});
