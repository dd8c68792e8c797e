import { sqlMigration } from '../db/migrationSql';

/**
 * PostgreSQL row-level security as a fail-closed backstop behind the application's scopes (security.md).
 *
 * Each GraphQL request runs in a transaction that switches to the role `hub_app` — not the tables' owner,
 * so the policies apply to it — and names its viewer in transaction-local settings (see rowSecurity.ts):
 * `hub.viewer_role`, `hub.township_ids`, `hub.village_ids`, `hub.helper_unit_id`. Without them a policy
 * lets nothing through. The policies mirror the application's scope rules for the tables holding personal
 * data. The sets they test against (a clerk's villages, a partner's pairings…) come from SECURITY DEFINER
 * functions: computed once per statement as hashed subplans rather than per row, and run as the owner, so
 * one table's policy reading another table never recurses into that table's policy.
 *
 * `hub_app` may read and write the tables but only append to the audit log.
 */
const ROLE = 'hub_app';

/** Who sees every row (`ALL`), or may write any (`ADMIN`). Wrapped in a sub-select: evaluated once per statement. */
const ALL = `(select hub_sees_all())`;
const ADMIN = `(select hub_viewer_role()) = 'ADMIN'`;

interface TablePolicy {
  table: string;
  read: string;
  write: string;
}

const clerkHousehold = (column: string) => `${column} in (select hub_clerk_households())`;
const partnerHousehold = (column: string) => `${column} in (select hub_partner_households())`;
// one set for whichever role the viewer has: one hash lookup a row instead of one per role
const household = (column: string) => `${column} in (select hub_scope_households())`;
const pairing = (column: string) => `${column} in (select hub_scope_pairings())`;

/** The personal-data tables and who may see and change their rows; the same rules as each type's scope in the graph. */
const POLICIES: TablePolicy[] = [
  {
    table: 'household',
    read: `${ALL} or village_id in (select hub_clerk_villages()) or ${partnerHousehold('id')}`,
    write: `${ADMIN} or village_id in (select hub_clerk_villages())`,
  },
  ...['member', 'household_income'].map((table) => ({
    table,
    read: `${ALL} or ${household('household_id')}`,
    write: `${ADMIN} or ${clerkHousehold('household_id')}`,
  })),
  // partners see their pairings' households, not the county's projects
  { table: 'project_beneficiary', read: `${ALL} or ${clerkHousehold('household_id')}`, write: `${ADMIN} or ${clerkHousehold('household_id')}` },
  {
    table: 'cadre_household_pairing',
    read: `${ALL} or ${pairing('id')}`,
    write: `${ADMIN} or ${clerkHousehold('household_id')}`,
  },
  // partners write the visit logs and measures of their own pairings
  ...['visit_log', 'assistance_measure'].map((table) => ({
    table,
    read: `${ALL} or ${pairing('cadre_household_pairing_id')}`,
    write: `${ADMIN} or ${pairing('cadre_household_pairing_id')}`,
  })),
];

/**
 * A set of row ids one role reaches, empty for every other role. PL/pgSQL so that the other roles return
 * at once instead of scanning; SECURITY DEFINER so that it reads the tables as their owner, past the policies.
 */
function scopeFunction(name: string, role: string, query: string): string {
  return `create function ${name}() returns setof integer language plpgsql stable security definer set search_path = public, pg_catalog as $$
begin
  if hub_viewer_role() is distinct from '${role}' then return; end if;
  return query ${query};
end $$;`;
}

