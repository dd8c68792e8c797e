import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import { defineResource } from '../resources/generic';

/** 帮扶措施 */
export default defineResource('assistanceMeasures', VolunteerActivismIcon, {
  columns: ['pairingId', 'actionCategory', 'startedOn', 'amount', 'description'],
  filters: ['actionCategory'],
});
