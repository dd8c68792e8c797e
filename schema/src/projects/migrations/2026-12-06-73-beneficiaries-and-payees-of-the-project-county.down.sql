drop trigger township_county_of_projects on township
--;;
drop trigger village_county_of_projects on village
--;;
drop trigger household_county_of_projects on household
--;;
drop trigger disbursement_county on disbursement
--;;
drop trigger project_beneficiary_county on project_beneficiary
--;;
create or replace function hub_check_project_county() returns trigger language plpgsql as $$
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
