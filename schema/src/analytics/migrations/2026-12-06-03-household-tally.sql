
-- Figures of a county at ten times the demo in milliseconds (issue 13), kept exact by the database.
--
-- 1. household_size carries what the figures group by (the household's village, status and years) and the
--    member counts exit checks read (insured, dropped out), so that nothing per request counts members.
-- 2. household_tally: households and people by village × status × identification, exit and return year,
--    the sum of household_size's rows. Statement-level triggers with transition tables apply each
--    statement's change in its own transaction, so the tally is always what a count of the rows gives.
-- Keyed by village, so a township, a county or (issue 16) a prefecture groups it with a join on village.
alter table household_size
  add column village_id integer,
  add column status text,
  add column identification_year smallint,
  add column exit_year smallint,
  add column return_year smallint,
  add column insured integer not null default 0 check (insured >= 0),
  add column dropouts integer not null default 0 check (dropouts >= 0)
--;;
update household_size s set village_id = h.village_id, status = h.status, identification_year = h.identification_year,
    exit_year = h.exit_year, return_year = h.return_year,
    insured = coalesce(m.insured, 0), dropouts = coalesce(m.dropouts, 0)
  from household h
  left join (select household_id, count(*) filter (where has_medical_insurance) as insured,
               count(*) filter (where school_status = 'DROPPED_OUT') as dropouts
             from member group by household_id) m on m.household_id = h.id
  where s.household_id = h.id
--;;
alter table household_size
  alter column village_id set not null,
  alter column status set not null,
  alter column identification_year set not null
--;;
-- The counts follow members; the triggers run as the owner, household_size being out of the application's
-- writes (row security below lets it read what it reads of household).
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
create or replace function hub_household_size_old() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  update household_size s set members = s.members - o.members, insured = s.insured - o.insured, dropouts = s.dropouts - o.dropouts
    from (select household_id, count(*) as members, count(*) filter (where has_medical_insurance) as insured,
            count(*) filter (where school_status = 'DROPPED_OUT') as dropouts
          from old_members group by household_id order by household_id) o
    where s.household_id = o.household_id;
  return null;
end $$;
--;;
create or replace function hub_household_size_moved() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  -- only members whose household, insurance or schooling changed, and only households whose counts do
  update household_size s set members = s.members + d.members, insured = s.insured + d.insured, dropouts = s.dropouts + d.dropouts
    from (select household_id, sum(members)::int as members, sum(insured)::int as insured, sum(dropouts)::int as dropouts from (
            select n.household_id, 1 as members, n.has_medical_insurance::int as insured, (n.school_status = 'DROPPED_OUT')::int as dropouts
              from new_members n join old_members o on o.id = n.id
              where (o.household_id, o.has_medical_insurance, o.school_status = 'DROPPED_OUT') is distinct from (n.household_id, n.has_medical_insurance, n.school_status = 'DROPPED_OUT')
            union all
            select o.household_id, -1, -(o.has_medical_insurance::int), -((o.school_status = 'DROPPED_OUT')::int)
              from new_members n join old_members o on o.id = n.id
              where (o.household_id, o.has_medical_insurance, o.school_status = 'DROPPED_OUT') is distinct from (n.household_id, n.has_medical_insurance, n.school_status = 'DROPPED_OUT')) c
          group by household_id having sum(members) <> 0 or sum(insured) <> 0 or sum(dropouts) <> 0 order by household_id) d
    where s.household_id = d.household_id;
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
create function hub_household_size_regrouped() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  update household_size s set village_id = n.village_id, status = n.status, identification_year = n.identification_year,
      exit_year = n.exit_year, return_year = n.return_year
    from new_households n join old_households o on o.id = n.id
    where s.household_id = n.id
      and (o.village_id, o.status, o.identification_year, o.exit_year, o.return_year) is distinct from (n.village_id, n.status, n.identification_year, n.exit_year, n.return_year);
  return null;
end $$;
--;;
create trigger household_size_regrouped after update on household referencing old table as old_households new table as new_households
  for each statement execute function hub_household_size_regrouped();
--;;
alter table household_size enable row level security;
--;;
-- read as the household is read
create policy hub_read on household_size for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or household_id in (select hub_partner_households()));
--;;
create table household_tally (
  village_id integer not null references village(id) on delete restrict,
  status text not null,
  identification_year smallint not null,
  exit_year smallint,
  return_year smallint,
  -- no check on the sums: an upsert's proposed row is a change (−1 household), checked before it is added
  households integer not null,
  people integer not null,
  constraint household_tally_key unique nulls not distinct (village_id, status, identification_year, exit_year, return_year)
);
--;;
insert into household_tally (village_id, status, identification_year, exit_year, return_year, households, people)
  select village_id, status, identification_year, exit_year, return_year, count(*), sum(members) from household_size group by 1, 2, 3, 4, 5
--;;
-- Adds what a statement brought to household_size (+1 a row and its members) and takes off what it took away
-- (transition tables: one grouped statement whatever the rows); groups left without households go. In key
-- order, so concurrent writers lock the same tally rows in the same order.
create function hub_household_tally_apply() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
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
-- the emptied groups the trigger deletes, found without reading the tally
create index household_tally_empty on household_tally (village_id) where households = 0;
--;;
create trigger household_tally_insert after insert on household_size referencing new table as new_sizes
  for each statement execute function hub_household_tally_apply();
--;;
create trigger household_tally_update after update on household_size referencing old table as old_sizes new table as new_sizes
  for each statement execute function hub_household_tally_apply();
--;;
create trigger household_tally_delete after delete on household_size referencing old table as old_sizes
  for each statement execute function hub_household_tally_apply();
--;;
alter table household_tally enable row level security;
--;;
-- a clerk's figures are her villages'; partner units read no county figures
create policy hub_read on household_tally for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()));
