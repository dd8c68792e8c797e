import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { ofCounty } from '../graph/place';
import { recordType } from '../graph/recordType';
import { fieldIssue, type FieldIssue } from '../graph/validation';
import { targetFields } from './fields';

export const targetResource = recordType('Target', '目标任务', 'Target', {
  public: true,
  description: 'a goal for a year (people or villages to exit); progress is computed from the records',
  fields: targetFields,
  // every target is its county's (a township's or village's: the county it lies in; issue 16)
  ...ofCounty('target', {
    township: (_eb, id) =>
      sql<SqlBool>`(target.township_id = ${id} or target.village_id in (select id from village where township_id = ${id}))`,
    village: (_eb, id) => sql<SqlBool>`target.village_id = ${id}`,
  }),
  defaultSort: [asc('year'), asc('subject')],
  rules: [
    (t) => {
      const issues: FieldIssue[] = [];
      if (t.level === 'TOWNSHIP' && t.township == null)
        issues.push(fieldIssue('township', '乡镇级目标须指定乡镇', 'A township target needs its township'));
      if (t.level === 'VILLAGE' && t.village == null)
        issues.push(fieldIssue('village', '村级目标须指定行政村', 'A village target needs its village'));
      if (t.level !== 'TOWNSHIP' && t.township != null)
        issues.push(fieldIssue('township', '只有乡镇级目标才指定乡镇', 'Only a township target names a township'));
      if (t.level !== 'VILLAGE' && t.village != null)
        issues.push(fieldIssue('village', '只有村级目标才指定行政村', 'Only a village target names a village'));
      return issues;
    },
  ],
  constraintMessages: {
    target_unique: fieldIssue(
      'subject',
      '该县该年度、层级和区划已有同一内容的目标',
      'There is already a target of this subject for this county, year and division',
    ),
  },
});
