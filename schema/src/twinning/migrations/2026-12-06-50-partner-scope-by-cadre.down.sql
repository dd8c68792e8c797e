create or replace function hub_partner_pairings() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.id from cadre_household_pairing p join cadre c on c.id = p.cadre_id
    where c.helper_unit_id = nullif(current_setting('hub.helper_unit_id', true), '')::integer;
end $$;
--;;
create or replace function hub_partner_households() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from 'PARTNER' then return; end if;
  return query select p.household_id from cadre_household_pairing p where p.id in (select hub_partner_pairings());
end $$;
