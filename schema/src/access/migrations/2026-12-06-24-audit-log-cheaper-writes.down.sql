drop trigger api_token_audit_log_actor on api_token;
--;;
drop trigger app_user_audit_log_actor on app_user;
--;;
drop function hub_audit_log_actor_deleted();
--;;
drop trigger audit_log_actors_exist on audit_log;
--;;
drop function hub_audit_log_actors_exist();
--;;
alter table audit_log
  add constraint audit_log_actor_user_id_fkey foreign key (actor_user_id) references app_user(id) on delete set null,
  add constraint audit_log_actor_token_id_fkey foreign key (actor_token_id) references api_token(id) on delete set null;
--;;
drop index audit_log_actor_token_id;
--;;
create index audit_log_actor_token_id on audit_log (actor_token_id);
--;;
drop index audit_log_at;
--;;
create index audit_log_at on audit_log (at);
