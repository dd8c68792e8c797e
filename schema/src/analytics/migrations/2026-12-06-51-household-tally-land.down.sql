create or replace function hub_household_size_new() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year, members, insured, dropouts)
    select h.id, h.village_id, h.status, h.identification_year, h.exit_year, h.return_year, m.members, m.insured, m.dropouts
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
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year)
    select id, village_id, status, identification_year, exit_year, return_year from new_households order by id
  on conflict do nothing;
  return null;
end $$;
--;;
create or replace function hub_household_size_regrouped() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  update household_size s set village_id = n.village_id, status = n.status, identification_year = n.identification_year,
      exit_year = n.exit_year, return_year = n.return_year
    from new_households n join old_households o on o.id = n.id
    where s.household_id = n.id
      and (o.village_id, o.status, o.identification_year, o.exit_year, o.return_year) is distinct from (n.village_id, n.status, n.identification_year, n.exit_year, n.return_year);
  return null;
end $$;
--;;
create or replace function hub_household_tally_apply() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  added constant text := 'select village_id, status, identification_year, exit_year, return_year, 1 as households, members as people from new_sizes';
  taken constant text := 'select village_id, status, identification_year, exit_year, return_year, -1 as households, -members as people from old_sizes';
begin
  execute format('insert into household_tally as t (village_id, status, identification_year, exit_year, return_year, households, people)
      select village_id, status, identification_year, exit_year, return_year, sum(households), sum(people) from (%s) c
      group by 1, 2, 3, 4, 5 having sum(households) <> 0 or sum(people) <> 0 order by 1, 2, 3, 4, 5
    on conflict on constraint household_tally_key do update set households = t.households + excluded.households, people = t.people + excluded.people',
    case tg_op when 'INSERT' then added when 'DELETE' then taken else added || ' union all ' || taken end);
  delete from household_tally where households = 0;
  return null;
end $$;
--;;
alter table household_tally drop column arable_land_mu, drop column forest_land_mu
--;;
alter table household_size drop column arable_land_mu, drop column forest_land_mu
