import { datesInOrder, fieldIssue as issue, inFuture, type FieldIssue, type RecordRule } from '../graph/validation';
import { projectFields } from './fields';

/** the statuses of a project that has started, and of one that is finished */
const STARTED = new Set(['IN_PROGRESS', 'COMPLETED', 'ACCEPTED']);
const FINISHED = new Set(['COMPLETED', 'ACCEPTED']);

/**
 * A project ends on or after the day it starts (the database checks the same, as a backstop). Its dates may
 * be plans, but once it has started its start date has happened, and once finished its end date has.
 */
export const projectRules: RecordRule[] = [
  datesInOrder('startDate', 'endDate', { zh: ['开工日期', '完工日期'], en: ['start date', 'end date'] }),
  (p) => {
    const issues: FieldIssue[] = [];
    for (const [field, statuses] of [
      ['startDate', STARTED],
      ['endDate', FINISHED],
    ] as const) {
      const future = statuses.has(p.status as string) && typeof p[field] === 'string' ? inFuture(projectFields[field]!, p[field]) : null;
      if (future) issues.push({ field, text: future });
    }
    return issues;
  },
];

/**
 * The payee fields agree with the payee type: a household is paid through its record, a village collective
 * through its village, and a cooperative or contractor by name alone (the database checks the same).
 */
export const disbursementRules: RecordRule[] = [
  (d) => {
    const issues: FieldIssue[] = [];
    const household = d.payeeHousehold != null;
    const village = d.payeeVillage != null;
    if (d.payeeType === 'HOUSEHOLD' && !household)
      issues.push(issue('payeeHousehold', '收款方为贫困户时须填写收款贫困户', 'A payment to a household needs the payee household'));
    if (d.payeeType !== 'HOUSEHOLD' && household)
      issues.push(issue('payeeHousehold', '只有收款方为贫困户时才填写收款贫困户', 'Only a payment to a household names a payee household'));
    if (d.payeeType === 'VILLAGE_COLLECTIVE' && !village)
      issues.push(issue('payeeVillage', '收款方为村集体时须填写收款村集体', 'A payment to a village collective needs the payee village'));
    if (d.payeeType !== 'VILLAGE_COLLECTIVE' && village)
      issues.push(
        issue('payeeVillage', '只有收款方为村集体时才填写收款村集体', 'Only a payment to a village collective names a payee village'),
      );
    return issues;
  },
];
