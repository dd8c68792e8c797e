
-- Roles belong to the cluster, not the database: another hub database (or a concurrent test run) may have made it.
do $$
begin
  create role hub_app nologin;
exception when duplicate_object or unique_violation then null;
end $$;
--;;
-- The server connects as the owner (or another member of hub_app) and switches to hub_app per request.
do $$
begin
  execute format('grant hub_app to %I', current_user);
exception when duplicate_object or unique_violation then null;
end $$;
--;;
grant usage on schema public to hub_app;
--;;
grant select, insert, update, delete on all tables in schema public to hub_app;
--;;
grant usage, select on all sequences in schema public to hub_app;
--;;
-- tables and sequences later migrations create get the same grants
alter default privileges in schema public grant select, insert, update, delete on tables to hub_app;
--;;
alter default privileges in schema public grant usage, select on sequences to hub_app;
--;;
-- the audit log is append-only for the application; migrations are not its business
revoke update, delete on audit_log from hub_app;
--;;
revoke all on hub_migration, hub_migration_lock from hub_app;
--;;
create function hub_viewer_role() returns text language sql stable as $$
  select nullif(current_setting('hub.viewer_role', true), '')
$$;
--;;
create function hub_sees_all() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() in ('ADMIN', 'ANALYST'), false)
$$;
--;;
create function hub_setting_ids(setting text) returns integer[] language sql stable as $$
  select coalesce(nullif(current_setting(setting, true), '')::integer[], '{}')
$$;
--;;
-- a clerk's villages: those named, and every village of the townships named
create function hub_clerk_villages() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select v.id from village v
    where v.township_id = any(hub_setting_ids('hub.township_ids')) or v.id = any(hub_setting_ids('hub.village_ids'));
end $$;
--;;
create function hub_clerk_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select h.id from household h where h.village_id = any(array(select hub_clerk_villages()));
end $$;
--;;
create function hub_clerk_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'CLERK' then return; end if;
  return query select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()));
end $$;
--;;
-- a partner unit's cadre–household pairings, and the households they reach
create function hub_partner_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.id from cadre_household_pairing p join cadre c on c.id = p.cadre_id
    where c.helper_unit_id = nullif(current_setting('hub.helper_unit_id', true), '')::integer;
end $$;
--;;
create function hub_partner_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.household_id from cadre_household_pairing p where p.id in (select hub_partner_pairings());
end $$;
--;;
create function hub_scope_households() returns setof integer language sql stable as $$
  select hub_clerk_households() union all select hub_partner_households()
$$;
--;;
create function hub_scope_pairings() returns setof integer language sql stable as $$
  select hub_clerk_pairings() union all select hub_partner_pairings()
$$;
--;;
alter table household enable row level security;
--;;
create policy hub_read on household for select to hub_app using ((select hub_sees_all()) or village_id in (select hub_clerk_villages()) or id in (select hub_partner_households()));
--;;
create policy hub_insert on household for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()));
--;;
create policy hub_update on household for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages())) with check ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()));
--;;
create policy hub_delete on household for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or village_id in (select hub_clerk_villages()));
--;;
alter table member enable row level security;
--;;
create policy hub_read on member for select to hub_app using ((select hub_sees_all()) or household_id in (select hub_scope_households()));
--;;
create policy hub_insert on member for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_update on member for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_delete on member for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
alter table household_income enable row level security;
--;;
create policy hub_read on household_income for select to hub_app using ((select hub_sees_all()) or household_id in (select hub_scope_households()));
--;;
create policy hub_insert on household_income for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_update on household_income for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_delete on household_income for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
alter table project_beneficiary enable row level security;
--;;
create policy hub_read on project_beneficiary for select to hub_app using ((select hub_sees_all()) or household_id in (select hub_clerk_households()));
--;;
create policy hub_insert on project_beneficiary for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_update on project_beneficiary for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_delete on project_beneficiary for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
alter table cadre_household_pairing enable row level security;
--;;
create policy hub_read on cadre_household_pairing for select to hub_app using ((select hub_sees_all()) or id in (select hub_scope_pairings()));
--;;
create policy hub_insert on cadre_household_pairing for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_update on cadre_household_pairing for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households())) with check ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
create policy hub_delete on cadre_household_pairing for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or household_id in (select hub_clerk_households()));
--;;
alter table visit_log enable row level security;
--;;
create policy hub_read on visit_log for select to hub_app using ((select hub_sees_all()) or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_insert on visit_log for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_update on visit_log for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings())) with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_delete on visit_log for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
alter table assistance_measure enable row level security;
--;;
create policy hub_read on assistance_measure for select to hub_app using ((select hub_sees_all()) or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_insert on assistance_measure for insert to hub_app with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_update on assistance_measure for update to hub_app using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings())) with check ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
--;;
create policy hub_delete on assistance_measure for delete to hub_app using ((select hub_viewer_role()) = 'ADMIN' or cadre_household_pairing_id in (select hub_scope_pairings()));
