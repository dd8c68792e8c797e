-- The audit rows' actors checked in one pass over the statement's new rows (issue 11, point 7): the check of
-- 2026-12-06-24 read its transition table three times (user ids, token ids, then both joined), and an import
-- writes half a million audit rows in one statement, all with the same actor. The distinct actors are read
-- once, then each is locked `for key share` and checked as the foreign keys did: same guarantee for every
-- writer, same error (23503, the constraint's name), a user's failing key reported before a token's.
create or replace function hub_audit_log_actors_exist() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  actor record;
begin
  for actor in select distinct n.actor_user_id as user_id, n.actor_token_id as token_id from new_audit n
      where n.actor_user_id is not null or n.actor_token_id is not null order by 1, 2 loop
    if actor.user_id is not null then
      perform 1 from app_user u where u.id = actor.user_id for key share of u;
      if not found then
        raise exception 'insert or update on table "audit_log" violates foreign key constraint "audit_log_actor_user_id_fkey"'
          using errcode = '23503', table = 'audit_log', constraint = 'audit_log_actor_user_id_fkey',
            detail = format('Key (actor_user_id)=(%s) is not present in table "app_user".', actor.user_id);
      end if;
    end if;
    if actor.token_id is not null then
      perform 1 from api_token t where t.id = actor.token_id for key share of t;
      if not found then
        raise exception 'insert or update on table "audit_log" violates foreign key constraint "audit_log_actor_token_id_fkey"'
          using errcode = '23503', table = 'audit_log', constraint = 'audit_log_actor_token_id_fkey',
            detail = format('Key (actor_token_id)=(%s) is not present in table "api_token".', actor.token_id);
      end if;
    end if;
  end loop;
  return null;
end $$;
