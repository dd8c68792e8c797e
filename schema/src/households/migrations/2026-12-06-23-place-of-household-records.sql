-- A clerk's scope is villages (security.md). Members, incomes and cadre–household pairings reach theirs
-- through their household, visit logs and assistance measures through their pairing's. Scoped as
-- `household_id in (the scope's households)`, every clerk's statement built a set of all her households
-- (17,000 at ten times the demo) for row-level security and scanned the whole table for her counts (issue 13:
-- her member page took 1.7× an administrator's). Each such record now carries its village, kept by the
-- database alone: set from the household (the pairing) on every insert and every write naming
-- household_id (cadre_household_pairing_id) or village_id, so no writer places a row elsewhere, and moved
-- along when the household changes village. The read policies test it against the clerk's few villages; an
-- index on (village_id, the column the partner's test names) gives her counts as index-only scans. The write
-- policies stay as they were. No foreign key: the village is the household's, whose own key holds it.
do $$
declare
  placed text[] := array['member', 'household_income', 'cadre_household_pairing', 'visit_log', 'assistance_measure'];
  t text;
begin
  foreach t in array placed loop
    execute format('alter table %I add column village_id integer', t);
    -- filling the column is no change of the records: no new versions, no partner change log, no size counts
    execute format('alter table %I disable trigger user', t);
    if t in ('visit_log', 'assistance_measure') then
      execute format('update %I r set village_id = p.village_id from cadre_household_pairing p where p.id = r.cadre_household_pairing_id', t);
    else
      execute format('update %I r set village_id = h.village_id from household h where h.id = r.household_id', t);
    end if;
    execute format('alter table %I enable trigger user', t);
    execute format('alter table %I alter column village_id set not null', t);
  end loop;
end $$
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
-- the incomes list's order (year descending, then id): one year holds a third of the incomes, so the year's
-- index alone made every page, an administrator's or a clerk's, read and sort that third
create index household_income_year_desc on household_income (year desc, id)
--;;
-- security definer: the household (pairing) is read whatever the writer's row security (its foreign key has
-- checked that it exists)
create function hub_place_by_household() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  new.village_id := (select h.village_id from household h where h.id = new.household_id);
  return new;
end $$;
--;;
create function hub_place_by_pairing() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  new.village_id := (select p.village_id from cadre_household_pairing p where p.id = new.cadre_household_pairing_id);
  return new;
end $$;
--;;
-- For each table: the place trigger, and the touch trigger again with a condition. A household's move is no
-- edit of its records: their versions stay (a form open on one still saves). The touch fires unless the
-- village alone changed; a writer naming village_id got the household's back (the place trigger fires first,
-- by name), so any other change still counts. And the read policy by village.
do $$
declare
  placed text[] := array['member', 'household_income', 'cadre_household_pairing', 'visit_log', 'assistance_measure'];
  t text;
  link text;
  partner text;
begin
  foreach t in array placed loop
    link := case when t in ('visit_log', 'assistance_measure') then 'cadre_household_pairing_id' else 'household_id' end;
    partner := case t when 'cadre_household_pairing' then 'id in (select hub_partner_pairings())'
      when 'visit_log' then 'cadre_household_pairing_id in (select hub_partner_pairings())'
      when 'assistance_measure' then 'cadre_household_pairing_id in (select hub_partner_pairings())'
      else 'household_id in (select hub_partner_households())' end;
    execute format('create trigger %I before insert or update of %I, village_id on %I for each row execute function %I()',
      t || '_place', link, t, case link when 'household_id' then 'hub_place_by_household' else 'hub_place_by_pairing' end);
    execute format('drop trigger %I on %I', t || '_touch', t);
    execute format('create trigger %I before update on %I for each row
      when (old.village_id is not distinct from new.village_id or old.%I is distinct from new.%I) execute function hub_touch()',
      t || '_touch', t, link, link);
    execute format('drop policy hub_read on %I', t);
    execute format('create policy hub_read on %I for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or %s)',
      t, partner);
  end loop;
end $$
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
