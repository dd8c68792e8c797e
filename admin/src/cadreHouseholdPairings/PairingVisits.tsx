import { RelatedRecords } from '../resources/RelatedRecords';

/** 走访记录 of a pairing, newest first, and a button to record one. */
export const PairingVisits = () => (
  <RelatedRecords
    resource="visitLogs"
    target="pairingId"
    columns={['visitedOn', 'mode', 'content', 'followUpDue']}
    sort={{ field: 'visitedOn', order: 'DESC' }}
  />
);
