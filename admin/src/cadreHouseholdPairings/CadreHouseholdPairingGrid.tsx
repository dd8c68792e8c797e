import { GridList } from '../grid/GridList';

/** 结对帮扶（干部—户） as a spreadsheet */
export const CadreHouseholdPairingGrid = () => (
  <GridList columns={['householdId', 'cadreId', 'startDate', 'endDate', 'visitCount', 'lastVisitedOn', 'note']} frozen={1} sort={{ field: 'householdId', order: 'ASC' }} />
);
