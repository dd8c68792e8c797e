/**
 * `pnpm bench`: loads a scaled demo county into a fresh PostgreSQL database, serves it, and measures a
 * fixed set of GraphQL operations under a small concurrent load — median and 95th-percentile latency, SQL
 * statements per request, and the ratio to a hand-written SQL query returning the same data.
 * Not part of `pnpm test`. Options: --households N (default 15000), --concurrency C (4), --requests R (200),
 * --as USER (a demo account, e.g. clerk, to measure a scoped reader; default an administrator).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { connect, createUser, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { createHubServer } from '../../server/src/http';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';

const { values } = parseArgs({
  options: { households: { type: 'string', default: '15000' }, concurrency: { type: 'string', default: '4' }, requests: { type: 'string', default: '200' }, as: { type: 'string', default: 'bench' } },
  strict: true,
});
const HOUSEHOLDS = Number(values.households);
const CONCURRENCY = Number(values.concurrency);
const REQUESTS = Number(values.requests);
const USER = values.as;

interface Operation {
  name: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** sees each answer (the update keeps its versions current) */
  after?: (variables: Record<string, unknown>, data: Record<string, unknown>) => void;
  /** the same data by hand, for the ratio (null: a write, nothing to compare) */
  sql: string | null;
  sqlParams?: () => unknown[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function timeLoad(run: (i: number) => Promise<void>, requests: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const start = performance.now();
        await run(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function main() {
  const name = uniqueName('fupin_bench');
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  let statements = 0;
  const database = await connect({ databaseUrl: url, maxConnections: 10, onQuery: () => statements++ });
  const client = new pg.Client({ connectionString: url });
  try {
    await migrateToLatest(database.db);
    const seedStart = performance.now();
    const summary = await seedDemo(database.db, { password: 'bench-password', households: HOUSEHOLDS });
    console.log(`seeded ${summary.households} households, ${summary.members} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await client.connect();
    await client.query('analyze');
    await createUser(database.db, { username: 'bench', displayName: 'bench', role: 'ADMIN', password: 'bench-password' });

    const hub = await createHubServer({ database, adminDir: '/nonexistent', production: true, secureCookies: false, logError: (e) => console.error(e) });
    await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}/graphql`;
    const post = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { body, response };
    };
    const login = await post(`mutation { login(username: "${USER}", password: "bench-password") { user { id } } }`, {});
    const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;

    // the households the measured user may see (a clerk's township), so that reads and updates stay in scope
    const ids = (
      await client.query<{ id: number }>(
        `select h.id from household h
          where not exists (select 1 from app_user u where u.username = $1 and u.role = 'CLERK')
             or h.village_id in (select v.id from village v join user_scope s on s.township_id = v.township_id or s.village_id = v.id
                                   join app_user u on u.id = s.user_id where u.username = $1)
          order by h.id`,
        [USER],
      )
    ).rows.map((r) => r.id);
    const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
    const versions = new Map<string, number>();
    let updates = 0;

    const operations: Operation[] = [
      {
        name: 'households page (100) with village and members',
        query: `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber status village { name } members { name relation birthDate } } } }`,
        variables: () => ({}),
        sql: `select h.id, h.household_number, h.status, json_build_object('name', v.name) as village,
                (select coalesce(json_agg(json_build_object('name', m.name, 'relation', m.relation, 'birth_date', m.birth_date) order by m.household_id, m.id), '[]')
                   from member m where m.household_id = h.id) as members
              from household h join village v on v.id = h.village_id order by h.household_number, h.id limit 100`,
      },
      {
        name: '20 villages × 10 households × members',
        query: `{ villages(first: 20) { nodes { name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber members { name } } } } } }`,
        variables: () => ({}),
        sql: `select v.name, (select coalesce(json_agg(json_build_object('household_number', h.household_number, 'members',
                  (select coalesce(json_agg(json_build_object('name', m.name) order by m.household_id, m.id), '[]') from member m where m.household_id = h.id)) order by h.household_number, h.id), '[]')
                from (select * from household h where h.village_id = v.id order by h.household_number, h.id limit 10) h) as households
              from village v order by v.code, v.id limit 20`,
      },
      {
        name: 'node by id',
        query: `query ($id: ID!) { node(id: $id) { ... on Household { householdNumber status phone } } }`,
        variables: () => ({ id: gid('Household', ids[Math.floor(Math.random() * ids.length)]!) }),
        sql: `select household_number, status, phone from household where id = $1`,
        sqlParams: () => [ids[Math.floor(Math.random() * ids.length)]!],
      },
      {
        name: 'filtered, sorted page (township, POOR, by exit plan)',
        query: `query ($t: ID!) { households(first: 100, filter: { townshipId: $t, status: { eq: POOR } }, orderBy: [{ field: PLANNED_EXIT_YEAR }, { field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber plannedExitYear } } }`,
        variables: () => ({ t: gid('Township', 1) }),
        sql: `select household_number, planned_exit_year, count(*) over () as total from household
              where village_id in (select id from village where township_id = 1) and status = 'POOR'
              order by planned_exit_year, household_number, id limit 100`,
      },
      {
        name: 'povertyOverview, county, 2015',
        query: `{ povertyOverview(year: 2015) { ruralPopulation poorPeople incidence exitedPeople villagesExited } }`,
        variables: () => ({}),
        sql: `select (select sum(rural_population) from village) as rural,
                (select count(*) from member m join household h on h.id = m.household_id where h.identification_year <= 2015 and h.status <> 'REMOVED'
                   and not (h.exit_year is not null and h.exit_year <= 2015 and (h.return_year is null or h.return_year > 2015))) as poor,
                (select count(*) from member m join household h on h.id = m.household_id where h.exit_year = 2015) as exited`,
      },
      {
        name: 'grouped: households by township × status, with people',
        query: `{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { township { name } status count sum { size } } }`,
        variables: () => ({}),
        sql: `select v.township_id, h.status, count(*), sum((select count(*) from member m where m.household_id = h.id))
              from household h join village v on v.id = h.village_id group by 1, 2 order by 1, 2`,
      },
      {
        name: 'one update (household address)',
        query: `mutation ($id: ID!, $v: Int!, $a: String!) { updateHousehold(input: { id: $id, version: $v, patch: { address: $a } }) { household { version } } }`,
        variables: () => {
          // each request a different household, so concurrent updates never race on one version
          const id = gid('Household', ids[updates++ % ids.length]!);
          return { id, v: versions.get(id) ?? 1, a: `地址${Math.random()}` };
        },
        after: (variables, data) => versions.set(variables.id as string, (data as { updateHousehold: { household: { version: number } } }).updateHousehold.household.version),
        sql: null,
      },
    ];

    const rows: string[] = [];
    for (const op of operations) {
      const run = async () => {
        const variables = op.variables();
        const { body } = await post(op.query, variables, cookie);
        op.after?.(variables, body.data!);
      };
      // statements per request, measured alone
      statements = 0;
      try {
        await run();
      } catch (error) {
        // a scoped reader may not run every operation (a clerk reads no county figures)
        if (!/FORBIDDEN/.test(String(error))) throw error;
        rows.push(`| ${op.name} | not allowed to ${USER} | | | | |`);
        continue;
      }
      const perRequest = statements;
      for (let i = 0; i < 20; i++) await run(); // warm-up
      const graph = await timeLoad(run, REQUESTS, CONCURRENCY);
      let ratio = '—';
      let sqlMedian = '—';
      if (op.sql) {
        const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
        const sqlRun = async () => {
          await pool.query(op.sql!, op.sqlParams?.() ?? []);
        };
        for (let i = 0; i < 20; i++) await sqlRun();
        const hand = await timeLoad(sqlRun, REQUESTS, CONCURRENCY);
        await pool.end();
        sqlMedian = percentile(hand, 0.5).toFixed(2);
        ratio = (percentile(graph, 0.5) / percentile(hand, 0.5)).toFixed(2);
      }
      rows.push(`| ${op.name} | ${percentile(graph, 0.5).toFixed(2)} | ${percentile(graph, 0.95).toFixed(2)} | ${perRequest} | ${sqlMedian} | ${ratio} |`);
      console.log(rows[rows.length - 1]);
    }
    console.log(`\nas ${USER}, households: ${summary.households}, members: ${summary.members}, concurrency ${CONCURRENCY}, ${REQUESTS} requests per operation, ${new Date().toISOString().slice(0, 10)}`);
    console.log('| operation | GraphQL median ms | p95 ms | SQL statements / request | hand-written SQL median ms | ratio |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    await hub.stop();
  } finally {
    await client.end().catch(() => {});
    await database.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
