import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { defineResource } from '../resources/generic';

/** 资金来源 */
export default defineResource('fundSources', AccountBalanceIcon, {
  lead: ['name'],
  filters: ['level', 'year'],
  recordRepresentation: 'name',
});
