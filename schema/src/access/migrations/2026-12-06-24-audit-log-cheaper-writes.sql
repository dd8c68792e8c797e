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
  missing bigint;
begin
  perform 1 from app_user u where u.id in (select actor_user_id from new_audit) for key share of u;
  select n.actor_user_id into missing from new_audit n
    where n.actor_user_id is not null and not exists (select 1 from app_user u where u.id = n.actor_user_id) limit 1;
  if found then
    raise exception 'insert or update on table "audit_log" violates foreign key constraint "audit_log_actor_user_id_fkey"'
      using errcode = '23503', constraint = 'audit_log_actor_user_id_fkey', table = 'audit_log',
        detail = format('Key (actor_user_id)=(%s) is not present in table "app_user".', missing);
  end if;
  perform 1 from api_token t where t.id in (select actor_token_id from new_audit) for key share of t;
  select n.actor_token_id into missing from new_audit n
    where n.actor_token_id is not null and not exists (select 1 from api_token t where t.id = n.actor_token_id) limit 1;
  if found then
    raise exception 'insert or update on table "audit_log" violates foreign key constraint "audit_log_actor_token_id_fkey"'
      using errcode = '23503', constraint = 'audit_log_actor_token_id_fkey', table = 'audit_log',
        detail = format('Key (actor_token_id)=(%s) is not present in table "api_token".', missing);
  end if;
  return null;
end $$;
--;;
create trigger audit_log_actors_exist after insert on audit_log referencing new table as new_audit
  for each statement execute function hub_audit_log_actors_exist();
--;;
-- `on delete set null`, as the foreign keys had it: a deleted user's or token's audit rows lose the link
-- (and keep actor_name). The audit log is append-only, so its own trigger refuses that update, as it refused
-- the foreign key's: a user or token is disabled or revoked, never deleted.
create function hub_audit_log_actor_user_deleted() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  -- (a statement that deleted nothing leaves the log alone, as the per-row foreign key did)
  if exists (select 1 from old_rows) then
    update audit_log set actor_user_id = null where actor_user_id in (select id from old_rows);
  end if;
  return null;
end $$;
--;;
create trigger app_user_audit_log_actor after delete on app_user referencing old table as old_rows
  for each statement execute function hub_audit_log_actor_user_deleted();
--;;
create function hub_audit_log_actor_token_deleted() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
begin
  -- (a statement that deleted nothing leaves the log alone, as the per-row foreign key did)
  if exists (select 1 from old_rows) then
    update audit_log set actor_token_id = null where actor_token_id in (select id from old_rows);
  end if;
  return null;
end $$;
--;;
create trigger api_token_audit_log_actor after delete on api_token referencing old table as old_rows
  for each statement execute function hub_audit_log_actor_token_deleted();
