/**
 * `pnpm exec tsx test/bench/scopeCost.ts --database-url URL [--round-trips 20000] [--role ADMIN|CLERK]`: where a
 * node by id's PostgreSQL CPU goes (issue 13, read D). On one connection, each variant sends its round trip
 * `round-trips` times (after 2,000 untimed) as the hub sends it — prepared statements bound and executed in one
 * Sync (db/lazyBegin.ts) — and the backend's user + system CPU (/proc/PID/stat) per round trip is printed. The
 * read is the statement the hub sends for `node(id) { ... on Household { id householdNumber status phone } }`
 * (schema/src/graph/rawAnswer.ts); the variants take the hub's scope statement (access/rowSecurity.ts) apart:
 * the read alone as the owner (PostGraphile's case), the version check alone, the settings without the role
 * switch (as the owner: for attribution only, it is not a scope), the hub's statement as it is, and the scope
 * kept at session level (what a connection holding its viewer's scope between reads would pay). Two passes.
 * Reads the database only; the session-level settings end with its connections.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { processorMs } from './measure';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'round-trips': { type: 'string', default: '20000' },
    role: { type: 'string', default: 'ADMIN' },
  },
  strict: true,
});
const url = values['database-url'];
if (!url) throw new Error('--database-url: a database seeded with `pnpm hub seed --demo`');
const N = Number(values['round-trips']);
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): string | null };

const READ = `select coalesce((select ('{"id":"'::text || encode(convert_to('Household:' || "hub1"."id", 'UTF8'), 'base64') || '","householdNumber":'::text || coalesce(to_json("hub1"."household_number")::text, 'null') || ',"status":'::text || coalesce(to_json("hub1"."status")::text, 'null') || ',"phone":'::text || coalesce(to_json("hub1"."phone")::text, 'null') || '}'::text) from ((select "household"."id" as "id", "household"."version" as "version", "household"."household_number" as "household_number", "household"."status" as "status", "household"."phone" as "phone" from "household" where "household"."id" = $1)) as hub1), 'null') as json`;
const CHECK = (n: number) =>
  `(select hub_viewer_unchanged($${n}) where coalesce(pg_sequence_last_value('hub_viewer_version'), 0) <> $${n}) as unchanged`;
const TIMEOUTS = `set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`;
const SETTINGS = (from: number) =>
  ['viewer_role', 'township_ids', 'village_ids', 'county_ids', 'helper_unit_id']
    .map((s, i) => `set_config('hub.${s}', $${from + i}, true)`)
    .join(', ');
const ROLE = `set_config('role', 'hub_app', true)`;
const STATEMENTS = {
  read: READ,
  // the hub's hub_scope_checked
  checked: `select ${CHECK(8)}, ${TIMEOUTS}, ${SETTINGS(3)}, ${ROLE}`,
  checkOnly: `select ${CHECK(1)}`,
  noRole: `select ${CHECK(8)}, ${TIMEOUTS}, ${SETTINGS(3)}`,
  noTimeouts: `select ${CHECK(6)}, ${SETTINGS(1)}, ${ROLE}`,
  roleOnly: `select ${ROLE}`,
};

const scope =
  values.role === 'CLERK'
    ? ['CLERK', '{1}', '{}', '{}', '']
    : values.role === 'ADMIN' || values.role === 'ANALYST'
      ? [values.role, '{}', '{}', '{}', '']
      : null;
if (!scope) throw new Error('--role: ADMIN, ANALYST or CLERK');
const TIMEOUT_VALUES = ['30000ms', '120000ms'];
const SESSION_SCOPE = `select ${['viewer_role', 'township_ids', 'village_ids', 'county_ids', 'helper_unit_id'].map((s, i) => `set_config('hub.${s}', '${scope[i]}', false)`).join(', ')}`;

type Client = pg.Client & { processID: number };
type Prelude = [keyof typeof STATEMENTS, unknown[]];

/** the preludes and the read in one Sync, as ScopedQuery sends them; rows ignored */
function roundTrip(client: Client, preludes: Prelude[], id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new (pg as unknown as { Query: new (c: object) => Record<string, unknown> }).Query({ text: '-' });
    query.submit = (connection: Record<string, (m?: object) => void> & { stream: { cork(): void; uncork(): void } }) => {
      connection.stream.cork();
      for (const [name, params] of preludes) {
        connection.bind!({ statement: name, values: params.map(prepareValue) });
        connection.execute!({ portal: '' });
      }
      connection.bind!({ statement: 'read', values: [prepareValue(id)] });
      connection.describe!({ type: 'P', name: '' });
      connection.execute!({ portal: '' });
      connection.sync!();
      connection.stream.uncork();
      return null;
    };
    query.handleDataRow = () => {};
    query.callback = (error: Error | undefined) => (error ? reject(error) : resolve());
    void client.query(query as never);
  });
}

const ids = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 13000));

async function variant(label: string, setup: string[], preludes: (version: number) => Prelude[]) {
  const client = new pg.Client({ connectionString: url }) as Client;
  await client.connect();
  try {
    for (const [name, text] of Object.entries(STATEMENTS)) await client.query(`prepare "${name}" as ${text}`);
    for (const statement of setup) await client.query(statement);
    const version = Number(
      (await client.query<{ v: string }>(`select coalesce(pg_sequence_last_value('hub_viewer_version'), 0) as v`)).rows[0]!.v,
    );
    for (let i = 0; i < 2000; i++) await roundTrip(client, preludes(version), ids[i % 1000]!);
    const before = processorMs(client.processID);
    for (let i = 0; i < N; i++) await roundTrip(client, preludes(version), ids[i % 1000]!);
    console.log(`${label.padEnd(58)} ${(((processorMs(client.processID) - before) / N) * 1000).toFixed(1)} µs per round trip`);
  } finally {
    await client.end();
  }
}

for (let pass = 1; pass <= 2; pass++) {
  console.log(`pass ${pass}, ${N} round trips each, backend CPU (user + system)`);
  await variant('read alone, as the owner (PostGraphile)', [], () => []);
  await variant('version check + read, as the owner', [], (v) => [['checkOnly', [v]]]);
  await variant('check and settings without the role, as the owner + read', [], (v) => [['noRole', [...TIMEOUT_VALUES, ...scope, v]]]);
  await variant('the hub: hub_scope_checked + read (row security)', [], (v) => [['checked', [...TIMEOUT_VALUES, ...scope, v]]]);
  await variant('hub_scope_checked without the timeouts + read', [], (v) => [['noTimeouts', [...scope, v]]]);
  await variant('settings kept in the session, role per read + check + read', [SESSION_SCOPE], (v) => [
    ['checkOnly', [v]],
    ['roleOnly', []],
  ]);
  await variant('scope and role kept in the session: check + read', [SESSION_SCOPE, 'set role hub_app'], (v) => [['checkOnly', [v]]]);
  await variant('scope and role kept in the session: read alone', [SESSION_SCOPE, 'set role hub_app'], () => []);
}
