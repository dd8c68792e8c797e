alter table import_job drop column staged;
--;;
drop schema import_stage cascade;
