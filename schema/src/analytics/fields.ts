import { code, date, decimal, int, reference, text, fieldsOf } from '../graph/fields';
import { KEY, YEAR, countyOfRecord } from '../graph/fieldPresets';
import { INDICATORS, TARGET_LEVELS, TARGET_SUBJECTS } from './codes';

/** 扶贫标准 (poverty line), yuan per person per year at current prices */
export const povertyLineFields = fieldsOf<'povertyLine'>()({
  year: int({ zh: '年度', en: 'Year' }, { ...YEAR, ...KEY, uniqueConstraint: 'poverty_line_year_key' }),
  amount: decimal(
    { zh: '扶贫标准（元/人·年）', en: 'Poverty line (yuan per person a year)' },
    { required: true, min: 0.01, max: 1_000_000 },
  ),
  source: text({ zh: '依据', en: 'Source' }, { maxLength: 500, defaultValue: '' }),
});

/** 目标任务 */
export const targetFields = fieldsOf<'target'>()({
  year: int({ zh: '年度', en: 'Year' }, { ...YEAR, ...KEY }),
  level: code({ zh: '层级', en: 'Level' }, TARGET_LEVELS, 'TargetLevel', { required: true }),
  township: reference({ zh: '乡镇', en: 'Township' }, 'Township', 'townshipId', { filter: true }),
  village: reference({ zh: '行政村', en: 'Village' }, 'Village', 'villageId', { filter: true }),
  subject: code({ zh: '目标内容', en: 'Subject' }, TARGET_SUBJECTS, 'TargetSubject', { required: true }),
  goal: int({ zh: '目标数', en: 'Goal' }, { min: 0, max: 10_000_000, required: true }),
  dueDate: date({ zh: '完成时限', en: 'Due date' }, { required: true }),
  description: text({ zh: '说明', en: 'Description' }, { maxLength: 500, defaultValue: '' }),
  // a township's or village's target is of the county it lies in (set by the database)
  county: countyOfRecord(),
});

/** Published county indicators (统计公报), kept as published */
export const publishedIndicatorFields = fieldsOf<'publishedIndicator'>()({
  year: int({ zh: '年度', en: 'Year' }, { ...YEAR, ...KEY }),
  indicator: code({ zh: '指标', en: 'Indicator' }, INDICATORS, 'Indicator', {
    required: true,
    filter: true,
    sort: true,
    uniqueConstraint: 'published_indicator_county_id_indicator_year_key',
  }),
  value: decimal({ zh: '数值', en: 'Value' }, { required: true, min: -1e12, max: 1e12 }),
  source: text({ zh: '来源', en: 'Source' }, { maxLength: 500, defaultValue: '' }),
  county: countyOfRecord(),
});
