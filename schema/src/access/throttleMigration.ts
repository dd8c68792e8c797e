import { sqlMigration } from '../db/migrationSql';

/**
 * Sign-in failures, kept in the database rather than in one process's memory: with `serve --workers N` an
 * attacker's attempts land on every worker, and each must count them all (throttle.ts). One row a failure,
 * per account (`user:<lower-case name>`) and per address (`addr:<address>`); rows older than the window are
 * swept as new ones come. Not a record table (no id or version): nothing edits or audits a failure.
 */
export const throttleMigration = sqlMigration(
  `create table sign_in_failure (
    key text not null check (length(key) <= 200),
    failed_at timestamptz not null default now()
  )
--;;
create index sign_in_failure_key on sign_in_failure (key, failed_at)
--;;
create index sign_in_failure_failed_at on sign_in_failure (failed_at)`,
  `drop table sign_in_failure`,
);
