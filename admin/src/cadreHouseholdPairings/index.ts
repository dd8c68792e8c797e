import PeopleIcon from '@mui/icons-material/People';
import { defineResource } from '../resources/generic';
import { PairingVisits } from './PairingVisits';

/** 结对帮扶（干部—户） */
export default defineResource('cadreHouseholdPairings', PeopleIcon, {
  lead: ['householdId'],
  columns: ['cadreId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn', 'note'],
  showExtras: PairingVisits,
});
