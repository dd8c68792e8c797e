import PeopleIcon from '@mui/icons-material/People';
import { defineResource } from '../resources/generic';
import { PairingVisits } from './PairingVisits';

/** 结对帮扶（干部—户） */
export default defineResource({
  name: 'cadreHouseholdPairings',
  icon: PeopleIcon,
  columns: ['householdId', 'cadreId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn', 'note'],
  frozen: 1,
  sort: { field: 'householdId', order: 'ASC' },
  form: ['cadreId', 'householdId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn', 'note'],
  showExtras: PairingVisits,
});
