import { bool, code, codeList, date, decimal, int, PHONE, PHONE_HINT, reference, text, fieldsOf } from '../graph/fields';
import { KEY, YEAR } from '../graph/fieldPresets';
import type { Text } from '../errors';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_DANGER_LEVELS,
  LABOR_ABILITIES,
  POVERTY_CAUSES,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from './codes';

/** A number of the national register (户编号, 人编号): 8 to `maxDigits` digits, unique in the country. */
const registerNumber = (label: Text, maxDigits: number, uniqueConstraint: string) =>
  text(label, {
    maxLength: maxDigits,
    pattern: new RegExp(`^[0-9]{8,${maxDigits}}$`),
    patternHint: { zh: `8 到 ${maxDigits} 位数字`, en: `8 to ${maxDigits} digits` },
    ...KEY,
    uniqueConstraint,
  });

/** 建档立卡贫困户 */
export const householdFields = fieldsOf<'household'>()({
  householdNumber: registerNumber({ zh: '户编号', en: 'Household number' }, 20, 'household_household_number_key'),
  village: reference({ zh: '行政村', en: 'Village' }, 'Village', 'villageId', KEY),
  group: reference({ zh: '村民小组', en: 'Group' }, 'VillageGroup', 'groupId', { filter: true }),
  address: text({ zh: '住址', en: 'Address' }, { maxLength: 200, defaultValue: '' }),
  phone: text({ zh: '联系电话', en: 'Phone' }, { maxLength: 20, pattern: PHONE, patternHint: PHONE_HINT, filter: true, sensitive: true }),
  attribute: code({ zh: '贫困户属性', en: 'Attribute' }, HOUSEHOLD_ATTRIBUTES, 'HouseholdAttribute', {
    ...KEY,
  }),
  status: code({ zh: '脱贫状态', en: 'Status' }, HOUSEHOLD_STATUSES, 'HouseholdStatus', KEY),
  continuedSupport: bool({ zh: '脱贫不脱政策', en: 'Continued support' }, { defaultValue: false }),
  identificationYear: int({ zh: '识别年度', en: 'Identification year' }, { ...YEAR, happened: true, ...KEY }),
  plannedExitYear: int({ zh: '计划脱贫年度', en: 'Planned exit year' }, { ...YEAR, filter: true, sort: true }),
  exitYear: int({ zh: '脱贫年度', en: 'Exit year' }, { ...YEAR, happened: true, filter: true, sort: true }),
  returnYear: int({ zh: '返贫年度', en: 'Year returned to poverty' }, { ...YEAR, happened: true }),
  mainCause: code({ zh: '主要致贫原因', en: 'Main poverty cause' }, POVERTY_CAUSES, 'PovertyCause', {
    ...KEY,
  }),
  secondaryCauses: codeList({ zh: '其他致贫原因', en: 'Secondary causes' }, POVERTY_CAUSES, 'PovertyCause', { filter: true }),
  housingDangerLevel: code({ zh: '危房等级', en: 'Housing danger level' }, HOUSING_DANGER_LEVELS, 'HousingDangerLevel', {
    defaultValue: 'NONE',
  }),
  hasSafeWater: bool({ zh: '饮水安全', en: 'Safe drinking water' }, { defaultValue: false }),
  hasPower: bool({ zh: '通生活用电', en: 'Power' }, { defaultValue: false }),
  hasRoad: bool({ zh: '通硬化路到屯', en: 'Road to the hamlet' }, { defaultValue: false }),
  hasTv: bool({ zh: '有电视信号', en: 'TV' }, { defaultValue: false }),
  arableLandMu: decimal({ zh: '耕地面积（亩）', en: 'Arable land (mu)' }, { min: 0, max: 99999, defaultValue: '0' }),
  forestLandMu: decimal({ zh: '林地面积（亩）', en: 'Forest land (mu)' }, { min: 0, max: 99999, defaultValue: '0' }),
  note: text({ zh: '备注', en: 'Note' }, { maxLength: 2000, defaultValue: '' }),
});

