import CallSplitIcon from '@mui/icons-material/CallSplit';
import { defineResource } from '../resources/generic';
import { FundAllocationGrid } from './FundAllocationGrid';

/** 资金分配 */
export default defineResource({
  name: 'fundAllocations',
  listComponent: FundAllocationGrid,
  icon: CallSplitIcon,
  list: ['fundSourceId', 'projectId', 'amount', 'disbursedAmount', 'allocatedOn', 'documentNumber'],
  form: ['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber', 'disbursedAmount'],
});
