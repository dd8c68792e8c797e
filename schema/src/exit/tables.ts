import type { Generated } from 'kysely';
import type { Decimal, RecordColumns } from '../db/columns';
import type { ExitLevel, ExitMeasure, ExitOperator, ExitThresholdSource } from './codes';

export interface ExitCriteriaSetTable extends RecordColumns {
  level: ExitLevel;
  code: string;
  nameZh: string;
  nameEn: Generated<string>;
  regionCode: string;
  regionName: Generated<string>;
  fromYear: number;
  toYear: number | null;
  active: Generated<boolean>;
  description: Generated<string>;
}

export interface ExitCriterionTable extends RecordColumns {
  criteriaSetId: number;
  level: ExitLevel;
  code: string;
  position: Generated<number>;
  labelZh: string;
  labelEn: Generated<string>;
  description: Generated<string>;
  measure: ExitMeasure | null;
  operator: ExitOperator | null;
  threshold: Decimal | null;
  thresholdSource: Generated<ExitThresholdSource>;
}

export interface ExitTables {
  exitCriteriaSet: ExitCriteriaSetTable;
  exitCriterion: ExitCriterionTable;
}
