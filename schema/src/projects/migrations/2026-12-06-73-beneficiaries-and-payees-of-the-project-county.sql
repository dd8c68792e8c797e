-- A project's beneficiaries, and the households and village collectives its money is paid to, are of the
-- project's county (issue 16, left open by 2026-12-06-67): else a county's figures count another county's
-- households, and a clerk's slip names one. Checked as that migration checks sites and allocations, by the same
-- deferred constraint trigger function, so every writer meets it (the grid, the import of the hub's exports, an
-- undo, plain SQL): on the linking row; on a project moved to another county; and on a household, village or
-- township moved to another county while a project of the county it leaves names it. Security definer: the
-- rows are judged as they are, not as far as the writer may read them. Each refusal names its own constraint,
-- which the write path turns into a message on the field at fault.
create or replace function hub_check_project_county() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  county integer;
  villages integer[];
  households integer[];
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
  elsif tg_table_name = 'project_beneficiary' then
    if (select county_id from project where id = new.project_id) is distinct from
       (select t.county_id from household h join village v on v.id = h.village_id join township t on t.id = v.township_id
         where h.id = new.household_id) then
      raise exception using errcode = '23514', constraint = 'project_beneficiary_in_project_county',
        message = format('household %s is not in the county of project %s', new.household_id, new.project_id);
    end if;
  elsif tg_table_name = 'disbursement' then
    county := (select p.county_id from fund_allocation a join project p on p.id = a.project_id where a.id = new.fund_allocation_id);
    if new.payee_household_id is not null and county is distinct from
       (select t.county_id from household h join village v on v.id = h.village_id join township t on t.id = v.township_id
         where h.id = new.payee_household_id) then
      raise exception using errcode = '23514', constraint = 'disbursement_payee_household_in_project_county',
        message = format('payee household %s is not in the county of the project of allocation %s', new.payee_household_id, new.fund_allocation_id);
    end if;
    if new.payee_village_id is not null and county is distinct from
       (select t.county_id from village v join township t on t.id = v.township_id where v.id = new.payee_village_id) then
      raise exception using errcode = '23514', constraint = 'disbursement_payee_village_in_project_county',
        message = format('payee village %s is not in the county of the project of allocation %s', new.payee_village_id, new.fund_allocation_id);
    end if;
  elsif tg_table_name = 'project' then
    if exists (select 1 from project_site s join village v on v.id = s.village_id join township t on t.id = v.township_id
               where s.project_id = new.id and t.county_id <> new.county_id)
       or exists (select 1 from fund_allocation a join fund_source f on f.id = a.fund_source_id
               where a.project_id = new.id and f.county_id <> new.county_id)
       or exists (select 1 from project_beneficiary b join household h on h.id = b.household_id join village v on v.id = h.village_id
               join township t on t.id = v.township_id where b.project_id = new.id and t.county_id <> new.county_id)
       or exists (select 1 from disbursement d join fund_allocation a on a.id = d.fund_allocation_id
               left join household h on h.id = d.payee_household_id
               join village v on v.id = coalesce(d.payee_village_id, h.village_id) join township t on t.id = v.township_id
               where a.project_id = new.id and t.county_id <> new.county_id) then
      raise exception using errcode = '23514', constraint = 'project_records_in_project_county',
        message = format('project %s has sites, funds, beneficiaries or payees outside county %s', new.id, new.county_id);
    end if;
  elsif tg_table_name = 'fund_source' then
    if exists (select 1 from fund_allocation a join project p on p.id = a.project_id
               where a.fund_source_id = new.id and p.county_id <> new.county_id) then
      raise exception using errcode = '23514', constraint = 'fund_allocation_same_county',
        message = format('fund source %s is allocated to projects outside county %s', new.id, new.county_id);
    end if;
  else
    -- a household, village or township moved: the county it is now in, and the villages and households it takes along
    if tg_table_name = 'household' then
      county := (select t.county_id from village v join township t on t.id = v.township_id where v.id = new.village_id);
      villages := '{}';
      households := array[new.id];
    elsif tg_table_name = 'village' then
      county := (select county_id from township where id = new.township_id);
      villages := array[new.id];
      households := array(select id from household where village_id = new.id);
    else
      county := new.county_id;
      villages := array(select id from village where township_id = new.id);
      households := array(select id from household where village_id = any(villages));
    end if;
    if exists (select 1 from project_site s join project p on p.id = s.project_id
               where s.village_id = any(villages) and p.county_id <> county)
       or exists (select 1 from project_beneficiary b join project p on p.id = b.project_id
               where b.household_id = any(households) and p.county_id <> county)
       or exists (select 1 from disbursement d join fund_allocation a on a.id = d.fund_allocation_id join project p on p.id = a.project_id
               where (d.payee_household_id = any(households) or d.payee_village_id = any(villages)) and p.county_id <> county) then
      raise exception using errcode = '23514', constraint = tg_table_name || '_in_county_of_its_projects',
        message = format('%s %s is a site, beneficiary or payee of projects of another county than %s', tg_table_name, new.id, county);
    end if;
  end if;
  return null;
end $$
--;;
create constraint trigger project_beneficiary_county after insert or update of project_id, household_id on project_beneficiary
  deferrable initially deferred for each row execute function hub_check_project_county()
--;;
create constraint trigger disbursement_county after insert or update of fund_allocation_id, payee_household_id, payee_village_id on disbursement
  deferrable initially deferred for each row execute function hub_check_project_county()
--;;
-- moves only: a household's other edits (and an import that writes its village unchanged) queue nothing
create constraint trigger household_county_of_projects after update of village_id on household
  deferrable initially deferred for each row when (old.village_id is distinct from new.village_id)
  execute function hub_check_project_county()
--;;
create constraint trigger village_county_of_projects after update of township_id on village
  deferrable initially deferred for each row when (old.township_id is distinct from new.township_id)
  execute function hub_check_project_county()
--;;
create constraint trigger township_county_of_projects after update of county_id on township
  deferrable initially deferred for each row when (old.county_id is distinct from new.county_id)
  execute function hub_check_project_county()
