import PaymentsIcon from '@mui/icons-material/Payments';
import { defineResource } from '../resources/generic';
import { HouseholdIncomeGrid } from './HouseholdIncomeGrid';

/** 家庭年收入 */
export default defineResource({
  name: 'householdIncomes',
  listComponent: HouseholdIncomeGrid,
  icon: PaymentsIcon,
  list: ['householdId', 'year', 'wages', 'businessIncome', 'propertyIncome', 'netIncome', 'perCapitaNetIncome'],
  form: ['householdId', 'year', 'wages', 'businessIncome', 'businessExpenses', 'propertyIncome', 'transferDibao', 'transferPension', 'transferEco', 'transferOther', 'netIncome', 'perCapitaNetIncome'],
  filters: ['year'],
  sort: { field: 'year', order: 'DESC' },
  recordRepresentation: (record) => String(record.year),
});
