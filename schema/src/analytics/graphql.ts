import { sql, type SqlBool } from 'kysely';
import { recordType } from '../graph/recordType';
import type { FieldIssue } from '../graph/validation';
import { povertyLineFields, publishedIndicatorFields, targetFields } from './fields';

export const povertyLineResource = recordType({
  name: 'PovertyLine',
  table: 'povertyLine',
  plural: 'povertyLines',
  public: true,
  label: { zh: '扶贫标准', en: 'Poverty line' },
  description: 'the national poverty line of a year; exit checks compare per-capita net income with it',
  fields: povertyLineFields,
  defaultSort: [{ column: 'year', direction: 'ASC' }],
});

export const targetResource = recordType({
  name: 'Target',
  table: 'target',
  plural: 'targets',
  public: true,
  label: { zh: '目标任务', en: 'Target' },
  description: 'a goal for a year (people or villages to exit); progress is computed from the records',
  fields: targetFields,
  division: {
    township: (_eb, id) => sql<SqlBool>`(target.township_id = ${id} or target.village_id in (select id from village where township_id = ${id}))`,
    village: (_eb, id) => sql<SqlBool>`target.village_id = ${id}`,
  },
  defaultSort: [
    { column: 'year', direction: 'ASC' },
    { column: 'subject', direction: 'ASC' },
  ],
  rules: [
    (t) => {
      const issues: FieldIssue[] = [];
      if (t.level === 'TOWNSHIP' && t.township == null) issues.push({ field: 'township', text: { zh: '乡镇级目标须指定乡镇', en: 'A township target needs its township' } });
      if (t.level === 'VILLAGE' && t.village == null) issues.push({ field: 'village', text: { zh: '村级目标须指定行政村', en: 'A village target needs its village' } });
      if (t.level !== 'TOWNSHIP' && t.township != null) issues.push({ field: 'township', text: { zh: '只有乡镇级目标才指定乡镇', en: 'Only a township target names a township' } });
      if (t.level !== 'VILLAGE' && t.village != null) issues.push({ field: 'village', text: { zh: '只有村级目标才指定行政村', en: 'Only a village target names a village' } });
      return issues;
    },
  ],
  constraintMessages: {
    target_unique: { field: 'subject', text: { zh: '该年度、层级和区划已有同一内容的目标', en: 'There is already a target of this subject for this year and division' } },
  },
});

export const publishedIndicatorResource = recordType({
  name: 'PublishedIndicator',
  table: 'publishedIndicator',
  plural: 'publishedIndicators',
  public: true,
  label: { zh: '公布指标', en: 'Published indicator' },
  description: 'a county figure as published (rural per-capita net income…), not computed from the registry',
  fields: publishedIndicatorFields,
  defaultSort: [
    { column: 'indicator', direction: 'ASC' },
    { column: 'year', direction: 'ASC' },
  ],
});
