import EventNoteIcon from '@mui/icons-material/EventNote';
import { defineResource } from '../resources/generic';

/** 走访记录 */
export default defineResource({
  name: 'visitLogs',
  icon: EventNoteIcon,
  columns: ['visitedOn', 'pairingId', 'mode', 'content', 'followUps', 'followUpDue'],
  frozen: 2,
  filters: ['visitedOn'],
  sort: { field: 'visitedOn', order: 'DESC' },
  form: ['pairingId', 'visitedOn', 'mode', 'content', 'followUps', 'followUpDue'],
});
