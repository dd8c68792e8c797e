import { sqlMigration } from '../db/migrationSql';

/**
 * An import's file moves out of its job row onto disk (store.ts): the job keeps its path. A file still held
 * by a job (a preview not yet confirmed) goes with the column: that job says its file is no longer kept, and
 * the clerk uploads it again. An undo runs as a job too (UNDOING), in the background like the import.
 * The statuses are written out, not taken from codes.ts: a migration that has run must never change.
 */
export const importFilesMigration = sqlMigration(
  `
alter table import_job drop column file_bytes, add column file_path text, add column undone_by_user_id integer references app_user(id) on delete set null;
--;;
create index import_job_undone_by_user on import_job (undone_by_user_id);
--;;
alter table import_job drop constraint import_job_status_check;
--;;
alter table import_job add constraint import_job_status_check check (status in ('READING', 'CHECKING', 'PREVIEWED', 'REFUSED', 'WRITING', 'APPLIED', 'FAILED', 'UNDOING', 'UNDONE'));
--;;
drop index import_job_status;
--;;
create index import_job_status on import_job (status) where status in ('READING', 'CHECKING', 'WRITING', 'UNDOING');
`,
  `drop index import_job_status;
--;;
create index import_job_status on import_job (status) where status in ('READING', 'CHECKING', 'WRITING');
--;;
update import_job set status = 'APPLIED' where status = 'UNDOING';
--;;
alter table import_job drop constraint import_job_status_check;
--;;
alter table import_job add constraint import_job_status_check check (status in ('READING', 'CHECKING', 'PREVIEWED', 'REFUSED', 'WRITING', 'APPLIED', 'FAILED', 'UNDONE'));
--;;
drop index import_job_undone_by_user;
--;;
alter table import_job drop column file_path, drop column undone_by_user_id, add column file_bytes bytea;`,
);
