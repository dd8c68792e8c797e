import { sqlMigration } from '../db/migrationSql';

/**
 * A preview's staged rows are kept for its apply (staged.ts): the file is read, parsed and checked row by
 * row once, not again when the admin confirms. They live in their own schema, one unlogged table a job
 * (import_stage.job_<id>: dropped whole, never written to the write-ahead log, which a crash may empty —
 * the apply then stages again), out of reach of hub_app (no usage granted on the schema). The job keeps
 * what the staging found beside the rows (its sheets, the row count) and the key they were staged under.
 */
export const importStagedRowsMigration = sqlMigration(
  `
create schema import_stage;
--;;
revoke all on schema import_stage from public;
--;;
alter table import_job add column staged jsonb;
`,
  `alter table import_job drop column staged;
--;;
drop schema import_stage cascade;`,
);
