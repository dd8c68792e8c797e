import type { Generated } from 'kysely';
import type { Decimal, IsoDate, RecordColumns } from '../db/columns';
import type { Indicator, TargetSubject } from './codes';
import type { HouseholdStatus } from '../households/codes';

export interface PovertyLineTable extends RecordColumns {
  year: number;
  amount: Decimal;
  source: Generated<string>;
}

export interface TargetTable extends RecordColumns {
  /** the county the target is of (a township's or village's: the county it lies in, set by the database) */
  countyId: Generated<number>;
  year: number;
  level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
  townshipId: number | null;
  villageId: number | null;
  subject: TargetSubject;
  goal: number;
  dueDate: IsoDate;
  description: Generated<string>;
}

export interface PublishedIndicatorTable extends RecordColumns {
  /** the county that published it (by default the writer's one county: hub_default_county()) */
  countyId: Generated<number>;
  year: number;
  indicator: Indicator;
  value: Decimal;
  source: Generated<string>;
}

/**
 * Households and people by village × status × years, kept by triggers on household_size (migration
 * 2026-12-06-03): the sum of its rows, read-only for the application
 */
export interface HouseholdTallyTable {
  villageId: number;
  status: HouseholdStatus;
  identificationYear: number;
  exitYear: number | null;
  returnYear: number | null;
  households: number;
  people: number;
  /** the households' land, summed (migration 2026-12-06-51) */
  arableLandMu: Decimal;
  forestLandMu: Decimal;
}

export interface AnalyticsTables {
  povertyLine: PovertyLineTable;
  target: TargetTable;
  publishedIndicator: PublishedIndicatorTable;
  householdTally: HouseholdTallyTable;
}
