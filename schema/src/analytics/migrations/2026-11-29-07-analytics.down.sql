drop table published_indicator;
--;;
drop table target;
--;;
drop table poverty_line;