import Groups2Icon from '@mui/icons-material/Groups2';
import { defineResource } from '../resources/generic';

/** 驻村工作队 */
export default defineResource('workTeamAssignments', Groups2Icon, {
  columns: ['cadreId', 'villageId', 'role', 'startDate', 'endDate'],
});
