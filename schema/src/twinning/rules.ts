import { datesInOrder, type RecordRule } from '../graph/validation';

/** A pairing or an assignment ends on or after the day it starts (the database checks the same, as a backstop). */
export const periodRules: RecordRule[] = [
  datesInOrder('startDate', 'endDate', { zh: ['开始日期', '结束日期'], en: ['start date', 'end date'] }),
];

/** A visit's follow-ups fall due on or after it (that the visit has happened is its field's `happened`). */
export const visitLogRules: RecordRule[] = [
  datesInOrder('visitedOn', 'followUpDue', { zh: ['走访日期', '后续事项期限'], en: ['visit date', 'follow-ups due date'] }),
];
