-- Each server process keeps the viewers of recent credentials in memory for a few seconds
-- (access/viewerCache.ts). A change that can narrow what a credential may do tells every process at once,
-- in the transaction that makes it: NOTIFY is delivered at commit, to every process listening on
-- hub_viewer_changed, which then forgets all it kept. Changes that only widen or only mark use (a new
-- session, the sliding expiry, "last used") send nothing.
create function hub_viewer_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('hub_viewer_changed', '');
  return null;
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
