import EventNoteIcon from '@mui/icons-material/EventNote';
import { defineResource } from '../resources/generic';

/** 走访记录 */
export default defineResource('visitLogs', EventNoteIcon, {
  columns: ['visitedOn', 'pairingId', 'mode', 'content', 'followUps', 'followUpDue'],
  filters: ['visitedOn'],
});
