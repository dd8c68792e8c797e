drop index audit_log_import_job;
--;;
alter table audit_log drop column import_job_id;
--;;
drop table import_job;