-- An import writes one audit row a record (tens of thousands in one statement): what each row costs beyond
-- its bytes is its index entries and, until now, two foreign-key checks fired once a row. Same rows, same
-- meaning, cheaper writes (docs/benchmarks.md, "The apply at half a COPY").
--
-- `at` only grows with `id` (rows are appended, never updated): a BRIN index answers its time ranges at a
-- fraction of a btree's cost per row written.
drop index audit_log_at;
--;;
create index audit_log_at on audit_log using brin (at);
--;;
-- Only a token's writes have an actor_token_id, and the lookup by token (its deletion) never asks for null.
drop index audit_log_actor_token_id;
--;;
create index audit_log_actor_token_id on audit_log (actor_token_id) where actor_token_id is not null;
--;;
-- The actors' foreign keys, checked once a statement instead of once a row: the statement's new rows
-- (a transition table) against app_user and api_token, with the referenced rows locked `for key share`
-- as the foreign key's own check locks them, and the same error (23503, the constraint's name).
alter table audit_log drop constraint audit_log_actor_user_id_fkey, drop constraint audit_log_actor_token_id_fkey;
--;;
create function hub_audit_log_actors_exist() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
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
--;;
create trigger audit_log_actors_exist after insert on audit_log referencing new table as new_audit
  for each statement execute function hub_audit_log_actors_exist();
--;;
-- `on delete set null`, as the foreign keys had it: a deleted user's or token's audit rows lose the link
-- (and keep actor_name). The audit log is append-only, so its own trigger refuses that update, as it refused
-- the foreign key's: a user or token is disabled or revoked, never deleted. The trigger's argument names the
-- column; a statement that deleted nothing leaves the log alone, as the per-row foreign key did.
create function hub_audit_log_actor_deleted() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  if exists (select 1 from old_rows) then
    execute format('update audit_log set %I = null where %I in (select id from old_rows)', tg_argv[0], tg_argv[0]);
  end if;
  return null;
end $$;
--;;
create trigger app_user_audit_log_actor after delete on app_user referencing old table as old_rows
  for each statement execute function hub_audit_log_actor_deleted('actor_user_id');
--;;
create trigger api_token_audit_log_actor after delete on api_token referencing old table as old_rows
  for each statement execute function hub_audit_log_actor_deleted('actor_token_id');
