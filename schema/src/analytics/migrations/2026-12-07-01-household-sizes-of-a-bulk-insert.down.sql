-- as in 2026-12-06-51
create or replace function hub_household_size_new() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu,
      members, insured, dropouts)
    select h.id, h.village_id, h.status, h.identification_year, h.exit_year, h.return_year, h.arable_land_mu, h.forest_land_mu,
      m.members, m.insured, m.dropouts
    from (select household_id, count(*) as members, count(*) filter (where has_medical_insurance) as insured,
            count(*) filter (where school_status = 'DROPPED_OUT') as dropouts
          from new_members group by household_id) m join household h on h.id = m.household_id
    order by h.id
  on conflict (household_id) do update set members = household_size.members + excluded.members,
    insured = household_size.insured + excluded.insured, dropouts = household_size.dropouts + excluded.dropouts;
  return null;
end $$;
--;;
create or replace function hub_household_size_start() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu)
    select id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu from new_households order by id
  on conflict do nothing;
  return null;
end $$;
--;;
drop function hub_household_sizes_settle(integer[])
--;;
drop table household_size_bulk
--;;
drop function hub_household_size_bulk_settled()
