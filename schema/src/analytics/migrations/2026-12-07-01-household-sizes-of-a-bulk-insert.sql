-- The sizes of an import's new households written once, after their members (issue 11, point 7).
--
-- household_size_start inserts a size row a new household (its tally trigger fires for them), then
-- member_size_insert updates each of those rows again by `on conflict do update` (a second version of every
-- row, its foreign key re-checked, the tally updated by a second trigger): at the 10× county 125,873 rows
-- written twice. An import that creates households marks its transaction in household_size_bulk; while the
-- mark is there, a new household gets no size row from household_size_start, members inserted into it are
-- counted by nobody, and members inserted into households that have one (the hub's existing households) are
-- added to it as before. hub_household_sizes_settle(households) then writes the missing rows of the given
-- households from their members as they are, in one insert, and takes the mark off.
--
-- Only the owner writes the mark (hub_app has no privilege on the table, and the triggers read it as the
-- owner), so a request cannot leave sizes unwritten: a setting could be set by any session. Keyed by the
-- top-level transaction, a mark dies with it (rolled back, or deleted by the settle), and a marked
-- transaction cannot commit before its settle (a deferred check). The import settles every household it created.
create table household_size_bulk (
  xact xid8 primary key
);
--;;
revoke all on household_size_bulk from hub_app;
--;;
alter table household_size_bulk enable row level security;
--;;
-- a marked transaction commits only settled: the mark still there at the commit is an error (one check an import)
create function hub_household_size_bulk_settled() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if exists (select 1 from public.household_size_bulk where xact = new.xact) then
    raise exception 'household sizes of a bulk insert were not settled before the commit'
      using errcode = '55000', hint = 'call hub_household_sizes_settle(the households created) before committing';
  end if;
  return null;
end $$;
--;;
create constraint trigger household_size_bulk_settled after insert on household_size_bulk deferrable initially deferred
  for each row execute function hub_household_size_bulk_settled();
--;;
-- as in 2026-12-06-51, unless the transaction is marked
create or replace function hub_household_size_start() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if exists (select 1 from public.household_size_bulk where xact = pg_current_xact_id()) then
    return null;
  end if;
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu)
    select id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu from new_households order by id
  on conflict do nothing;
  return null;
end $$;
--;;
-- as in 2026-12-06-51, unless the transaction is marked: then only the households that have a size row are counted
create or replace function hub_household_size_new() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if exists (select 1 from public.household_size_bulk where xact = pg_current_xact_id()) then
    update household_size s set members = s.members + m.members, insured = s.insured + m.insured, dropouts = s.dropouts + m.dropouts
      from (select household_id, count(*)::int as members, count(*) filter (where has_medical_insurance)::int as insured,
              count(*) filter (where school_status = 'DROPPED_OUT')::int as dropouts
            from new_members group by household_id order by household_id) m
      where s.household_id = m.household_id;
    return null;
  end if;
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
-- The size rows the given households lack, from the households and their members as they are now (a household
-- created in this transaction is seen by no other, so its members are all here), in one insert (one tally
-- trigger); the transaction's mark taken off. A household that has its row is left alone: its row was kept by
-- the triggers. Anyone may call it: it only writes rows that are missing, with what the tables say.
create function hub_household_sizes_settle(households integer[]) returns void language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  delete from public.household_size_bulk where xact = pg_current_xact_id();
  -- the households joined, not tested by `= any (households)`: under a generic plan (the function's sixth call on
  -- a connection) a parameter array may be searched element by element a row; a join stays linear whatever the plan
  insert into household_size (household_id, village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu,
      members, insured, dropouts)
    select h.id, h.village_id, h.status, h.identification_year, h.exit_year, h.return_year, h.arable_land_mu, h.forest_land_mu,
      count(m.id)::int, (count(m.id) filter (where m.has_medical_insurance))::int, (count(m.id) filter (where m.school_status = 'DROPPED_OUT'))::int
    from (select distinct id from unnest(households) as g(id)) g
    join household h on h.id = g.id
    left join member m on m.household_id = h.id
    where not exists (select 1 from household_size s where s.household_id = h.id)
    group by h.id
    order by h.id;
end $$;
