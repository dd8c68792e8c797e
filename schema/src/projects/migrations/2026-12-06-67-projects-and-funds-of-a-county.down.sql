drop trigger fund_source_county on fund_source
--;;
drop trigger project_county on project
--;;
drop trigger fund_allocation_county on fund_allocation
--;;
drop trigger project_site_county on project_site
--;;
drop function hub_check_project_county()
--;;
drop trigger fund_source_county_of_write on fund_source
--;;
drop trigger project_county_of_write on project
--;;
drop index fund_source_county_id
--;;
alter table fund_source drop column county_id
--;;
drop index project_code
--;;
alter table project drop constraint project_county_id_code_key
--;;
alter table project add constraint project_code_key unique (code)
--;;
alter table project drop column county_id
