import FlagIcon from '@mui/icons-material/Flag';
import { defineResource } from '../resources/generic';

/** 目标任务 */
export default defineResource('targets', FlagIcon, {
  columns: ['year', 'level', 'subject', 'goal', 'dueDate', 'townshipId', 'villageId'],
  filters: ['year'],
});
