import { codeTable, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** 贫困户属性 */
export const HOUSEHOLD_ATTRIBUTES = codeTable(codes.HOUSEHOLD_ATTRIBUTES);
export type HouseholdAttribute = CodeOf<typeof HOUSEHOLD_ATTRIBUTES>;

/** 贫困户状态 */
export const HOUSEHOLD_STATUSES = codeTable(codes.HOUSEHOLD_STATUSES);
export type HouseholdStatus = CodeOf<typeof HOUSEHOLD_STATUSES>;

/** 致贫原因 */
export const POVERTY_CAUSES = codeTable(codes.POVERTY_CAUSES);
export type PovertyCause = CodeOf<typeof POVERTY_CAUSES>;

/** 危房等级: C and D are the unsafe grades. */
export const HOUSING_DANGER_LEVELS = codeTable(codes.HOUSING_DANGER_LEVELS);
export type HousingDangerLevel = CodeOf<typeof HOUSING_DANGER_LEVELS>;

export const SEXES = codeTable(codes.SEXES);
export type Sex = CodeOf<typeof SEXES>;

/** 与户主关系 */
export const RELATIONS = codeTable(codes.RELATIONS);
export type Relation = CodeOf<typeof RELATIONS>;

/** 文化程度 */
export const EDUCATION_LEVELS = codeTable(codes.EDUCATION_LEVELS);
export type EducationLevel = CodeOf<typeof EDUCATION_LEVELS>;

/** 在校生状况 */
export const SCHOOL_STATUSES = codeTable(codes.SCHOOL_STATUSES);
export type SchoolStatus = CodeOf<typeof SCHOOL_STATUSES>;

/** 健康状况 */
export const HEALTH_STATUSES = codeTable(codes.HEALTH_STATUSES);
export type HealthStatus = CodeOf<typeof HEALTH_STATUSES>;

/** 劳动技能 */
export const LABOR_ABILITIES = codeTable(codes.LABOR_ABILITIES);
export type LaborAbility = CodeOf<typeof LABOR_ABILITIES>;

/**
 * 民族, GB/T 3304 codes. Lingyun is mostly Zhuang, Han and Yao; the others are listed so that any
 * resident can be recorded.
 */
export const ETHNICITIES = codeTable(codes.ETHNICITIES);
export type Ethnicity = CodeOf<typeof ETHNICITIES>;
