import { type FieldIssue, type RecordRule } from '../graph/validation';

const issue = (field: string, zh: string, en: string): FieldIssue => ({ field, text: { zh, en } });

/** A pairing or an assignment ends on or after the day it starts (the database checks the same, as a backstop). */
export const periodRules: RecordRule[] = [
  (p) =>
    typeof p.endDate === 'string' && typeof p.startDate === 'string' && p.endDate < p.startDate
      ? [
          issue(
            'endDate',
            `结束日期（${p.endDate}）不能早于开始日期（${p.startDate}）`,
            `The end date (${p.endDate}) cannot be before the start date (${p.startDate})`,
          ),
        ]
      : [],
];

/** A visit's follow-ups fall due on or after it (that the visit has happened is its field's `happened`). */
export const visitLogRules: RecordRule[] = [
  (v) => {
    const issues: FieldIssue[] = [];
    if (typeof v.followUpDue === 'string' && typeof v.visitedOn === 'string' && v.followUpDue < v.visitedOn) {
      issues.push(
        issue(
          'followUpDue',
          `后续事项期限（${v.followUpDue}）不能早于走访日期（${v.visitedOn}）`,
          `The follow-ups due date (${v.followUpDue}) cannot be before the visit date (${v.visitedOn})`,
        ),
      );
    }
    return issues;
  },
];
