drop policy hub_read on assistance_measure
--;;
create policy hub_read on assistance_measure for select to hub_app using ((select hub_sees_all()) or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
drop policy hub_read on visit_log
--;;
create policy hub_read on visit_log for select to hub_app using ((select hub_sees_all()) or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
drop trigger pairing_records_moved on cadre_household_pairing
--;;
drop function hub_pairing_records_moved()
--;;
drop trigger visit_log_place on visit_log
--;;
drop trigger assistance_measure_place on assistance_measure
--;;
drop function hub_place_by_pairing()
--;;
drop trigger visit_log_touch on visit_log
--;;
create trigger visit_log_touch before update on visit_log for each row execute function hub_touch()
--;;
drop trigger assistance_measure_touch on assistance_measure
--;;
create trigger assistance_measure_touch before update on assistance_measure for each row execute function hub_touch()
--;;
alter table assistance_measure drop column village_id
--;;
alter table visit_log drop column village_id
--;;
drop policy hub_read on cadre_household_pairing
--;;
create policy hub_read on cadre_household_pairing for select to hub_app using ((select hub_sees_all()) or id in (select hub_scope_pairings()))
--;;
drop policy hub_read on household_income
--;;
create policy hub_read on household_income for select to hub_app using ((select hub_sees_all()) or household_id in (select hub_scope_households()))
--;;
drop policy hub_read on member
--;;
create policy hub_read on member for select to hub_app using ((select hub_sees_all()) or household_id in (select hub_scope_households()))
--;;
create or replace function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()));
end $$;
--;;
drop trigger household_records_moved on household
--;;
drop function hub_household_records_moved()
--;;
drop trigger cadre_household_pairing_place on cadre_household_pairing
--;;
drop trigger household_income_place on household_income
--;;
drop trigger member_place on member
--;;
drop function hub_place_by_household()
--;;
drop trigger member_touch on member
--;;
create trigger member_touch before update on member for each row execute function hub_touch()
--;;
drop trigger household_income_touch on household_income
--;;
create trigger household_income_touch before update on household_income for each row execute function hub_touch()
--;;
drop trigger cadre_household_pairing_touch on cadre_household_pairing
--;;
create trigger cadre_household_pairing_touch before update on cadre_household_pairing for each row execute function hub_touch()
--;;
alter table cadre_household_pairing drop column village_id
--;;
alter table household_income drop column village_id
--;;
alter table member drop column village_id
