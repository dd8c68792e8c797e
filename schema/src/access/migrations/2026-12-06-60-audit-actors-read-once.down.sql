-- the check of 2026-12-06-24 as it was
create or replace function hub_audit_log_actors_exist() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  bad record;
begin
  perform 1 from app_user u where u.id in (select actor_user_id from new_audit) for key share of u;
  perform 1 from api_token t where t.id in (select actor_token_id from new_audit) for key share of t;
  select n.actor_user_id as user_id, n.actor_token_id as token_id, n.actor_user_id is not null and u.id is null as no_user into bad
    from new_audit n left join app_user u on u.id = n.actor_user_id left join api_token t on t.id = n.actor_token_id
    where (n.actor_user_id is not null and u.id is null) or (n.actor_token_id is not null and t.id is null) limit 1;
  if found then
    raise exception 'insert or update on table "audit_log" violates foreign key constraint "%"',
        case when bad.no_user then 'audit_log_actor_user_id_fkey' else 'audit_log_actor_token_id_fkey' end
      using errcode = '23503', table = 'audit_log',
        constraint = case when bad.no_user then 'audit_log_actor_user_id_fkey' else 'audit_log_actor_token_id_fkey' end,
        detail = case when bad.no_user then format('Key (actor_user_id)=(%s) is not present in table "app_user".', bad.user_id)
          else format('Key (actor_token_id)=(%s) is not present in table "api_token".', bad.token_id) end;
  end if;
  return null;
end $$;
