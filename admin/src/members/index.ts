import PersonIcon from '@mui/icons-material/Person';
import { defineResource } from '../resources/generic';
import { RevealResidentId } from './RevealResidentId';

/** 家庭成员 */
export default defineResource('members', PersonIcon, {
  lead: ['personNumber', 'name'],
  filters: ['health', 'laborAbility', 'relation'],
  hide: ['maskedResidentId'],
  showActions: RevealResidentId,
  recordRepresentation: 'name',
});
