import type { ColumnType, Generated } from 'kysely';

/** The columns every record table has (written out in each table's migration). */
export interface RecordColumns {
  id: Generated<number>;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

/** numeric: read as an exact decimal string, written from a string or a safe number. */
export type Decimal = ColumnType<string, string | number, string | number>;
export type DecimalWithDefault = ColumnType<string, string | number | undefined, string | number>;
/** date: read and written as an ISO date string (YYYY-MM-DD); the drivers are told not to make Dates of them. */
export type IsoDate = string;
