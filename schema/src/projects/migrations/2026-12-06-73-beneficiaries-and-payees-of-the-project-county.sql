-- A project's beneficiaries, and the households and village collectives its money is paid to, are of the
-- project's county (issue 16, left open by 2026-12-06-67): else a county's figures count another county's
-- households, and a clerk's slip names one. Checked as that migration checks sites and allocations, by deferred
-- constraint triggers, so every writer meets it (the grid, the import of the hub's exports, an undo, plain
-- SQL): on the linking row; on a project moved to another county; and on a household, village or township moved
-- to another county while a project of the county it leaves names it (as beneficiary, payee or site). Security
-- definer: the rows are judged as they are, not as far as the writer may read them. Each refusal names its own
-- constraint, which the write path turns into a message on the field at fault.
create function hub_check_project_county_links() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  -- the county the record is of (a project's, or the one a moved division or household is now in)
  county integer;
  -- the villages and households whose project links are checked against it
  villages integer[] := '{}';
  households integer[] := '{}';
  at_fault text;
begin
  if tg_table_name = 'project_beneficiary' then
    county := (select county_id from project where id = new.project_id);
    households := array[new.household_id];
    at_fault := 'project_beneficiary_in_project_county';
  elsif tg_table_name = 'disbursement' then
    county := (select p.county_id from fund_allocation a join project p on p.id = a.project_id where a.id = new.fund_allocation_id);
    if new.payee_household_id is not null then
      households := array[new.payee_household_id];
      at_fault := 'disbursement_payee_household_in_project_county';
    elsif new.payee_village_id is not null then
      villages := array[new.payee_village_id];
      at_fault := 'disbursement_payee_village_in_project_county';
    end if;
  elsif tg_table_name = 'project' then
    if exists (select 1 from project_beneficiary b join household h on h.id = b.household_id join village v on v.id = h.village_id
               join township t on t.id = v.township_id where b.project_id = new.id and t.county_id <> new.county_id)
       or exists (select 1 from disbursement d join fund_allocation a on a.id = d.fund_allocation_id
               left join household h on h.id = d.payee_household_id
               join village v on v.id = coalesce(d.payee_village_id, h.village_id) join township t on t.id = v.township_id
               where a.project_id = new.id and t.county_id <> new.county_id) then
      raise exception using errcode = '23514', constraint = 'project_records_in_project_county',
        message = format('project %s has beneficiaries or payees outside county %s', new.id, new.county_id);
    end if;
    return null;
  else
    -- a household, village or township moved: what it is now in, and what it takes along
    if tg_table_name = 'household' then
      county := (select t.county_id from village v join township t on t.id = v.township_id where v.id = new.village_id);
      households := array[new.id];
    elsif tg_table_name = 'village' then
      county := (select county_id from township where id = new.township_id);
      villages := array[new.id];
    else
      county := new.county_id;
      villages := array(select id from village where township_id = new.id);
    end if;
    households := households || array(select id from household where village_id = any(villages));
    if exists (select 1 from project_site s join project p on p.id = s.project_id
               where s.village_id = any(villages) and p.county_id <> county)
       or exists (select 1 from project_beneficiary b join project p on p.id = b.project_id
               where b.household_id = any(households) and p.county_id <> county)
       or exists (select 1 from disbursement d join fund_allocation a on a.id = d.fund_allocation_id join project p on p.id = a.project_id
               where (d.payee_household_id = any(households) or d.payee_village_id = any(villages)) and p.county_id <> county) then
      raise exception using errcode = '23514', constraint = tg_table_name || '_in_county_of_its_projects',
        message = format('%s %s is a site, beneficiary or payee of projects of another county than %s', tg_table_name, new.id, county);
    end if;
    return null;
  end if;
  -- a beneficiary or a payment: its household or village must lie in the project's county
  if at_fault is not null and county is distinct from (
       select t.county_id from village v join township t on t.id = v.township_id
       where v.id = coalesce(villages[1], (select h.village_id from household h where h.id = households[1]))) then
    raise exception using errcode = '23514', constraint = at_fault,
      message = format('%s %s names a %s outside the county of its project', tg_table_name, new.id,
        case when villages[1] is null then 'household' else 'village' end);
  end if;
  return null;
end $$
--;;
create constraint trigger project_beneficiary_county after insert or update of project_id, household_id on project_beneficiary
  deferrable initially deferred for each row execute function hub_check_project_county_links()
--;;
create constraint trigger disbursement_county after insert or update of fund_allocation_id, payee_household_id, payee_village_id on disbursement
  deferrable initially deferred for each row execute function hub_check_project_county_links()
--;;
-- the project's sites and funds are checked by its trigger of 2026-12-06-67
create constraint trigger project_county_links after update of county_id on project
  deferrable initially deferred for each row execute function hub_check_project_county_links()
--;;
-- moves only: a household's other edits (and an import that writes its village unchanged) queue nothing
create constraint trigger household_county_of_projects after update of village_id on household
  deferrable initially deferred for each row when (old.village_id is distinct from new.village_id)
  execute function hub_check_project_county_links()
--;;
create constraint trigger village_county_of_projects after update of township_id on village
  deferrable initially deferred for each row when (old.township_id is distinct from new.township_id)
  execute function hub_check_project_county_links()
--;;
create constraint trigger township_county_of_projects after update of county_id on township
  deferrable initially deferred for each row when (old.county_id is distinct from new.county_id)
  execute function hub_check_project_county_links()