/** 家庭成员 */
export const memberFields = fieldsOf<'member'>()({
  household: reference({ zh: '所属贫困户', en: 'Household' }, 'Household', 'householdId', { required: true, filter: true, sort: true }),
  personNumber: registerNumber({ zh: '人编号', en: 'Person number' }, 24, 'member_person_number_key'),
  residentId: text(
    { zh: '身份证号码', en: 'Resident ID number' },
    {
      maxLength: 18,
      pattern: /^[0-9]{17}[0-9X]$/,
      patternHint: { zh: '17 位数字加校验码', en: '17 digits and a check character' },
      filter: true,
      sensitive: true,
      revealOnly: true,
      uniqueConstraint: 'member_resident_id_key',
    },
  ),
  name: text({ zh: '姓名', en: 'Name' }, { maxLength: 50, ...KEY }),
  sex: code({ zh: '性别', en: 'Sex' }, SEXES, 'Sex', { required: true, filter: true }),
  birthDate: date({ zh: '出生日期', en: 'Birth date' }, { happened: true, ...KEY }),
  ethnicity: code({ zh: '民族', en: 'Ethnicity' }, ETHNICITIES, 'Ethnicity', { required: true, filter: true }),
  relation: code({ zh: '与户主关系', en: 'Relation to the head' }, RELATIONS, 'Relation', { required: true, filter: true }),
  education: code({ zh: '文化程度', en: 'Education' }, EDUCATION_LEVELS, 'EducationLevel', { required: true, filter: true }),
  schoolStatus: code({ zh: '在校生状况', en: 'School status' }, SCHOOL_STATUSES, 'SchoolStatus', {
    defaultValue: 'NOT_IN_SCHOOL',
    filter: true,
  }),
  health: code({ zh: '健康状况', en: 'Health' }, HEALTH_STATUSES, 'HealthStatus', { defaultValue: 'HEALTHY', filter: true, sort: true }),
  laborAbility: code({ zh: '劳动技能', en: 'Labour ability' }, LABOR_ABILITIES, 'LaborAbility', {
    ...KEY,
  }),
  migrantWorkMonths: int({ zh: '务工时间（月）', en: 'Months of migrant work' }, { min: 0, max: 12, defaultValue: 0 }),
  hasMedicalInsurance: bool({ zh: '参加新农合', en: 'Medical insurance' }, { defaultValue: false }),
  hasPension: bool({ zh: '参加养老保险', en: 'Pension' }, { defaultValue: false }),
  phone: text({ zh: '联系电话', en: 'Phone' }, { maxLength: 20, pattern: PHONE, patternHint: PHONE_HINT, sensitive: true }),
});

const money = (zh: string, en: string) => decimal({ zh, en }, { min: 0, max: 9_999_999_999, defaultValue: '0' });

/** 家庭收入, one row per year */
export const householdIncomeFields = fieldsOf<'householdIncome'>()({
  household: reference({ zh: '所属贫困户', en: 'Household' }, 'Household', 'householdId', { required: true, filter: true }),
  year: int({ zh: '年度', en: 'Year' }, { ...YEAR, ...KEY, uniqueConstraint: 'household_income_household_id_year_key' }),
  wages: money('工资性收入', 'Wages'),
  businessIncome: money('生产经营性收入', 'Business income'),
  propertyIncome: money('财产性收入', 'Property income'),
  transferDibao: money('低保金', 'Dibao'),
  transferPension: money('养老金', 'Pension'),
  transferEco: money('生态补偿金', 'Eco-compensation'),
  transferOther: money('其他转移性收入', 'Other transfers'),
  businessExpenses: money('生产经营性支出', 'Business expenses'),
  netIncome: decimal(
    { zh: '家庭纯收入', en: 'Net income' },
    { readOnly: true, required: true, description: 'derived by the database: incomes less business expenses' },
  ),
});
