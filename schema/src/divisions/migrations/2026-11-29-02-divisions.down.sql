drop table village_group;
--;;
drop table village;
--;;
drop table township;
--;;
drop table county;