export const rowSecurityMigration = sqlMigration(
  `
-- Roles belong to the cluster, not the database: another hub database (or a concurrent test run) may have made it.
do $$
begin
  create role ${ROLE} nologin;
exception when duplicate_object or unique_violation then null;
end $$;
--;;
-- The server connects as the owner (or another member of ${ROLE}) and switches to ${ROLE} per request.
do $$
begin
  execute format('grant ${ROLE} to %I', current_user);
exception when duplicate_object or unique_violation then null;
end $$;
--;;
grant usage on schema public to ${ROLE};
--;;
grant select, insert, update, delete on all tables in schema public to ${ROLE};
--;;
grant usage, select on all sequences in schema public to ${ROLE};
--;;
-- tables and sequences later migrations create get the same grants
alter default privileges in schema public grant select, insert, update, delete on tables to ${ROLE};
--;;
alter default privileges in schema public grant usage, select on sequences to ${ROLE};
--;;
-- the audit log is append-only for the application; migrations are not its business
revoke update, delete on audit_log from ${ROLE};
--;;
revoke all on hub_migration, hub_migration_lock from ${ROLE};
--;;
create function hub_viewer_role() returns text language sql stable as $$
  select nullif(current_setting('hub.viewer_role', true), '')
$$;
--;;
create function hub_sees_all() returns boolean language sql stable as $$
  select coalesce(hub_viewer_role() in ('ADMIN', 'ANALYST'), false)
$$;
--;;
create function hub_setting_ids(setting text) returns integer[] language sql stable as $$
  select coalesce(nullif(current_setting(setting, true), '')::integer[], '{}')
$$;
--;;
-- a clerk's villages: those named, and every village of the townships named
${scopeFunction('hub_clerk_villages', 'CLERK', `select v.id from village v
    where v.township_id = any(hub_setting_ids('hub.township_ids')) or v.id = any(hub_setting_ids('hub.village_ids'))`)}
--;;
${scopeFunction('hub_clerk_households', 'CLERK', `select h.id from household h where h.village_id = any(array(select hub_clerk_villages()))`)}
--;;
${scopeFunction(
  'hub_clerk_pairings',
  'CLERK',
  `select p.id from household h join cadre_household_pairing p on p.household_id = h.id where h.village_id = any(array(select hub_clerk_villages()))`,
)}
--;;
-- a partner unit's cadre–household pairings, and the households they reach
${scopeFunction(
  'hub_partner_pairings',
  'PARTNER',
  `select p.id from cadre_household_pairing p join cadre c on c.id = p.cadre_id
    where c.helper_unit_id = nullif(current_setting('hub.helper_unit_id', true), '')::integer`,
)}
--;;
${scopeFunction('hub_partner_households', 'PARTNER', `select p.household_id from cadre_household_pairing p where p.id in (select hub_partner_pairings())`)}
--;;
create function hub_scope_households() returns setof integer language sql stable as $$
  select hub_clerk_households() union all select hub_partner_households()
$$;
--;;
create function hub_scope_pairings() returns setof integer language sql stable as $$
  select hub_clerk_pairings() union all select hub_partner_pairings()
$$;
--;;
${POLICIES.map(
  ({ table, read, write }) => `alter table ${table} enable row level security;
--;;
create policy hub_read on ${table} for select to ${ROLE} using (${read});
--;;
create policy hub_insert on ${table} for insert to ${ROLE} with check (${write});
--;;
create policy hub_update on ${table} for update to ${ROLE} using (${write}) with check (${write});
--;;
create policy hub_delete on ${table} for delete to ${ROLE} using (${write});`,
).join('\n--;;\n')}
`,
  `${POLICIES.map(
    ({ table }) => `drop policy hub_read on ${table};
--;;
drop policy hub_insert on ${table};
--;;
drop policy hub_update on ${table};
--;;
drop policy hub_delete on ${table};
--;;
alter table ${table} disable row level security;`,
  ).join('\n--;;\n')}
--;;
drop function hub_scope_pairings();
--;;
drop function hub_scope_households();
--;;
drop function hub_partner_households();
--;;
drop function hub_partner_pairings();
--;;
drop function hub_clerk_pairings();
--;;
drop function hub_clerk_households();
--;;
drop function hub_clerk_villages();
--;;
drop function hub_setting_ids(text);
--;;
drop function hub_sees_all();
--;;
drop function hub_viewer_role();
--;;
alter default privileges in schema public revoke all on tables from ${ROLE};
--;;
alter default privileges in schema public revoke all on sequences from ${ROLE};
--;;
revoke all on all tables in schema public from ${ROLE};
--;;
revoke all on all sequences in schema public from ${ROLE};
--;;
revoke usage on schema public from ${ROLE};
`,
);
