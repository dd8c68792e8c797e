import { sqlMigration } from '../db/migrationSql';
import { BULK_LOAD_SETTING } from './changeLog';

/**
 * The change log behind `twinningChanges` (partner sync, 结对帮扶数据同步).
 *
 * One lean row per record change and per helper unit that sees the record before or after it: the unit,
 * the writing transaction's id (xid8), the record's type and id, and when. No row images: a reader loads
 * the records as they now are through the scoped loaders, and one it can no longer see becomes a tombstone.
 * Statement-level triggers with transition tables write it, so bulk loads cost one insert a statement.
 *
 * Readers return only rows of transactions older than their snapshot's xmin (every transaction below it has
 * finished), ordered by (xid, type, id): a transaction that commits late still sorts after any cursor handed
 * out while it ran, so no change is skipped (see sync.ts).
 *
 * Which units see a record depends on other rows (a member is seen by the units whose cadres are paired with
 * its household). A change to those links (a pairing made, moved or removed; a cadre moving to another unit)
 * logs everything it brings into or takes out of a unit's reach, for the old and the new unit. So that a
 * content write never computes its units from a snapshot that misses a concurrent link change, link changes
 * take a transaction-level advisory lock exclusively and every other logged write takes it shared: the two
 * kinds serialise, content writes among themselves do not.
 */

/** The advisory lock key of twinning scope (an arbitrary constant, unique in this database). */
export const SCOPE_LOCK = 451027_05;

/**
 * What a unit reaches through cadre–household pairings `p` (a relation with columns id, household_id, unit):
 * the pairing, its household with members and incomes, its visit logs and measures.
 */
const reachOfPairings = (p: string) => `
  select unit, 'CadreHouseholdPairing' as record_type, id as record_id from ${p}
  union all select unit, 'Household', household_id from ${p}
  union all select p.unit, 'Member', m.id from ${p} p join member m on m.household_id = p.household_id
  union all select p.unit, 'HouseholdIncome', i.id from ${p} p join household_income i on i.household_id = p.household_id
  union all select p.unit, 'VisitLog', v.id from ${p} p join visit_log v on v.cadre_household_pairing_id = p.id
  union all select p.unit, 'AssistanceMeasure', a.id from ${p} p join assistance_measure a on a.cadre_household_pairing_id = p.id`;

/** The units whose cadres are paired with a household, for rows `r` with a household column. */
const viaHousehold = (type: string, column: string) => (r: string) => `
  select c.helper_unit_id as unit, '${type}' as record_type, r.id as record_id
  from ${r} r join cadre_household_pairing p on p.household_id = r.${column} join cadre c on c.id = p.cadre_id`;

/** The unit of a cadre–household pairing, for rows `r` hanging off one. */
const viaPairing = (type: string) => (r: string) => `
  select c.helper_unit_id as unit, '${type}' as record_type, r.id as record_id
  from ${r} r join cadre_household_pairing p on p.id = r.cadre_household_pairing_id join cadre c on c.id = p.cadre_id`;

interface LoggedTable {
  table: string;
  /** (unit, record_type, record_id) of the rows in relation `r`, as the database now links them */
  entries: (r: string) => string;
  /**
   * For a table whose rows link units to other records: which changed rows move reach (SQL over old_rows o
   * joined to new_rows n on id; inserts and deletes always do), and what they bring into or out of reach
   * (SQL over relation `r` of such rows, old and new).
   */
  links?: { moved: string; reach: (r: string) => string };
}

