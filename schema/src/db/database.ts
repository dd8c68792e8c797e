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
