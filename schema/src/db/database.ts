import type { Kysely, Transaction } from 'kysely';
import type { AccessTables } from '../access/tables';
import type { AnalyticsTables } from '../analytics/tables';
import type { DivisionTables } from '../divisions/tables';
import type { ExitTables } from '../exit/tables';
import type { HouseholdTables } from '../households/tables';
import type { ImportTables } from '../import/tables';
import type { ProjectTables } from '../projects/tables';
import type { TwinningTables } from '../twinning/tables';

/** The whole database, as each area declares its tables (camelCase here, snake_case in SQL). */
export interface Database
  extends DivisionTables, HouseholdTables, ProjectTables, TwinningTables, AccessTables, AnalyticsTables, ExitTables, ImportTables {}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** A row by column name, whatever its table: what code over every record type reads and writes. */
export type AnyRow = Record<string, unknown>;

/**
 * The database as code over every record type sees it: tables and columns named by strings that come from
 * field specs. Each table's own types are checked where its record type is written (graph/fields.ts
 * `fieldsOf`, graph/recordType.ts); the generic code asks for this view once, here.
 */
export type AnyTables = Record<string, AnyRow>;

export function byName(db: Kysely<Database>): Kysely<AnyTables> {
  return db as unknown as Kysely<AnyTables>;
}
