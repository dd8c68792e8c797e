import { bool, code, decimal, int, reference, text, fieldsOf } from '../graph/fields';
import { KEY, YEAR } from '../graph/fieldPresets';
import type { FieldIssue, RecordRule } from '../graph/validation';
import { BOOLEAN_MEASURES, EXIT_LEVELS, EXIT_MEASURES, EXIT_OPERATORS, EXIT_THRESHOLD_SOURCES, levelOfMeasure } from './codes';

const CODE = {
  pattern: /^[A-Z0-9_]{1,40}$/,
  patternHint: { zh: '大写字母、数字或下划线，最多 40 个', en: 'capital letters, digits or underscores, at most 40' },
};

/** 脱贫标准 (a criteria set): the test one level must pass, in a region, from a year. */
export const exitCriteriaSetFields = fieldsOf<'exitCriteriaSet'>()({
  level: code({ zh: '对象', en: 'Level' }, EXIT_LEVELS, 'ExitLevel', KEY),
  code: text(
    { zh: '代码', en: 'Code' },
    { maxLength: 40, ...CODE, required: true, filter: true, uniqueConstraint: 'exit_criteria_set_code_key' },
  ),
  nameZh: text({ zh: '名称', en: 'Name (Chinese)' }, { maxLength: 100, required: true }),
  nameEn: text({ zh: '英文名称', en: 'Name (English)' }, { maxLength: 100, defaultValue: '' }),
  regionCode: text(
    { zh: '适用地区代码', en: 'Region code' },
    {
      maxLength: 6,
      pattern: /^[0-9]{6}$/,
      patternHint: { zh: '6 位区划代码，如 450000（广西）', en: 'a 6-digit division code, e.g. 450000 (Guangxi)' },
      required: true,
      description: 'applies to the counties whose code starts with it (trailing zeros dropped)',
    },
  ),
  regionName: text({ zh: '适用地区', en: 'Region' }, { maxLength: 50, defaultValue: '' }),
  fromYear: int({ zh: '起始年度', en: 'From year' }, { ...YEAR, ...KEY }),
  toYear: int({ zh: '截止年度', en: 'To year' }, { ...YEAR, description: 'empty: still in force' }),
  active: bool({ zh: '启用', en: 'Active' }, { defaultValue: true }),
  description: text({ zh: '说明', en: 'Description' }, { maxLength: 1000, defaultValue: '' }),
});

/** 脱贫指标 (a criterion): a rule over one measure of the whitelisted vocabulary. */
export const exitCriterionFields = fieldsOf<'exitCriterion'>()({
  criteriaSet: reference({ zh: '所属标准', en: 'Criteria set' }, 'ExitCriteriaSet', 'criteriaSetId', {
    ...KEY,
  }),
  level: code({ zh: '对象', en: 'Level' }, EXIT_LEVELS, 'ExitLevel', { required: true, description: 'the set’s level' }),
  code: text(
    { zh: '代码', en: 'Code' },
    { maxLength: 40, ...CODE, required: true, uniqueConstraint: 'exit_criterion_criteria_set_id_code_key' },
  ),
  position: int({ zh: '顺序', en: 'Position' }, { min: 0, max: 1000, defaultValue: 0, sort: true }),
  labelZh: text({ zh: '指标', en: 'Label (Chinese)' }, { maxLength: 100, required: true }),
  labelEn: text({ zh: '英文名称', en: 'Label (English)' }, { maxLength: 100, defaultValue: '' }),
  description: text({ zh: '说明', en: 'Description' }, { maxLength: 1000, defaultValue: '' }),
  measure: code({ zh: '度量', en: 'Measure' }, EXIT_MEASURES, 'ExitMeasure', {
    description: 'empty: the records hold no data for it, checked by hand',
  }),
  operator: code({ zh: '比较', en: 'Operator' }, EXIT_OPERATORS, 'ExitOperator'),
  threshold: decimal({ zh: '阈值', en: 'Threshold' }, { min: -1e12, max: 1e12, description: 'yes/no measures: 1 yes, 0 no' }),
  thresholdSource: code({ zh: '阈值来源', en: 'Threshold source' }, EXIT_THRESHOLD_SOURCES, 'ExitThresholdSource', {
    defaultValue: 'VALUE',
  }),
});

/** A rule must be whole and fit its measure; the same checks hold in the database. */
export const exitCriterionRules: RecordRule[] = [
  (c) => {
    const issues: FieldIssue[] = [];
    const measure = c.measure as string | null;
    if ((measure == null) !== (c.operator == null)) {
      issues.push({
        field: measure == null ? 'measure' : 'operator',
        text: {
          zh: '度量和比较须同时填写或同时留空（留空表示人工核验）',
          en: 'Give both measure and operator, or neither (checked by hand)',
        },
      });
    }
    if (measure == null) return issues;
    if (levelOfMeasure(measure) !== c.level) {
      issues.push({
        field: 'measure',
        text: {
          zh: '该度量不适用于此对象（贫困户指标用户级度量，贫困村指标用村级度量）',
          en: 'This measure is not for this level (household sets use household measures, village sets village ones)',
        },
      });
    }
    if (c.thresholdSource !== 'POVERTY_LINE' && c.threshold == null) {
      issues.push({
        field: 'threshold',
        text: { zh: '请填写阈值，或选择以当年扶贫标准为阈值', en: 'Give a threshold, or compare with the year’s poverty line' },
      });
    }
    if (BOOLEAN_MEASURES.has(measure)) {
      if (c.operator !== 'EQ' && c.operator !== 'NE')
        issues.push({
          field: 'operator',
          text: { zh: '是否类度量只能用“等于”或“不等于”', en: 'A yes/no measure takes equal or not equal' },
        });
      if (c.thresholdSource !== 'VALUE' || (c.threshold != null && Number(c.threshold) !== 0 && Number(c.threshold) !== 1)) {
        issues.push({
          field: 'threshold',
          text: { zh: '是否类度量的阈值为 1（是）或 0（否）', en: 'A yes/no measure’s threshold is 1 (yes) or 0 (no)' },
        });
      }
    }
    return issues;
  },
];
