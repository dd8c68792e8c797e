import type { Generated } from 'kysely';
import type { RecordColumns } from '../db/columns';

export interface CountyTable extends RecordColumns {
  code: string;
  name: string;
  /** the day of record; null: today */
  asOf: string | null;
}

export interface TownshipTable extends RecordColumns {
  countyId: number;
  code: string;
  name: string;
}

export interface VillageTable extends RecordColumns {
  townshipId: number;
  code: string;
  name: string;
  ruralPopulation: Generated<number>;
  isPoorVillage: Generated<boolean>;
  plannedExitYear: number | null;
  exitYear: number | null;
}

export interface VillageGroupTable extends RecordColumns {
  villageId: number;
  name: string;
}

export interface DivisionTables {
  county: CountyTable;
  township: TownshipTable;
  village: VillageTable;
  villageGroup: VillageGroupTable;
}
