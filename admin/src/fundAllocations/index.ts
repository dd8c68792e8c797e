import CallSplitIcon from '@mui/icons-material/CallSplit';
import { defineResource } from '../resources/generic';

/** 资金分配 */
export default defineResource({
  name: 'fundAllocations',
  icon: CallSplitIcon,
  list: ['fundSourceId', 'projectId', 'amount', 'disbursedAmount', 'allocatedOn', 'documentNumber'],
  form: ['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber', 'disbursedAmount'],
});
