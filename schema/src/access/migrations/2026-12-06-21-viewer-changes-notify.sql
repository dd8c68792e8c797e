-- Each server process keeps the viewers of recent credentials in memory for a few seconds
-- (access/viewerCache.ts). A change that can narrow what a credential may do tells every process at once,
-- in the transaction that makes it: NOTIFY is delivered at commit, to every process listening on
-- hub_viewer_changed, which then forgets all it kept. Changes that only widen or only mark use (a new
-- session, the sliding expiry, "last used") send nothing.
--
-- The change also advances hub_viewer_version (at once, not at commit: a sequence is not transactional).
-- A read with a viewer from memory checks it in the same round trip (hub_viewer_unchanged) and, when it
-- moved since the viewer was looked up, fails with HV001 and is run again after a lookup: no request is
-- answered with a viewer older than a change committed before it started, whenever the notification arrives.
create sequence hub_viewer_version
--;;
create function hub_viewer_changed() returns trigger language plpgsql as $$
begin
  perform nextval('hub_viewer_version');
  perform pg_notify('hub_viewer_changed', '');
  return null;
end
$$
--;;
-- 0 until the first change (a new sequence's last_value is 1 before any nextval)
create function hub_viewer_version() returns bigint language sql stable as $$
  select case when is_called then last_value else 0 end from hub_viewer_version
$$
--;;
create function hub_viewer_unchanged(known bigint) returns void language plpgsql as $$
begin
  if hub_viewer_version() <> known then
    raise exception 'a user, scope or credential changed since the viewer was looked up' using errcode = 'HV001';
  end if;
end
$$
--;;
create trigger viewer_changed after update or delete on app_user
  for each statement execute function hub_viewer_changed()
--;;
create trigger viewer_changed after insert or update or delete on user_scope
  for each statement execute function hub_viewer_changed()
--;;
-- sign-out and password resets delete sessions; sign-in's sweep of expired ones need not tell anyone
create trigger viewer_changed_delete after delete on user_session
  for each row when (old.expires_at > now()) execute function hub_viewer_changed()
--;;
create trigger viewer_changed_update after update on user_session
  for each row when (new.expires_at < old.expires_at or new.user_id <> old.user_id or new.token_hash <> old.token_hash)
  execute function hub_viewer_changed()
--;;
create trigger viewer_changed_delete after delete on api_token
  for each row execute function hub_viewer_changed()
--;;
create trigger viewer_changed_update after update on api_token
  for each row when (new.revoked_at is distinct from old.revoked_at or new.expires_at < old.expires_at
    or new.user_id <> old.user_id or new.token_hash <> old.token_hash)
  execute function hub_viewer_changed()
