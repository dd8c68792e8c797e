import { GridList } from '../grid/GridList';

/** 资金来源 as a spreadsheet (written by administrators) */
export const FundSourceGrid = () => (
  <GridList columns={['name', 'level', 'year', 'documentNumber', 'amount', 'receivedOn']} frozen={1} filters={['level', 'year']} sort={{ field: 'year', order: 'DESC' }} />
);
