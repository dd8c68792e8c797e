import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { defineResource } from '../resources/generic';

/** 资金来源 */
export default defineResource({
  name: 'fundSources',
  icon: AccountBalanceIcon,
  columns: ['name', 'level', 'year', 'documentNumber', 'amount', 'receivedOn'],
  frozen: 1,
  filters: ['level', 'year'],
  sort: { field: 'year', order: 'DESC' },
  form: ['name', 'year', 'level', 'amount', 'documentNumber', 'receivedOn', 'allocatedAmount', 'unallocatedAmount'],
  recordRepresentation: 'name',
});
