import { GridList } from '../grid/GridList';

/** 家庭年收入 as a spreadsheet: a column of incomes pastes straight from Excel */
export const HouseholdIncomeGrid = () => (
  <GridList
    columns={['householdId', 'year', 'wages', 'businessIncome', 'propertyIncome', 'transferDibao', 'transferPension', 'transferEco', 'transferOther', 'businessExpenses', 'netIncome']}
    frozen={2}
    filters={['year']}
    sort={{ field: 'year', order: 'DESC' }}
  />
);
