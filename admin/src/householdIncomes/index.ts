import PaymentsIcon from '@mui/icons-material/Payments';
import { defineResource } from '../resources/generic';

/** 家庭年收入 */
export default defineResource({
  name: 'householdIncomes',
  icon: PaymentsIcon,
  columns: [
    'householdId',
    'year',
    'wages',
    'businessIncome',
    'propertyIncome',
    'transferDibao',
    'transferPension',
    'transferEco',
    'transferOther',
    'businessExpenses',
    'netIncome',
  ],
  frozen: 2,
  filters: ['year'],
  sort: { field: 'year', order: 'DESC' },
  form: [
    'householdId',
    'year',
    'wages',
    'businessIncome',
    'businessExpenses',
    'propertyIncome',
    'transferDibao',
    'transferPension',
    'transferEco',
    'transferOther',
    'netIncome',
    'perCapitaNetIncome',
  ],
  recordRepresentation: (record) => String(record.year),
});
