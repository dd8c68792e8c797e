import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

export const {
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  POVERTY_CAUSES,
  HOUSING_DANGER_LEVELS,
  SEXES,
  RELATIONS,
  EDUCATION_LEVELS,
  SCHOOL_STATUSES,
  HEALTH_STATUSES,
  LABOR_ABILITIES,
  ETHNICITIES,
} = codeTables(codes);

/** 贫困户属性 */
export type HouseholdAttribute = CodeOf<typeof HOUSEHOLD_ATTRIBUTES>;

/** 贫困户状态 */
export type HouseholdStatus = CodeOf<typeof HOUSEHOLD_STATUSES>;

/** 致贫原因 */
export type PovertyCause = CodeOf<typeof POVERTY_CAUSES>;

/** 危房等级: C and D are the unsafe grades. */
export type HousingDangerLevel = CodeOf<typeof HOUSING_DANGER_LEVELS>;

export type Sex = CodeOf<typeof SEXES>;

/** 与户主关系 */
export type Relation = CodeOf<typeof RELATIONS>;

/** 文化程度 */
export type EducationLevel = CodeOf<typeof EDUCATION_LEVELS>;

/** 在校生状况 */
export type SchoolStatus = CodeOf<typeof SCHOOL_STATUSES>;

/** 健康状况 */
export type HealthStatus = CodeOf<typeof HEALTH_STATUSES>;

/** 劳动技能 */
export type LaborAbility = CodeOf<typeof LABOR_ABILITIES>;

/**
 * 民族, GB/T 3304 codes. Lingyun is mostly Zhuang, Han and Yao; the others are listed so that any
 * resident can be recorded.
 */
export type Ethnicity = CodeOf<typeof ETHNICITIES>;
