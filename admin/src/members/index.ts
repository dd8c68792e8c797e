import PersonIcon from '@mui/icons-material/Person';
import { defineResource } from '../resources/generic';
import { RevealResidentId } from './RevealResidentId';

/** 家庭成员 */
export default defineResource({
  name: 'members',
  icon: PersonIcon,
  columns: ['personNumber', 'name', 'householdId', 'residentId', 'sex', 'birthDate', 'ethnicity', 'relation', 'education', 'schoolStatus', 'health', 'laborAbility', 'migrantWorkMonths', 'hasMedicalInsurance', 'hasPension', 'phone'],
  frozen: 2,
  filters: ['health', 'laborAbility', 'relation'],
  sort: { field: 'personNumber', order: 'ASC' },
  form: ['householdId', 'personNumber', 'name', 'residentId', 'sex', 'birthDate', 'age', 'ethnicity', 'relation', 'education', 'schoolStatus', 'health', 'laborAbility', 'migrantWorkMonths', 'hasMedicalInsurance', 'hasPension', 'phone'],
  hide: ['maskedResidentId'],
  showActions: RevealResidentId,
  recordRepresentation: 'name',
});
