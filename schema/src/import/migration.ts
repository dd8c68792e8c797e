import { RECORD_COLUMNS, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import { IMPORT_KINDS, IMPORT_STATUSES } from './codes';

/**
 * Imports (导入): one row per file brought in, kept as the import's record (who, when, which file, what it
 * did), and a link from every audit row an import wrote to its job, so that the import can be undone from
 * the audit log. The file's bytes stay on the job until it is applied or undone (a preview is confirmed
 * without uploading again; the marked workbook is made from them).
 */
export const importsMigration = sqlMigration(
  `
create table import_job (${RECORD_COLUMNS},
  list text not null, -- the root list imported into (households, members…)
  kind text not null ${oneOf('kind', IMPORT_KINDS)},
  file_name text not null check (length(file_name) between 1 and 255),
  file_size integer not null check (file_size >= 0),
  file_sha256 char(64) not null,
  file_bytes bytea,
  created_by_user_id integer references app_user(id) on delete set null,
  created_by_name text not null,
  locale text not null default 'zh' check (locale in ('zh', 'en')),
  delete_missing boolean not null default false,
  status text not null ${oneOf('status', IMPORT_STATUSES)},
  progress jsonb not null default '{"rowsTotal": null, "rowsRead": 0, "rowsChecked": 0, "rowsWritten": 0}',
  counts jsonb not null default '[]',
  problem_count integer not null default 0,
  problems jsonb not null default '[]', -- the first problems (see MAX_KEPT_PROBLEMS), each with both languages
  missing jsonb not null default '[]',
  data_date date,
  failure text,
  finished_at timestamptz,
  undone_at timestamptz
);
--;;
${touchTrigger('import_job')}
--;;
create index import_job_created_by on import_job (created_by_user_id, id);
--;;
create index import_job_status on import_job (status) where status in ('READING', 'CHECKING', 'WRITING');
--;;
-- no foreign key: the audit log is append-only, and a job's audit rows outlive anything done to the job
alter table audit_log add column import_job_id integer;
--;;
create index audit_log_import_job on audit_log (import_job_id, id) where import_job_id is not null;
`,
  `drop index audit_log_import_job;
--;;
alter table audit_log drop column import_job_id;
--;;
drop table import_job;`,
);
