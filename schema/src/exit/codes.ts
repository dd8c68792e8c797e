import { codeTable, type CodeOf } from '../db/codeTable';

/** What a criteria set tests: a household (贫困户脱贫) or a poor village (贫困村摘帽). */
export const EXIT_LEVELS = codeTable([
  { value: 'HOUSEHOLD', zh: '贫困户', en: 'Household' },
  { value: 'VILLAGE', zh: '贫困村', en: 'Village' },
]);
export type ExitLevel = CodeOf<typeof EXIT_LEVELS>;

/**
 * The vocabulary a criterion's rule may use (指标): a fixed, whitelisted list, each computed by SQL written
 * in `measures.ts`. A county edits which measures a set uses and their thresholds, never SQL.
 * Household measures start with H_, village measures with V_.
 */
export const EXIT_MEASURES = codeTable([
  { value: 'H_NET_INCOME_PER_CAPITA', zh: '户年人均纯收入（元）', en: 'Per-capita net income of the year (yuan)' },
  { value: 'H_INCOME_OR_DIBAO', zh: '有收入来源或享受低保', en: 'Has income or dibao' },
  { value: 'H_HOUSING_SAFE', zh: '住房安全（非C、D级危房）', en: 'Safe housing (not grade C or D)' },
  { value: 'H_MEDICAL_INSURED_SHARE', zh: '家庭成员参加新农合比例（%）', en: 'Members with medical insurance (%)' },
  { value: 'H_SCHOOL_DROPOUTS', zh: '辍学成员数', en: 'Members who dropped out of school' },
  { value: 'H_HAS_ROAD', zh: '通硬化路到屯', en: 'Road to the hamlet' },
  { value: 'H_HAS_SAFE_WATER', zh: '饮水安全', en: 'Safe drinking water' },
  { value: 'H_HAS_POWER', zh: '通生活用电', en: 'Power' },
  { value: 'H_HAS_TV', zh: '有电视信号', en: 'TV' },
  { value: 'V_POVERTY_INCIDENCE', zh: '年末贫困发生率（%）', en: 'Poverty incidence at the year’s end (%)' },
  { value: 'V_INDUSTRY_PROJECTS', zh: '已完工的产业扶贫项目数', en: 'Completed industry projects at the village' },
  { value: 'V_SAFE_HOUSING_SHARE', zh: '建档立卡户住房安全比例（%）', en: 'Registered households in safe housing (%)' },
  { value: 'V_MEDICAL_INSURED_SHARE', zh: '建档立卡人口参加新农合比例（%）', en: 'Registered people with medical insurance (%)' },
  { value: 'V_SCHOOL_DROPOUTS', zh: '建档立卡人口辍学人数', en: 'Registered people who dropped out of school' },
  { value: 'V_ROAD_SHARE', zh: '建档立卡户通硬化路比例（%）', en: 'Registered households with a road (%)' },
  { value: 'V_SAFE_WATER_SHARE', zh: '建档立卡户饮水安全比例（%）', en: 'Registered households with safe water (%)' },
  { value: 'V_POWER_SHARE', zh: '建档立卡户通电比例（%）', en: 'Registered households with power (%)' },
  { value: 'V_TV_SHARE', zh: '建档立卡户有电视信号比例（%）', en: 'Registered households with TV (%)' },
]);
export type ExitMeasure = CodeOf<typeof EXIT_MEASURES>;

export const levelOfMeasure = (measure: string): ExitLevel => (measure.startsWith('H_') ? 'HOUSEHOLD' : 'VILLAGE');
/** Yes/no measures compare as 1 (yes) and 0 (no). */
export const BOOLEAN_MEASURES: ReadonlySet<string> = new Set([
  'H_INCOME_OR_DIBAO',
  'H_HOUSING_SAFE',
  'H_HAS_ROAD',
  'H_HAS_SAFE_WATER',
  'H_HAS_POWER',
  'H_HAS_TV',
]);

/** How a measure is compared with the threshold. */
export const EXIT_OPERATORS = codeTable([
  { value: 'GT', zh: '大于', en: 'greater than' },
  { value: 'GTE', zh: '大于或等于', en: 'at least' },
  { value: 'LT', zh: '小于', en: 'less than' },
  { value: 'LTE', zh: '小于或等于', en: 'at most' },
  { value: 'EQ', zh: '等于', en: 'equal to' },
  { value: 'NE', zh: '不等于', en: 'not equal to' },
]);
export type ExitOperator = CodeOf<typeof EXIT_OPERATORS>;

/** What the measure is compared with: the threshold typed in, or the poverty line (扶贫标准) of the year checked. */
export const EXIT_THRESHOLD_SOURCES = codeTable([
  { value: 'VALUE', zh: '固定值', en: 'The threshold given' },
  { value: 'POVERTY_LINE', zh: '当年扶贫标准', en: 'The poverty line of the year' },
]);
export type ExitThresholdSource = CodeOf<typeof EXIT_THRESHOLD_SOURCES>;

/** A criterion's result for one household or village. */
export const EXIT_OUTCOMES = codeTable([
  { value: 'PASS', zh: '达标', en: 'Met' },
  { value: 'FAIL', zh: '未达标', en: 'Not met' },
  { value: 'UNKNOWN', zh: '缺少数据', en: 'No data to decide' },
  { value: 'MANUAL', zh: '需人工核验（记录中无此数据）', en: 'Checked by hand: the records hold no data for it' },
]);
export type ExitOutcome = CodeOf<typeof EXIT_OUTCOMES>;
