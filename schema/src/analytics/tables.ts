import type { Generated } from 'kysely';
import type { Decimal, IsoDate, RecordColumns } from '../db/columns';
import type { Indicator, TargetSubject } from './codes';

export interface PovertyLineTable extends RecordColumns {
  year: number;
  amount: Decimal;
  source: Generated<string>;
}

export interface TargetTable extends RecordColumns {
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
  year: number;
  indicator: Indicator;
  value: Decimal;
  source: Generated<string>;
}

export interface AnalyticsTables {
  povertyLine: PovertyLineTable;
  target: TargetTable;
  publishedIndicator: PublishedIndicatorTable;
}
