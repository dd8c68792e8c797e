-- A partner unit's pairings found through its cadres' index (issue 13, read F). The same rows as before: the
-- pairings of the unit's cadres. Joined to cadre, the planner read every pairing (a sequential scan, 0.73 ms
-- of CPU a statement on the demo county); `cadre_id = any(array(…))` reads only the unit's, by the index
-- whose first column is cadre_id (0.17 ms), and its cost follows the unit's pairings, not the county's.
create or replace function hub_partner_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.id from cadre_household_pairing p
    where p.cadre_id = any(array(select c.id from cadre c where c.helper_unit_id = nullif(current_setting('hub.helper_unit_id', true), '')::integer));
end $$;
--;;
create or replace function hub_partner_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.household_id from cadre_household_pairing p
    where p.cadre_id = any(array(select c.id from cadre c where c.helper_unit_id = nullif(current_setting('hub.helper_unit_id', true), '')::integer));
end $$;
