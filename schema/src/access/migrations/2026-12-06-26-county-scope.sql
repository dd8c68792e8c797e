
-- Many counties in one hub (issue 16): an administrator or analyst may be scoped to counties (a county
-- administrator, a county's analyst). user_scope takes a county; row security reads the counties from the
-- transaction-local setting hub.county_ids (access/rowSecurity.ts enterScope). An administrator or analyst with
-- counties reads (and the administrator writes) the records of those counties' villages, as a clerk those of
-- her townships; only an unscoped administrator writes everywhere, an unscoped one of either role reads everything.
alter table user_scope add column county_id integer references county(id) on delete restrict
--;;
alter table user_scope drop constraint user_scope_check
--;;
alter table user_scope add constraint user_scope_one_division check (num_nonnulls(township_id, village_id, county_id) = 1)
--;;
drop index user_scope_unique
--;;
create unique index user_scope_unique on user_scope (user_id, coalesce(township_id, 0), coalesce(village_id, 0), coalesce(county_id, 0))
--;;
create index user_scope_county_id on user_scope (county_id)
--;;
-- whether the viewer's rows are those of her divisions: a clerk's, or a county-scoped administrator's or analyst's
create function hub_scoped_by_division() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() = 'CLERK' or (hub_viewer_role() in ('ADMIN', 'ANALYST') and hub_setting_ids('hub.county_ids') <> '{}'), false)
$$
--;;
create or replace function hub_sees_all() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() in ('ADMIN', 'ANALYST'), false) and hub_setting_ids('hub.county_ids') = '{}'
$$
--;;
-- the administrator of the whole hub: no county scope
create function hub_writes_all() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() = 'ADMIN', false) and hub_setting_ids('hub.county_ids') = '{}'
$$
--;;
-- the viewer's villages: a clerk's (those named, and every village of the townships named), or every village
-- of a county-scoped administrator's or analyst's counties. The name stays: the policies refer to it.
create or replace function hub_clerk_villages() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() = 'CLERK' then
    return query select v.id from village v
      where v.township_id = any(hub_setting_ids('hub.township_ids')) or v.id = any(hub_setting_ids('hub.village_ids'));
  elsif hub_scoped_by_division() then
    return query select v.id from village v join township t on t.id = v.township_id where t.county_id = any(hub_setting_ids('hub.county_ids'));
  end if;
end $$
--;;
create or replace function hub_clerk_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if not hub_scoped_by_division() then return; end if;
  return query select h.id from household h where h.village_id = any(array(select hub_clerk_villages()));
end $$
--;;
create or replace function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if not hub_scoped_by_division() then return; end if;
  return query select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()));
end $$
--;;
-- an analyst's counties are hers to read only; only the whole hub's administrator writes outside a scope
alter policy hub_insert on household with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and village_id in (select hub_clerk_villages())))
--;;
alter policy hub_update on household using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and village_id in (select hub_clerk_villages()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and village_id in (select hub_clerk_villages())))
--;;
alter policy hub_delete on household using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and village_id in (select hub_clerk_villages())))
--;;
alter policy hub_insert on member with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_update on member using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_delete on member using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_insert on household_income with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_update on household_income using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_delete on household_income using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_insert on project_beneficiary with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_update on project_beneficiary using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_delete on project_beneficiary using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_insert on cadre_household_pairing with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_update on cadre_household_pairing using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_delete on cadre_household_pairing using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and household_id in (select hub_clerk_households())))
--;;
alter policy hub_insert on visit_log with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
--;;
alter policy hub_update on visit_log using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
--;;
alter policy hub_delete on visit_log using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
--;;
alter policy hub_insert on assistance_measure with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
--;;
alter policy hub_update on assistance_measure using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings()))) with check ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
--;;
alter policy hub_delete on assistance_measure using ((select hub_writes_all()) or ((select hub_viewer_role()) is distinct from 'ANALYST' and cadre_household_pairing_id in (select hub_scope_pairings())))
