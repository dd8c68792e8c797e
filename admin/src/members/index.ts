import PersonIcon from '@mui/icons-material/Person';
import { defineResource } from '../resources/generic';
import { MemberGrid } from './MemberGrid';
import { RevealResidentId } from './RevealResidentId';

/** 家庭成员 */
export default defineResource({
  name: 'members',
  listComponent: MemberGrid,
  icon: PersonIcon,
  list: ['personNumber', 'name', 'householdId', 'relation', 'sex', 'birthDate', 'age', 'ethnicity', 'health', 'laborAbility', 'residentId', 'phone'],
  form: ['householdId', 'personNumber', 'name', 'residentId', 'sex', 'birthDate', 'age', 'ethnicity', 'relation', 'education', 'schoolStatus', 'health', 'laborAbility', 'migrantWorkMonths', 'hasMedicalInsurance', 'hasPension', 'phone'],
  filters: ['sex', 'relation', 'health', 'laborAbility', 'education', 'schoolStatus', 'ethnicity'],
  hide: ['maskedResidentId'],
  showActions: RevealResidentId,
  sort: { field: 'personNumber', order: 'ASC' },
  recordRepresentation: 'name',
});
