import { GridList } from '../grid/GridList';

/** 走访记录 as a spreadsheet (partners write their own) */
export const VisitLogGrid = () => (
  <GridList columns={['visitedOn', 'pairingId', 'mode', 'content', 'followUps', 'followUpDue']} frozen={2} filters={['visitedOn']} sort={{ field: 'visitedOn', order: 'DESC' }} />
);
