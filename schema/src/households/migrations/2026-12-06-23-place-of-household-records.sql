-- A clerk's scope is villages (security.md), and members, incomes and cadre–household pairings reach theirs
-- through their household (visit logs and assistance measures through their pairing's). Scoping them by `household_id in (the scope's households)` made every clerk's
-- statement build a set of all her households (17,000 at ten times the demo) for row-level security, and
-- her count scan every member in the county (issue 13: her member page took 1.7× an administrator's).
-- Each now carries its household's village (a visit log or measure its pairing's), kept by the database alone: set from the household on every
-- insert and every write that names household_id (cadre_household_pairing_id) or village_id (so no writer can place a row elsewhere),
-- and moved with the household when the household changes village. The read policies then test the village
-- against the clerk's few villages, and an index on (village_id, household_id) serves her scope and counts
-- (an index-only scan: row security's test names both columns; with duplicates folded, it is no larger than
-- the household_id index that served an administrator's count before). The write policies stay as they were.
-- no foreign key: the trigger below copies it from the household, whose own key holds the village
alter table member add column village_id integer
--;;
alter table household_income add column village_id integer
--;;
alter table cadre_household_pairing add column village_id integer
--;;
alter table visit_log add column village_id integer
--;;
alter table assistance_measure add column village_id integer
--;;
-- filling the column is no change of the records: no new versions, no partner change log, no size counts
alter table member disable trigger user
--;;
update member m set village_id = h.village_id from household h where h.id = m.household_id
--;;
alter table member enable trigger user
--;;
alter table household_income disable trigger user
--;;
update household_income i set village_id = h.village_id from household h where h.id = i.household_id
--;;
alter table household_income enable trigger user
--;;
alter table cadre_household_pairing disable trigger user
--;;
update cadre_household_pairing p set village_id = h.village_id from household h where h.id = p.household_id
--;;
alter table cadre_household_pairing enable trigger user
--;;
alter table visit_log disable trigger user
--;;
update visit_log l set village_id = p.village_id from cadre_household_pairing p where p.id = l.cadre_household_pairing_id
--;;
alter table visit_log enable trigger user
--;;
alter table assistance_measure disable trigger user
--;;
update assistance_measure a set village_id = p.village_id from cadre_household_pairing p where p.id = a.cadre_household_pairing_id
--;;
alter table assistance_measure enable trigger user
--;;
alter table member alter column village_id set not null
--;;
alter table household_income alter column village_id set not null
--;;
alter table cadre_household_pairing alter column village_id set not null
--;;
alter table visit_log alter column village_id set not null
--;;
alter table assistance_measure alter column village_id set not null
--;;
create index member_place on member (village_id, household_id)
--;;
create index household_income_place on household_income (village_id, household_id)
--;;
-- a pairing's row security names its id (a partner's pairings), not its household
create index cadre_household_pairing_place on cadre_household_pairing (village_id, id)
--;;
create index visit_log_place on visit_log (village_id, cadre_household_pairing_id)
--;;
create index assistance_measure_place on assistance_measure (village_id, cadre_household_pairing_id)
--;;
-- security definer: the household is read whatever the writer's row security (the foreign key has checked it exists)
create function hub_place_by_household() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  new.village_id := (select h.village_id from household h where h.id = new.household_id);
  return new;
end $$;
--;;
create trigger member_place before insert or update of household_id, village_id on member
  for each row execute function hub_place_by_household();
--;;
create trigger household_income_place before insert or update of household_id, village_id on household_income
  for each row execute function hub_place_by_household();
--;;
create trigger cadre_household_pairing_place before insert or update of household_id, village_id on cadre_household_pairing
  for each row execute function hub_place_by_household();
--;;
create function hub_place_by_pairing() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  new.village_id := (select p.village_id from cadre_household_pairing p where p.id = new.cadre_household_pairing_id);
  return new;
end $$;
--;;
create trigger visit_log_place before insert or update of cadre_household_pairing_id, village_id on visit_log
  for each row execute function hub_place_by_pairing();
--;;
create trigger assistance_measure_place before insert or update of cadre_household_pairing_id, village_id on assistance_measure
  for each row execute function hub_place_by_pairing();
--;;
-- A household's move is no edit of its records: their versions stay (a form open on one still saves). The
-- touch fires unless the village alone changed; a writer naming village_id got the household's back above
-- (the place trigger fires first, by name), so any other change still counts.
drop trigger member_touch on member
--;;
create trigger member_touch before update on member for each row
  when (old.village_id is not distinct from new.village_id or old.household_id is distinct from new.household_id)
  execute function hub_touch()
--;;
drop trigger household_income_touch on household_income
--;;
create trigger household_income_touch before update on household_income for each row
  when (old.village_id is not distinct from new.village_id or old.household_id is distinct from new.household_id)
  execute function hub_touch()
--;;
drop trigger cadre_household_pairing_touch on cadre_household_pairing
--;;
create trigger cadre_household_pairing_touch before update on cadre_household_pairing for each row
  when (old.village_id is not distinct from new.village_id or old.household_id is distinct from new.household_id)
  execute function hub_touch()
--;;
drop trigger visit_log_touch on visit_log
--;;
create trigger visit_log_touch before update on visit_log for each row
  when (old.village_id is not distinct from new.village_id or old.cadre_household_pairing_id is distinct from new.cadre_household_pairing_id)
  execute function hub_touch()
--;;
drop trigger assistance_measure_touch on assistance_measure
--;;
create trigger assistance_measure_touch before update on assistance_measure for each row
  when (old.village_id is not distinct from new.village_id or old.cadre_household_pairing_id is distinct from new.cadre_household_pairing_id)
  execute function hub_touch()
--;;
-- a household that changes village takes its records along, in one statement per table
create function hub_household_records_moved() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if not exists (select 1 from new_households n join old_households o on o.id = n.id where o.village_id <> n.village_id) then
    return null;
  end if;
  update member m set village_id = n.village_id from new_households n join old_households o on o.id = n.id
    where m.household_id = n.id and o.village_id <> n.village_id;
  update household_income i set village_id = n.village_id from new_households n join old_households o on o.id = n.id
    where i.household_id = n.id and o.village_id <> n.village_id;
  update cadre_household_pairing p set village_id = n.village_id from new_households n join old_households o on o.id = n.id
    where p.household_id = n.id and o.village_id <> n.village_id;
  return null;
end $$;
--;;
create trigger household_records_moved after update on household referencing old table as old_households new table as new_households
  for each statement execute function hub_household_records_moved();
--;;
-- and a pairing whose village changed (its household moved, or it names another household) takes its visit
-- logs and measures along
create function hub_pairing_records_moved() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if not exists (select 1 from new_pairings n join old_pairings o on o.id = n.id where o.village_id <> n.village_id) then
    return null;
  end if;
  update visit_log l set village_id = n.village_id from new_pairings n join old_pairings o on o.id = n.id
    where l.cadre_household_pairing_id = n.id and o.village_id <> n.village_id;
  update assistance_measure a set village_id = n.village_id from new_pairings n join old_pairings o on o.id = n.id
    where a.cadre_household_pairing_id = n.id and o.village_id <> n.village_id;
  return null;
end $$;
--;;
create trigger pairing_records_moved after update on cadre_household_pairing referencing old table as old_pairings new table as new_pairings
  for each statement execute function hub_pairing_records_moved();
--;;
-- a clerk's pairings (her visit logs' and measures' writes are checked against them), from the pairing's own village
create or replace function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select p.id from cadre_household_pairing p where p.village_id = any(array(select hub_clerk_villages()));
end $$;
--;;
drop policy hub_read on member
--;;
create policy hub_read on member for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or household_id in (select hub_partner_households()))
--;;
drop policy hub_read on household_income
--;;
create policy hub_read on household_income for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or household_id in (select hub_partner_households()))
--;;
drop policy hub_read on cadre_household_pairing
--;;
create policy hub_read on cadre_household_pairing for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or id in (select hub_partner_pairings()))
--;;
drop policy hub_read on visit_log
--;;
create policy hub_read on visit_log for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or cadre_household_pairing_id in (select hub_partner_pairings()))
--;;
drop policy hub_read on assistance_measure
--;;
create policy hub_read on assistance_measure for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or cadre_household_pairing_id in (select hub_partner_pairings()))
