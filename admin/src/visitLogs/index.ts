import EventNoteIcon from '@mui/icons-material/EventNote';
import { defineResource } from '../resources/generic';
import { VisitLogGrid } from './VisitLogGrid';

/** 走访记录 */
export default defineResource({
  name: 'visitLogs',
  listComponent: VisitLogGrid,
  icon: EventNoteIcon,
  list: ['visitedOn', 'pairingId', 'mode', 'content', 'followUpDue'],
  form: ['pairingId', 'visitedOn', 'mode', 'content', 'followUps', 'followUpDue'],
  filters: ['visitedOn'],
  sort: { field: 'visitedOn', order: 'DESC' },
});
