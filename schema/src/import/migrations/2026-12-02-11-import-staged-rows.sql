create schema import_stage;
--;;
revoke all on schema import_stage from public;
--;;
alter table import_job add column staged jsonb;
