-- The households' land in the tally (issue 13, read E): household_size carries each household's arable and
-- forest land, household_tally their sums by village × status × years, so grouped figures that sum or average
-- land (`householdsStats { sum { arableLandMu } }`) read a few rows a village instead of every household, as
-- counts and people already do. Both columns are NOT NULL (0 by default) on household, so a sum of sums is the
-- sum of the rows and an average is that sum over the households.
alter table household_size
  add column arable_land_mu numeric(8,2) not null default 0,
  add column forest_land_mu numeric(8,2) not null default 0
--;;
update household_size s set arable_land_mu = h.arable_land_mu, forest_land_mu = h.forest_land_mu
  from household h where h.id = s.household_id and (h.arable_land_mu, h.forest_land_mu) <> (0, 0)
--;;
alter table household_tally
  add column arable_land_mu numeric(16,2) not null default 0,
  add column forest_land_mu numeric(16,2) not null default 0
--;;
update household_tally t set arable_land_mu = g.arable_land_mu, forest_land_mu = g.forest_land_mu
  from (select village_id, status, identification_year, exit_year, return_year,
          sum(arable_land_mu) as arable_land_mu, sum(forest_land_mu) as forest_land_mu
        from household_size group by 1, 2, 3, 4, 5) g
  where (t.village_id, t.status, t.identification_year) = (g.village_id, g.status, g.identification_year)
    and t.exit_year is not distinct from g.exit_year and t.return_year is not distinct from g.return_year
--;;
-- as in 2026-12-06-03, with the land: a household's first member may come before its size row
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
create or replace function hub_household_size_regrouped() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  update household_size s set village_id = n.village_id, status = n.status, identification_year = n.identification_year,
      exit_year = n.exit_year, return_year = n.return_year, arable_land_mu = n.arable_land_mu, forest_land_mu = n.forest_land_mu
    from new_households n join old_households o on o.id = n.id
    where s.household_id = n.id
      and (o.village_id, o.status, o.identification_year, o.exit_year, o.return_year, o.arable_land_mu, o.forest_land_mu)
        is distinct from (n.village_id, n.status, n.identification_year, n.exit_year, n.return_year, n.arable_land_mu, n.forest_land_mu);
  return null;
end $$;
--;;
create or replace function hub_household_tally_apply() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  added constant text := 'select village_id, status, identification_year, exit_year, return_year, 1 as households, members as people,
      arable_land_mu, forest_land_mu from new_sizes';
  taken constant text := 'select village_id, status, identification_year, exit_year, return_year, -1 as households, -members as people,
      -arable_land_mu as arable_land_mu, -forest_land_mu as forest_land_mu from old_sizes';
begin
  execute format('insert into household_tally as t (village_id, status, identification_year, exit_year, return_year, households, people,
        arable_land_mu, forest_land_mu)
      select village_id, status, identification_year, exit_year, return_year, sum(households), sum(people), sum(arable_land_mu), sum(forest_land_mu)
      from (%s) c
      group by 1, 2, 3, 4, 5 having sum(households) <> 0 or sum(people) <> 0 or sum(arable_land_mu) <> 0 or sum(forest_land_mu) <> 0
      order by 1, 2, 3, 4, 5
    on conflict on constraint household_tally_key do update set households = t.households + excluded.households,
      people = t.people + excluded.people, arable_land_mu = t.arable_land_mu + excluded.arable_land_mu,
      forest_land_mu = t.forest_land_mu + excluded.forest_land_mu',
    case tg_op when 'INSERT' then added when 'DELETE' then taken else added || ' union all ' || taken end);
  delete from household_tally where households = 0;
  return null;
end $$;
