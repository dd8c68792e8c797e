import type { ColumnType, Generated } from 'kysely';

/** The village of a record placed through its household (or its pairing's), set by the database (2026-12-06-23): never written by the application. */
export type PlaceColumn = ColumnType<number, never, never>;

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
