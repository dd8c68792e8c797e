import CallSplitIcon from '@mui/icons-material/CallSplit';
import { defineResource } from '../resources/generic';

/** 资金分配 */
export default defineResource({
  name: 'fundAllocations',
  icon: CallSplitIcon,
  columns: ['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber'],
  frozen: 1,
  sort: { field: 'fundSourceId', order: 'ASC' },
  form: ['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber', 'disbursedAmount'],
});
