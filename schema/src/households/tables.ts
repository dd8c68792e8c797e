import type { ColumnType, Generated } from 'kysely';
import type { Decimal, DecimalWithDefault, IsoDate, PlaceColumn, RecordColumns } from '../db/columns';
import type {
  EducationLevel,
  Ethnicity,
  HealthStatus,
  HouseholdAttribute,
  HouseholdStatus,
  HousingDangerLevel,
  LaborAbility,
  PovertyCause,
  Relation,
  SchoolStatus,
  Sex,
} from './codes';

export interface HouseholdTable extends RecordColumns {
  householdNumber: string;
  villageId: number;
  groupId: number | null;
  address: Generated<string>;
  phone: string | null;
  attribute: HouseholdAttribute;
  status: HouseholdStatus;
  continuedSupport: Generated<boolean>;
  identificationYear: number;
  plannedExitYear: number | null;
  exitYear: number | null;
  returnYear: number | null;
  mainCause: PovertyCause;
  secondaryCauses: Generated<PovertyCause[]>;
  housingDangerLevel: Generated<HousingDangerLevel>;
  hasSafeWater: Generated<boolean>;
  hasPower: Generated<boolean>;
  hasRoad: Generated<boolean>;
  hasTv: Generated<boolean>;
  arableLandMu: DecimalWithDefault;
  forestLandMu: DecimalWithDefault;
  note: Generated<string>;
}

export interface MemberTable extends RecordColumns {
  householdId: number;
  villageId: PlaceColumn;
  personNumber: string;
  residentId: string | null;
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  ethnicity: Ethnicity;
  relation: Relation;
  education: EducationLevel;
  schoolStatus: Generated<SchoolStatus>;
  health: Generated<HealthStatus>;
  laborAbility: LaborAbility;
  migrantWorkMonths: Generated<number>;
  hasMedicalInsurance: Generated<boolean>;
  hasPension: Generated<boolean>;
  phone: string | null;
}

export interface HouseholdIncomeTable extends RecordColumns {
  householdId: number;
  villageId: PlaceColumn;
  year: number;
  wages: DecimalWithDefault;
  businessIncome: DecimalWithDefault;
  propertyIncome: DecimalWithDefault;
  transferDibao: DecimalWithDefault;
  transferPension: DecimalWithDefault;
  transferEco: DecimalWithDefault;
  transferOther: DecimalWithDefault;
  businessExpenses: DecimalWithDefault;
  /** derived by the database */
  netIncome: ColumnType<string, never, never>;
}

/**
 * 家庭人口 and what figures group it by, kept by triggers on member and household (migrations 2026-11-29-08,
 * 2026-12-06-03): read-only for the application
 */
export interface HouseholdSizeTable {
  householdId: number;
  members: number;
  /** members with medical insurance, and members who dropped out of school (exit checks) */
  insured: number;
  dropouts: number;
  villageId: number;
  status: HouseholdStatus;
  identificationYear: number;
  exitYear: number | null;
  returnYear: number | null;
  /** the household's land, as on household (migration 2026-12-06-51) */
  arableLandMu: Decimal;
  forestLandMu: Decimal;
}

export interface HouseholdTables {
  household: HouseholdTable;
  householdSize: HouseholdSizeTable;
  member: MemberTable;
  householdIncome: HouseholdIncomeTable;
}
