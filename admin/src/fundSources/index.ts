import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { defineResource } from '../resources/generic';
import { FundSourceGrid } from './FundSourceGrid';

/** 资金来源 */
export default defineResource({
  name: 'fundSources',
  listComponent: FundSourceGrid,
  icon: AccountBalanceIcon,
  list: ['name', 'year', 'level', 'amount', 'allocatedAmount', 'unallocatedAmount', 'documentNumber', 'receivedOn'],
  form: ['name', 'year', 'level', 'amount', 'documentNumber', 'receivedOn', 'allocatedAmount', 'unallocatedAmount'],
  filters: ['year', 'level'],
  sort: { field: 'year', order: 'DESC' },
  recordRepresentation: 'name',
});
