/**
 * `pnpm bench:rls`: what row-level security costs, measured so that a busy machine hurts both sides alike.
 * Seeds one demo county (default 15,000 households), copies it, and switches the policies off in the copy
 * (`alter table … disable row level security`); the same server code serves both, so the only difference
 * is the policies. Each client sends every operation to both servers in turn, alternating which goes
 * first, and the medians are compared. A second part times the statements each request now adds (`begin`,
 * the scope's `set_config`, `commit`) against a bare query, interleaved the same way.
 * Options: --households N (15000), --concurrency C (4), --requests R (200 per operation and side).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { connect, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { createHubServer } from '../../server/src/http';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '15000' },
    concurrency: { type: 'string', default: '4' },
    requests: { type: 'string', default: '200' },
  },
  strict: true,
});
const HOUSEHOLDS = Number(values.households);
const CONCURRENCY = Number(values.concurrency);
const REQUESTS = Number(values.requests);
const GUARDED = [
  'household',
  'member',
  'household_income',
  'project_beneficiary',
  'cadre_household_pairing',
  'visit_log',
  'assistance_measure',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Runs `pairs` A/B pairs from `concurrency` clients, alternating the order; returns both sides' latencies. */
async function interleaved(a: () => Promise<unknown>, b: () => Promise<unknown>, pairs: number, concurrency: number) {
  const times = { a: [] as number[], b: [] as number[] };
  let next = 0;
  const timed = async (side: 'a' | 'b') => {
    const start = performance.now();
    await (side === 'a' ? a() : b());
    times[side].push(performance.now() - start);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pairs) {
        const i = next++;
        for (const side of i % 2 ? (['a', 'b'] as const) : (['b', 'a'] as const)) await timed(side);
      }
    }),
  );
  return { a: median(times.a), b: median(times.b) };
}

async function main() {
  const withPolicies = uniqueName('fupin_bench_rls');
  const without = `${withPolicies}_off`;
  await adminQuery(`create database ${withPolicies}`);
  const databases: { close(): Promise<void> }[] = [];
  try {
    const seeding = await connect({ databaseUrl: databaseUrl(withPolicies) });
    await migrateToLatest(seeding.db);
    const summary = await seedDemo(seeding.db, { password: 'bench-password', households: HOUSEHOLDS });
    await seeding.close();
    await adminQuery(`create database ${without} template ${withPolicies}`);
    const off = new pg.Client({ connectionString: databaseUrl(without) });
    await off.connect();
    for (const table of GUARDED) await off.query(`alter table ${table} disable row level security`);
    await off.end();
    for (const name of [withPolicies, without]) {
      const c = new pg.Client({ connectionString: databaseUrl(name) });
      await c.connect();
      await c.query('analyze');
      await c.end();
    }

    const serve = async (name: string) => {
      const database = await connect({ databaseUrl: databaseUrl(name), maxConnections: 10 });
      databases.push(database);
      const hub = await createHubServer({
        database,
        adminDir: '/nonexistent',
        production: true,
        secureCookies: false,
        logError: (e) => console.error(e),
      });
      await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
      databases.push({ close: () => hub.stop() });
      const endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}/graphql`;
      const post = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return response;
      };
      const cookies: Record<string, string> = {};
      for (const user of ['admin', 'clerk']) {
        const response = await post(`mutation { login(username: "${user}", password: "bench-password") { user { id } } }`, {});
        cookies[user] = response.headers.getSetCookie()[0]!.split(';')[0]!;
      }
      return (user: string, query: string, variables: Record<string, unknown> = {}) => post(query, variables, cookies[user]);
    };
    const on = await serve(withPolicies);
    const offServer = await serve(without);

    const client = new pg.Client({ connectionString: databaseUrl(withPolicies) });
    await client.connect();
    const ids = (await client.query<{ id: number }>('select id from household order by id')).rows.map((r) => r.id);
    const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
    const operations: { name: string; user: string; query: string; variables?: () => Record<string, unknown> }[] = [
      {
        name: 'households page (100) with village and members',
        user: 'admin',
        query: `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber village { name } members { name relation } } } }`,
      },
      {
        name: 'the same, as the clerk',
        user: 'clerk',
        query: `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { id householdNumber village { name } members { name relation } } } }`,
      },
      {
        name: 'members page (100) with totalCount, as the clerk',
        user: 'clerk',
        query: `{ members(first: 100) { totalCount nodes { name relation household { householdNumber } } } }`,
      },
      {
        name: 'visit logs page (100) with totalCount, as the clerk',
        user: 'clerk',
        query: `{ visitLogs(first: 100) { totalCount nodes { visitedOn mode } } }`,
      },
      {
        name: 'node by id',
        user: 'admin',
        query: `query ($id: ID!) { node(id: $id) { ... on Household { householdNumber status } } }`,
        variables: () => ({ id: gid('Household', ids[Math.floor(Math.random() * ids.length)]!) }),
      },
      {
        name: 'grouped: households by township × status',
        user: 'clerk',
        query: `{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { status count } }`,
      },
    ];
    const rows: string[] = [];
    for (const op of operations) {
      const run = (send: typeof on) => () => send(op.user, op.query, op.variables?.() ?? {});
      for (let i = 0; i < 10; i++) await Promise.all([run(on)(), run(offServer)()]); // warm-up
      const { a, b } = await interleaved(run(on), run(offServer), REQUESTS, CONCURRENCY);
      rows.push(
        `| ${op.name} (${op.user}) | ${b.toFixed(2)} | ${a.toFixed(2)} | ${(a - b).toFixed(2)} | ${((a / b - 1) * 100).toFixed(0)} % |`,
      );
      console.log(rows[rows.length - 1]);
    }

    // what the three statements each request adds cost on their own
    const pool = new pg.Pool({ connectionString: databaseUrl(withPolicies), max: CONCURRENCY });
    const bare = () => pool.query('select 1');
    const scoped = async () => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(
          `select set_config('role', 'hub_app', true), set_config('hub.viewer_role', 'CLERK', true), set_config('hub.township_ids', '{1}', true), set_config('hub.village_ids', '{}', true), set_config('hub.helper_unit_id', '', true)`,
        );
        await c.query('select 1');
        await c.query('commit');
      } finally {
        c.release();
      }
    };
    const statements = await interleaved(scoped, bare, REQUESTS * 5, CONCURRENCY);
    await pool.end();
    await client.end();
    console.log(
      `\nhouseholds: ${summary.households}, members: ${summary.members}, concurrency ${CONCURRENCY}, ${REQUESTS} requests per operation and side, interleaved, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log('| operation | policies off: median ms | policies on: median ms | difference ms | difference |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(
      `\n\`begin\` + scope + \`commit\` around a statement: median ${statements.a.toFixed(2)} ms against ${statements.b.toFixed(2)} ms for the statement alone (+${(statements.a - statements.b).toFixed(2)} ms)`,
    );
  } finally {
    for (const d of databases.reverse()) await d.close().catch(() => {});
    await adminQuery(`drop database if exists ${without} with (force)`, `drop database if exists ${withPolicies} with (force)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
