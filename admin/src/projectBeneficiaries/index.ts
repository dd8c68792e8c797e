import Diversity3Icon from '@mui/icons-material/Diversity3';
import { defineResource } from '../resources/generic';

/** 项目受益户 */
export default defineResource({
  name: 'projectBeneficiaries',
  icon: Diversity3Icon,
  columns: ['projectId', 'householdId'],
  form: ['projectId', 'householdId'],
});
