drop index household_income_year_desc
--;;
drop trigger pairing_records_moved on cadre_household_pairing
--;;
drop function hub_pairing_records_moved()
--;;
drop trigger household_records_moved on household
--;;
drop function hub_household_records_moved()
--;;
create or replace function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()));
end $$;
--;;
do $$
declare
  placed text[] := array['member', 'household_income', 'cadre_household_pairing', 'visit_log', 'assistance_measure'];
  t text;
begin
  foreach t in array placed loop
    execute format('drop policy hub_read on %I', t);
    execute format('create policy hub_read on %I for select to hub_app using ((select hub_sees_all()) or %s)', t,
      case t when 'member' then 'household_id in (select hub_scope_households())'
        when 'household_income' then 'household_id in (select hub_scope_households())'
        when 'cadre_household_pairing' then 'id in (select hub_scope_pairings())'
        else 'cadre_household_pairing_id in (select hub_scope_pairings())' end);
    execute format('drop trigger %I on %I', t || '_touch', t);
    execute format('create trigger %I before update on %I for each row execute function hub_touch()', t || '_touch', t);
    execute format('drop trigger %I on %I', t || '_place', t);
    execute format('alter table %I drop column village_id', t);
  end loop;
end $$
--;;
drop function hub_place_by_pairing()
--;;
drop function hub_place_by_household()
