
create table twinning_change (
  helper_unit_id integer not null, -- no foreign key: the log outlives a removed unit until it is pruned
  xid xid8 not null default pg_current_xact_id(),
  record_type text not null,
  record_id integer not null,
  at timestamptz not null default now(),
  -- one row per unit, transaction and record; also the readers' index, in their order
  primary key (helper_unit_id, xid, record_type, record_id)
);
--;;
create index twinning_change_at on twinning_change (at);
--;;
-- Pruning forgets every change of transactions up to this one: older cursors must start again from a snapshot.
create table twinning_change_horizon (
  only_row boolean primary key default true check (only_row),
  pruned_through xid8 not null
);
--;;
insert into twinning_change_horizon (pruned_through) values ('0');
--;;
create function hub_prune_twinning_changes(keep interval) returns bigint language plpgsql as $$
declare
  through xid8;
  removed bigint;
begin
  select max(xid) into through from twinning_change where at < now() - keep;
  if through is null then
    return 0;
  end if;
  update twinning_change_horizon set pruned_through = greatest(pruned_through, through);
  delete from twinning_change where xid <= through;
  get diagnostics removed = row_count;
  return removed;
end $$;
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_helper_unit() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.id as unit, 'HelperUnit' as record_type, r.id as record_id from new_rows r) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.id as unit, 'HelperUnit' as record_type, r.id as record_id from old_rows r) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.id as unit, 'HelperUnit' as record_type, r.id as record_id from (select * from old_rows union all select * from new_rows) r) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger helper_unit_log_insert after insert on helper_unit referencing new table as new_rows for each statement execute function hub_log_helper_unit();
--;;
create trigger helper_unit_log_update after update on helper_unit referencing old table as old_rows new table as new_rows for each statement execute function hub_log_helper_unit();
--;;
create trigger helper_unit_log_delete after delete on helper_unit referencing old table as old_rows for each statement execute function hub_log_helper_unit();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_cadre() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  if tg_op <> 'UPDATE' then
    perform pg_advisory_xact_lock(45102705);
  elsif exists (select 1 from old_rows o join new_rows n on n.id = o.id where o.helper_unit_id <> n.helper_unit_id) then
    perform pg_advisory_xact_lock(45102705);
  else
    perform pg_advisory_xact_lock_shared(45102705);
  end if;
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'Cadre' as record_type, r.id as record_id from new_rows r) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
        select r.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, w.id as record_id from new_rows r join work_team_assignment w on w.cadre_id = r.id
        union all select * from (with p as (select p.id, p.household_id, r.helper_unit_id as unit from new_rows r join cadre_household_pairing p on p.cadre_id = r.id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'Cadre' as record_type, r.id as record_id from old_rows r) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
        select r.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, w.id as record_id from old_rows r join work_team_assignment w on w.cadre_id = r.id
        union all select * from (with p as (select p.id, p.household_id, r.helper_unit_id as unit from old_rows r join cadre_household_pairing p on p.cadre_id = r.id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'Cadre' as record_type, r.id as record_id from (select * from old_rows union all select * from new_rows) r) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
        select r.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, w.id as record_id from (select o.* from old_rows o join new_rows n on n.id = o.id where o.helper_unit_id <> n.helper_unit_id union all select n.* from old_rows o join new_rows n on n.id = o.id where o.helper_unit_id <> n.helper_unit_id) r join work_team_assignment w on w.cadre_id = r.id
        union all select * from (with p as (select p.id, p.household_id, r.helper_unit_id as unit from (select o.* from old_rows o join new_rows n on n.id = o.id where o.helper_unit_id <> n.helper_unit_id union all select n.* from old_rows o join new_rows n on n.id = o.id where o.helper_unit_id <> n.helper_unit_id) r join cadre_household_pairing p on p.cadre_id = r.id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger cadre_log_insert after insert on cadre referencing new table as new_rows for each statement execute function hub_log_cadre();
--;;
create trigger cadre_log_update after update on cadre referencing old table as old_rows new table as new_rows for each statement execute function hub_log_cadre();
--;;
create trigger cadre_log_delete after delete on cadre referencing old table as old_rows for each statement execute function hub_log_cadre();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_unit_village_pairing() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'UnitVillagePairing' as record_type, r.id as record_id from new_rows r) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'UnitVillagePairing' as record_type, r.id as record_id from old_rows r) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select r.helper_unit_id as unit, 'UnitVillagePairing' as record_type, r.id as record_id from (select * from old_rows union all select * from new_rows) r) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger unit_village_pairing_log_insert after insert on unit_village_pairing referencing new table as new_rows for each statement execute function hub_log_unit_village_pairing();
--;;
create trigger unit_village_pairing_log_update after update on unit_village_pairing referencing old table as old_rows new table as new_rows for each statement execute function hub_log_unit_village_pairing();
--;;
create trigger unit_village_pairing_log_delete after delete on unit_village_pairing referencing old table as old_rows for each statement execute function hub_log_unit_village_pairing();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_work_team_assignment() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, r.id as record_id from new_rows r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, r.id as record_id from old_rows r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, r.id as record_id from (select * from old_rows union all select * from new_rows) r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger work_team_assignment_log_insert after insert on work_team_assignment referencing new table as new_rows for each statement execute function hub_log_work_team_assignment();
--;;
create trigger work_team_assignment_log_update after update on work_team_assignment referencing old table as old_rows new table as new_rows for each statement execute function hub_log_work_team_assignment();
--;;
create trigger work_team_assignment_log_delete after delete on work_team_assignment referencing old table as old_rows for each statement execute function hub_log_work_team_assignment();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_cadre_household_pairing() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  if tg_op <> 'UPDATE' then
    perform pg_advisory_xact_lock(45102705);
  elsif exists (select 1 from old_rows o join new_rows n on n.id = o.id where (o.cadre_id, o.household_id) <> (n.cadre_id, n.household_id)) then
    perform pg_advisory_xact_lock(45102705);
  else
    perform pg_advisory_xact_lock_shared(45102705);
  end if;
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'CadreHouseholdPairing' as record_type, r.id as record_id from new_rows r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select * from (with p as (select r.id, r.household_id, c.helper_unit_id as unit from new_rows r join cadre c on c.id = r.cadre_id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'CadreHouseholdPairing' as record_type, r.id as record_id from old_rows r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select * from (with p as (select r.id, r.household_id, c.helper_unit_id as unit from old_rows r join cadre c on c.id = r.cadre_id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select c.helper_unit_id as unit, 'CadreHouseholdPairing' as record_type, r.id as record_id from (select * from old_rows union all select * from new_rows) r join cadre c on c.id = r.cadre_id) e
    on conflict do nothing;
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (select * from (with p as (select r.id, r.household_id, c.helper_unit_id as unit from (select o.* from old_rows o join new_rows n on n.id = o.id where (o.cadre_id, o.household_id) <> (n.cadre_id, n.household_id) union all select n.* from old_rows o join new_rows n on n.id = o.id where (o.cadre_id, o.household_id) <> (n.cadre_id, n.household_id)) r join cadre c on c.id = r.cadre_id) 
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from p
  union all select unit, 'Household', household_id from p
  union all select p.unit, 'Member', m.id from p p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from p p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from p p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from p p join assistance_measure a on a.cadre_household_pairing_id = p.id) reached) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger cadre_household_pairing_log_insert after insert on cadre_household_pairing referencing new table as new_rows for each statement execute function hub_log_cadre_household_pairing();
--;;
create trigger cadre_household_pairing_log_update after update on cadre_household_pairing referencing old table as old_rows new table as new_rows for each statement execute function hub_log_cadre_household_pairing();
--;;
create trigger cadre_household_pairing_log_delete after delete on cadre_household_pairing referencing old table as old_rows for each statement execute function hub_log_cadre_household_pairing();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_assistance_measure() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'AssistanceMeasure' as record_type, r.id as record_id
  from new_rows r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'AssistanceMeasure' as record_type, r.id as record_id
  from old_rows r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'AssistanceMeasure' as record_type, r.id as record_id
  from (select * from old_rows union all select * from new_rows) r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger assistance_measure_log_insert after insert on assistance_measure referencing new table as new_rows for each statement execute function hub_log_assistance_measure();
--;;
create trigger assistance_measure_log_update after update on assistance_measure referencing old table as old_rows new table as new_rows for each statement execute function hub_log_assistance_measure();
--;;
create trigger assistance_measure_log_delete after delete on assistance_measure referencing old table as old_rows for each statement execute function hub_log_assistance_measure();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_visit_log() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'VisitLog' as record_type, r.id as record_id
  from new_rows r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'VisitLog' as record_type, r.id as record_id
  from old_rows r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'VisitLog' as record_type, r.id as record_id
  from (select * from old_rows union all select * from new_rows) r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger visit_log_log_insert after insert on visit_log referencing new table as new_rows for each statement execute function hub_log_visit_log();
--;;
create trigger visit_log_log_update after update on visit_log referencing old table as old_rows new table as new_rows for each statement execute function hub_log_visit_log();
--;;
create trigger visit_log_log_delete after delete on visit_log referencing old table as old_rows for each statement execute function hub_log_visit_log();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_household() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Household' as record_type, r.id as record_id
  from new_rows r join cadre_household_pairing p on p.household_id = r.id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Household' as record_type, r.id as record_id
  from old_rows r join cadre_household_pairing p on p.household_id = r.id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Household' as record_type, r.id as record_id
  from (select * from old_rows union all select * from new_rows) r join cadre_household_pairing p on p.household_id = r.id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger household_log_insert after insert on household referencing new table as new_rows for each statement execute function hub_log_household();
--;;
create trigger household_log_update after update on household referencing old table as old_rows new table as new_rows for each statement execute function hub_log_household();
--;;
create trigger household_log_delete after delete on household referencing old table as old_rows for each statement execute function hub_log_household();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_member() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Member' as record_type, r.id as record_id
  from new_rows r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Member' as record_type, r.id as record_id
  from old_rows r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'Member' as record_type, r.id as record_id
  from (select * from old_rows union all select * from new_rows) r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger member_log_insert after insert on member referencing new table as new_rows for each statement execute function hub_log_member();
--;;
create trigger member_log_update after update on member referencing old table as old_rows new table as new_rows for each statement execute function hub_log_member();
--;;
create trigger member_log_delete after delete on member referencing old table as old_rows for each statement execute function hub_log_member();
--;;

-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_household_income() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('hub.bulk_load', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  perform pg_advisory_xact_lock_shared(45102705);
  if tg_op = 'INSERT' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'HouseholdIncome' as record_type, r.id as record_id
  from new_rows r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'HouseholdIncome' as record_type, r.id as record_id
  from old_rows r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  else
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (
  select c.helper_unit_id as unit, 'HouseholdIncome' as record_type, r.id as record_id
  from (select * from old_rows union all select * from new_rows) r join cadre_household_pairing p on p.household_id = r.household_id join cadre c on c.id = p.cadre_id) e
    on conflict do nothing;
  end if;
  return null;
end $$;
--;;
create trigger household_income_log_insert after insert on household_income referencing new table as new_rows for each statement execute function hub_log_household_income();
--;;
create trigger household_income_log_update after update on household_income referencing old table as old_rows new table as new_rows for each statement execute function hub_log_household_income();
--;;
create trigger household_income_log_delete after delete on household_income referencing old table as old_rows for each statement execute function hub_log_household_income();