export const LOGGED_TABLES: LoggedTable[] = [
  { table: 'helper_unit', entries: (r) => `select r.id as unit, 'HelperUnit' as record_type, r.id as record_id from ${r} r` },
  {
    table: 'cadre',
    entries: (r) => `select r.helper_unit_id as unit, 'Cadre' as record_type, r.id as record_id from ${r} r`,
    // a cadre moving to another unit takes its work team posts and pairings, and all they reach, along
    links: {
      moved: 'o.helper_unit_id <> n.helper_unit_id',
      reach: (r) => `
        select r.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, w.id as record_id from ${r} r join work_team_assignment w on w.cadre_id = r.id
        union all select * from (with p as (select p.id, p.household_id, r.helper_unit_id as unit from ${r} r join cadre_household_pairing p on p.cadre_id = r.id) ${reachOfPairings('p')}) reached`,
    },
  },
  { table: 'unit_village_pairing', entries: (r) => `select r.helper_unit_id as unit, 'UnitVillagePairing' as record_type, r.id as record_id from ${r} r` },
  {
    table: 'work_team_assignment',
    entries: (r) => `select c.helper_unit_id as unit, 'WorkTeamAssignment' as record_type, r.id as record_id from ${r} r join cadre c on c.id = r.cadre_id`,
  },
  {
    table: 'cadre_household_pairing',
    entries: (r) => `select c.helper_unit_id as unit, 'CadreHouseholdPairing' as record_type, r.id as record_id from ${r} r join cadre c on c.id = r.cadre_id`,
    links: {
      moved: '(o.cadre_id, o.household_id) <> (n.cadre_id, n.household_id)',
      reach: (r) => `select * from (with p as (select r.id, r.household_id, c.helper_unit_id as unit from ${r} r join cadre c on c.id = r.cadre_id) ${reachOfPairings('p')}) reached`,
    },
  },
  { table: 'assistance_measure', entries: viaPairing('AssistanceMeasure') },
  { table: 'visit_log', entries: viaPairing('VisitLog') },
  { table: 'household', entries: viaHousehold('Household', 'id') },
  { table: 'member', entries: viaHousehold('Member', 'household_id') },
  { table: 'household_income', entries: viaHousehold('HouseholdIncome', 'household_id') },
];

const log = (entries: string) => `
    insert into twinning_change (helper_unit_id, record_type, record_id)
    select distinct unit, record_type, record_id from (${entries}) e
    on conflict do nothing;`;

function logFunction({ table, entries, links }: LoggedTable): string {
  const both = `(select * from old_rows union all select * from new_rows)`;
  const moved = links ? `(select o.* from old_rows o join new_rows n on n.id = o.id where ${links.moved} union all select n.* from old_rows o join new_rows n on n.id = o.id where ${links.moved})` : '';
  return `
-- security definer: the log must see every pairing, whatever row-level security the writer's role is under
create function hub_log_${table}() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- a bulk load into an empty county logs nothing (changeLog.ts)
  if current_setting('${BULK_LOAD_SETTING}', true) = 'on' then
    return null;
  end if;
  -- a link change excludes every other logged write until it commits; see changesMigration.ts
  ${
    links
      ? `if tg_op <> 'UPDATE' then
    perform pg_advisory_xact_lock(${SCOPE_LOCK});
  elsif exists (select 1 from old_rows o join new_rows n on n.id = o.id where ${links.moved}) then
    perform pg_advisory_xact_lock(${SCOPE_LOCK});
  else
    perform pg_advisory_xact_lock_shared(${SCOPE_LOCK});
  end if;`
      : `perform pg_advisory_xact_lock_shared(${SCOPE_LOCK});`
  }
  if tg_op = 'INSERT' then${log(entries('new_rows'))}${links ? log(links.reach('new_rows')) : ''}
  elsif tg_op = 'DELETE' then${log(entries('old_rows'))}${links ? log(links.reach('old_rows')) : ''}
  else${log(entries(both))}${links ? log(links.reach(moved)) : ''}
  end if;
  return null;
end $$;
--;;
create trigger ${table}_log_insert after insert on ${table} referencing new table as new_rows for each statement execute function hub_log_${table}();
--;;
create trigger ${table}_log_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function hub_log_${table}();
--;;
create trigger ${table}_log_delete after delete on ${table} referencing old table as old_rows for each statement execute function hub_log_${table}();`;
}

export const twinningChangesMigration = sqlMigration(
  `
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
${LOGGED_TABLES.map(logFunction).join('\n--;;\n')}
`,
  `${LOGGED_TABLES.map(
    ({ table }) => `drop trigger ${table}_log_insert on ${table};
--;;
drop trigger ${table}_log_update on ${table};
--;;
drop trigger ${table}_log_delete on ${table};
--;;
drop function hub_log_${table}();`,
  ).join('\n--;;\n')}
--;;
drop function hub_prune_twinning_changes(interval);
--;;
drop table twinning_change_horizon;
--;;
drop table twinning_change;`,
);
