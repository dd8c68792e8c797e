-- The county a new county-level record belongs to when its writer names none (issue 16): the writer's one
-- county (a county administrator's, or the county of a clerk's townships and villages), else the hub's only
-- county. Null when that is not one county (the whole hub's administrator of several counties must say which):
-- the column's NOT NULL then refuses the row. Given as the county of a new row that names none (null or left out:
-- a form's untouched field), by the trigger function hub_county_of_write().
create function hub_default_county() returns integer language sql stable as $$
  select case when count(distinct c) = 1 then min(c)
              when count(*) = 0 then (select min(id) from county having count(*) = 1) end
  from (
    select unnest(hub_setting_ids('hub.county_ids')) as c
    union all select t.county_id from township t where t.id = any(hub_setting_ids('hub.township_ids'))
    union all select t.county_id from village v join township t on t.id = v.township_id where v.id = any(hub_setting_ids('hub.village_ids'))
  ) viewer_counties
$$
--;;
create function hub_county_of_write() returns trigger language plpgsql as $$
begin
  if new.county_id is null then
    new.county_id := hub_default_county();
  end if;
  return new;
end $$
