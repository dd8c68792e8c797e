import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { exitCriterionFields, exitCriterionRules } from './fields';

export const exitCriterionResource = recordType('ExitCriterion', '脱贫指标', 'Exit criterion', {
  plural: 'exitCriteria',
  public: true,
  description: 'one item of a criteria set: a rule over a measure of a fixed vocabulary (no measure: checked by hand)',
  fields: exitCriterionFields,
  defaultSort: [asc('criteriaSetId'), asc('position')],
  rules: exitCriterionRules,
  constraintMessages: {
    exit_criterion_criteria_set_id_level_fkey: {
      field: 'level',
      text: { zh: '指标的对象须与所属标准一致', en: 'The criterion’s level must be its set’s level' },
    },
    exit_criterion_measure_level: { field: 'measure', text: { zh: '该度量不适用于此对象', en: 'This measure is not for this level' } },
    exit_criterion_yes_no: {
      field: 'threshold',
      text: { zh: '是否类度量只能用“等于/不等于” 1 或 0', en: 'A yes/no measure is compared equal or not equal to 1 or 0' },
    },
    exit_criterion_rule_complete: {
      field: 'measure',
      text: {
        zh: '度量、比较和阈值须齐全，或全部留空（人工核验）',
        en: 'Give measure, operator and threshold, or none of them (checked by hand)',
      },
    },
  },
});
