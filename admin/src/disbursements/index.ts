import PaidIcon from '@mui/icons-material/Paid';
import { defineResource } from '../resources/generic';

/** 资金拨付 */
export default defineResource('disbursements', PaidIcon, {
  columns: ['fundAllocationId', 'payeeType', 'payeeName', 'amount', 'paidOn', 'voucherNumber'],
  filters: ['paidOn'],
});
