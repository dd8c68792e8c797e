import CallSplitIcon from '@mui/icons-material/CallSplit';
import { defineResource } from '../resources/generic';

/** 资金分配 */
export default defineResource('fundAllocations', CallSplitIcon, {
  lead: ['fundSourceId'],
});
