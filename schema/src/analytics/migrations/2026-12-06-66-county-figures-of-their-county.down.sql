drop index target_county_id
--;;
drop index target_unique
--;;
create unique index target_unique on target (year, subject, level, coalesce(township_id, 0), coalesce(village_id, 0))
--;;
drop trigger target_county on target
--;;
drop function hub_target_county()
--;;
alter table target drop column county_id
--;;
drop trigger published_indicator_county on published_indicator
--;;
drop index published_indicator_indicator
--;;
alter table published_indicator drop constraint published_indicator_county_id_indicator_year_key
--;;
alter table published_indicator add constraint published_indicator_indicator_year_key unique (indicator, year)
--;;
alter table published_indicator drop column county_id
