import PaymentsIcon from '@mui/icons-material/Payments';
import { defineResource } from '../resources/generic';

/** 家庭年收入 */
export default defineResource('householdIncomes', PaymentsIcon, {
  filters: ['year'],
  recordRepresentation: (record) => String(record.year),
});
