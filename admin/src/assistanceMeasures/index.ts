import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import { defineResource } from '../resources/generic';

/** 帮扶措施 */
export default defineResource({
  name: 'assistanceMeasures',
  icon: VolunteerActivismIcon,
  columns: ['pairingId', 'actionCategory', 'startedOn', 'amount', 'description'],
  form: ['pairingId', 'actionCategory', 'startedOn', 'amount', 'description'],
  filters: ['actionCategory'],
  sort: { field: 'startedOn', order: 'DESC' },
});
