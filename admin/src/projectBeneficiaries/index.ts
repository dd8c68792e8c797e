import Diversity3Icon from '@mui/icons-material/Diversity3';
import { defineResource } from '../resources/generic';

/** 项目受益户 */
export default defineResource('projectBeneficiaries', Diversity3Icon);
