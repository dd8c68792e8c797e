import { GridList } from '../grid/GridList';

/** 资金分配 as a spreadsheet */
export const FundAllocationGrid = () => (
  <GridList columns={['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber']} frozen={1} sort={{ field: 'fundSourceId', order: 'ASC' }} />
);
