drop trigger viewer_changed_update on api_token
--;;
drop trigger viewer_changed_delete on api_token
--;;
drop trigger viewer_changed_update on user_session
--;;
drop trigger viewer_changed_delete on user_session
--;;
drop trigger viewer_changed on user_scope
--;;
drop trigger viewer_changed on app_user
--;;
drop function hub_viewer_changed()
--;;
drop function hub_viewer_unchanged(bigint)
--;;
drop function hub_viewer_version()
--;;
drop sequence hub_viewer_version
