import FlagIcon from '@mui/icons-material/Flag';
import { defineResource } from '../resources/generic';

/** 目标任务 */
export default defineResource({
  name: 'targets',
  icon: FlagIcon,
  columns: ['year', 'level', 'subject', 'goal', 'dueDate', 'townshipId', 'villageId'],
  form: ['year', 'level', 'subject', 'goal', 'dueDate', 'townshipId', 'villageId', 'description'],
  filters: ['year'],
  sort: { field: 'year', order: 'ASC' },
});
