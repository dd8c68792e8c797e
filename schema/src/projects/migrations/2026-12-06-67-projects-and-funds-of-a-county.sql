-- A project and a fund source are one county's (issue 16): two counties may both number projects from 1, so a
-- project's code is unique within its county; a fund source is the money a county received (a central or
-- regional fund reaches each county by a transfer of its own, with its own document and amount), so the
-- invariant disbursed ≤ allocated ≤ source stays within a county. A project's sites lie in its county, and an
-- allocation joins a source and a project of the same county. Rows before this migration: the county of the
-- project's first site (of the source's first allocated project), else the first county.
alter table project add column county_id integer references county(id) on delete restrict
--;;
update project set county_id = coalesce(
  (select t.county_id from project_site s join village v on v.id = s.village_id join township t on t.id = v.township_id
    where s.project_id = project.id order by s.id limit 1),
  (select min(id) from county))
--;;
alter table project alter column county_id set not null
--;;
create trigger project_county_of_write before insert on project for each row execute function hub_county_of_write()
--;;
alter table project drop constraint project_code_key
--;;
alter table project add constraint project_county_id_code_key unique (county_id, code)
--;;
-- a code looked up across counties (an analyst's filter and sort) still reads an index
create index project_code on project (code)
--;;
alter table fund_source add column county_id integer references county(id) on delete restrict
--;;
update fund_source set county_id = coalesce(
  (select p.county_id from fund_allocation a join project p on p.id = a.project_id where a.fund_source_id = fund_source.id order by a.id limit 1),
  (select min(id) from county))
--;;
alter table fund_source alter column county_id set not null
--;;
create trigger fund_source_county_of_write before insert on fund_source for each row execute function hub_county_of_write()
--;;
create index fund_source_county_id on fund_source (county_id)
--;;
create function hub_check_project_county() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'project_site' then
    if (select county_id from project where id = new.project_id) is distinct from
       (select t.county_id from village v join township t on t.id = v.township_id where v.id = new.village_id) then
      raise exception using errcode = '23514', constraint = 'project_site_in_project_county',
        message = format('village %s is not in the county of project %s', new.village_id, new.project_id);
    end if;
  elsif tg_table_name = 'fund_allocation' then
    if (select county_id from project where id = new.project_id) is distinct from
       (select county_id from fund_source where id = new.fund_source_id) then
      raise exception using errcode = '23514', constraint = 'fund_allocation_same_county',
        message = format('fund source %s and project %s are of different counties', new.fund_source_id, new.project_id);
    end if;
  elsif tg_table_name = 'project' then
    if exists (select 1 from project_site s join village v on v.id = s.village_id join township t on t.id = v.township_id
               where s.project_id = new.id and t.county_id <> new.county_id)
       or exists (select 1 from fund_allocation a join fund_source f on f.id = a.fund_source_id
               where a.project_id = new.id and f.county_id <> new.county_id) then
      raise exception using errcode = '23514', constraint = 'project_site_in_project_county',
        message = format('project %s has sites or funds outside county %s', new.id, new.county_id);
    end if;
  elsif tg_table_name = 'fund_source' then
    if exists (select 1 from fund_allocation a join project p on p.id = a.project_id
               where a.fund_source_id = new.id and p.county_id <> new.county_id) then
      raise exception using errcode = '23514', constraint = 'fund_allocation_same_county',
        message = format('fund source %s is allocated to projects outside county %s', new.id, new.county_id);
    end if;
  end if;
  return null;
end $$
--;;
create constraint trigger project_site_county after insert or update of project_id, village_id on project_site
  deferrable initially deferred for each row execute function hub_check_project_county()
--;;
create constraint trigger fund_allocation_county after insert or update of project_id, fund_source_id on fund_allocation
  deferrable initially deferred for each row execute function hub_check_project_county()
--;;
create constraint trigger project_county after update of county_id on project
  deferrable initially deferred for each row execute function hub_check_project_county()
--;;
create constraint trigger fund_source_county after update of county_id on fund_source
  deferrable initially deferred for each row execute function hub_check_project_county()
