import { countyToday, fieldIssue as issue, type FieldIssue, type RecordRule } from '../graph/validation';
import { checkResidentId } from './residentId';

/** Years and status must tell one consistent story (the database checks the same, as a backstop). */
export const householdRules: RecordRule[] = [
  (h) => {
    const issues: FieldIssue[] = [];
    const idYear = h.identificationYear as number;
    if (h.exitYear != null && (h.exitYear as number) < idYear)
      issues.push(issue('exitYear', '脱贫年度不能早于识别年度', 'The exit year cannot be before the identification year'));
    if (h.plannedExitYear != null && (h.plannedExitYear as number) < idYear)
      issues.push(
        issue('plannedExitYear', '计划脱贫年度不能早于识别年度', 'The planned exit year cannot be before the identification year'),
      );
    if ((h.status === 'EXITED' || h.status === 'RETURNED') && h.exitYear == null)
      issues.push(issue('exitYear', '已脱贫（或返贫）的户须填写脱贫年度', 'An exited (or returned) household needs its exit year'));
    if (h.status === 'POOR' && h.exitYear != null)
      issues.push(issue('exitYear', '未脱贫的户不能有脱贫年度', 'A poor household has no exit year'));
    if (h.status === 'RETURNED' && h.returnYear == null)
      issues.push(issue('returnYear', '返贫户须填写返贫年度', 'A returned household needs the year it returned'));
    if (h.status !== 'RETURNED' && h.returnYear != null)
      issues.push(issue('returnYear', '只有返贫户才有返贫年度', 'Only a returned household has a return year'));
    if (h.returnYear != null && h.exitYear != null && (h.returnYear as number) < (h.exitYear as number))
      issues.push(issue('returnYear', '返贫年度不能早于脱贫年度', 'The return year cannot be before the exit year'));
    if (h.continuedSupport && h.status !== 'EXITED')
      issues.push(issue('continuedSupport', '只有已脱贫户才有“脱贫不脱政策”', 'Only an exited household can keep continued support'));
    if (Array.isArray(h.secondaryCauses) && h.secondaryCauses.includes(h.mainCause))
      issues.push(issue('secondaryCauses', '其他致贫原因不应重复主要致贫原因', 'Secondary causes should not repeat the main cause'));
    return issues;
  },
];

/** The ID number must be valid (GB 11643-1999) and agree with the birth date and sex typed beside it. */
export const memberRules: RecordRule[] = [
  (m) => {
    const issues: FieldIssue[] = [];
    const today = countyToday();
    if (typeof m.residentId === 'string') {
      const result = checkResidentId(m.residentId, { sex: m.sex as 'MALE' | 'FEMALE', today });
      if (!result.ok) issues.push({ field: 'residentId', text: result.message });
      else if (m.birthDate !== result.value.birthDate)
        issues.push(
          issue(
            'birthDate',
            `出生日期与身份证号码不符（应为 ${result.value.birthDate}）`,
            `The birth date does not match the ID number (it says ${result.value.birthDate})`,
          ),
        );
    }
    return issues;
  },
];
