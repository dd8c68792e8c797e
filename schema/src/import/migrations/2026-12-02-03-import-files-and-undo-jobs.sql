
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
