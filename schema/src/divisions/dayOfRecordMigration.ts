import { sqlMigration } from '../db/migrationSql';

/**
 * The county's day of record (数据截至日): the day its records are as of. A county that keeps its records day
 * by day leaves it empty and is read as of today; a county loaded from a report (the demo: Lingyun at
 * mid-2016) sets it, and every figure, alert and export title that needs "as of when" takes it from here.
 */
export const dayOfRecordMigration = sqlMigration(
  `alter table county add column as_of date check (as_of between '2000-01-01' and '2100-12-31')`,
  `alter table county drop column as_of`,
);
