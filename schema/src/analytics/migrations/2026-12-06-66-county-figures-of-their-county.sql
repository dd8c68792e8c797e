-- County-level figures name their county (issue 16): a published indicator is one county's, a target is its
-- county's (a township's or village's target: the county its division lies in, set here, never typed). Rows
-- before this migration were the first county's (the demo's are Lingyun's).
alter table published_indicator add column county_id integer references county(id) on delete restrict
--;;
update published_indicator set county_id = (select min(id) from county)
--;;
alter table published_indicator alter column county_id set not null
--;;
create trigger published_indicator_county before insert on published_indicator for each row execute function hub_county_of_write()
--;;
alter table published_indicator drop constraint published_indicator_indicator_year_key
--;;
alter table published_indicator add constraint published_indicator_county_id_indicator_year_key unique (county_id, indicator, year)
--;;
-- an indicator filtered across counties still reads an index
create index published_indicator_indicator on published_indicator (indicator)
--;;
alter table target add column county_id integer references county(id) on delete restrict
--;;
create function hub_target_county() returns trigger language plpgsql as $$
begin
  if new.township_id is not null then
    new.county_id := (select county_id from township where id = new.township_id);
  elsif new.village_id is not null then
    new.county_id := (select t.county_id from village v join township t on t.id = v.township_id where v.id = new.village_id);
  elsif new.county_id is null and tg_op = 'INSERT' then
    new.county_id := hub_default_county();
  end if;
  return new;
end $$
--;;
create trigger target_county before insert or update of county_id, township_id, village_id on target
  for each row execute function hub_target_county()
--;;
update target set county_id = coalesce(
  (select county_id from township where id = target.township_id),
  (select t.county_id from village v join township t on t.id = v.township_id where v.id = target.village_id),
  (select min(id) from county))
--;;
alter table target alter column county_id set not null
--;;
drop index target_unique
--;;
create unique index target_unique on target (county_id, year, subject, level, coalesce(township_id, 0), coalesce(village_id, 0))
--;;
create index target_county_id on target (county_id)
