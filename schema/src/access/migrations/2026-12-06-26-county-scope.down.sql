alter policy hub_insert on household with check ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()))
--;;
alter policy hub_update on household using ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages())) with check ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()))
--;;
alter policy hub_delete on household using ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()))
--;;
alter policy hub_insert on member with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_update on member using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_delete on member using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_insert on household_income with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_update on household_income using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_delete on household_income using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_insert on project_beneficiary with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_update on project_beneficiary using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_delete on project_beneficiary using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_insert on cadre_household_pairing with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_update on cadre_household_pairing using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_delete on cadre_household_pairing using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()))
--;;
alter policy hub_insert on visit_log with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
alter policy hub_update on visit_log using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings())) with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
alter policy hub_delete on visit_log using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
alter policy hub_insert on assistance_measure with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
alter policy hub_update on assistance_measure using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings())) with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
alter policy hub_delete on assistance_measure using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()))
--;;
create or replace function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()));
end $$
--;;
create or replace function hub_clerk_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select h.id from household h where h.village_id = any(array(select hub_clerk_villages()));
end $$
--;;
create or replace function hub_clerk_villages() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select v.id from village v
    where v.township_id = any(hub_setting_ids('hub.township_ids')) or v.id = any(hub_setting_ids('hub.village_ids'));
end $$
--;;
drop function hub_writes_all()
--;;
create or replace function hub_sees_all() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() in ('ADMIN', 'ANALYST'), false)
$$
--;;
drop function hub_scoped_by_division()
--;;
drop index user_scope_county_id
--;;
drop index user_scope_unique
--;;
delete from user_scope where county_id is not null
--;;
alter table user_scope drop constraint user_scope_one_division
--;;
alter table user_scope drop column county_id
--;;
alter table user_scope add constraint user_scope_check check ((township_id is null) <> (village_id is null))
--;;
create unique index user_scope_unique on user_scope (user_id, coalesce(township_id, 0), coalesce(village_id, 0))
