import PeopleIcon from '@mui/icons-material/People';
import { defineResource } from '../resources/generic';
import { CadreHouseholdPairingGrid } from './CadreHouseholdPairingGrid';
import { PairingVisits } from './PairingVisits';

/** 结对帮扶（干部—户） */
export default defineResource({
  name: 'cadreHouseholdPairings',
  listComponent: CadreHouseholdPairingGrid,
  icon: PeopleIcon,
  list: ['cadreId', 'householdId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn'],
  form: ['cadreId', 'householdId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn', 'note'],
  showExtras: PairingVisits,
});
