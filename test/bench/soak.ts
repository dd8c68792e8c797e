/**
 * `pnpm bench:soak`: the hub held under mixed load for a long while, its memory watched. Seeds a demo county
 * (default 5,000 households) into a fresh database on the machine's PostgreSQL, runs the hub as a child
 * process (as `pnpm hub serve` runs it, in production mode), and drives it from C simulated users at a time —
 * first 10, then 50 — each looping over a mix of reads (list pages with members, grouped figures, a record
 * by id), 10-row pastes on households of its own, and a village's CSV export. Samples the server's memory
 * every 30 s — resident (RSS) and the V8 heap in use, read inside the hub by test/bench/peers/memoryProbe.mjs —
 * and counts every request that is not answered 200 without errors.
 * Prints a table and writes test/artifacts/soak.json. Not part of `pnpm test`.
 * Options: --minutes M (10 in all, half at each concurrency), --households N (5000), --database-url URL
 * (a database already seeded with `pnpm hub seed --demo`, demo password from HUB_DEMO_PASSWORD: used as it
 * is, written to, kept).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connect, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { globalId } from '../../schema/src/graph/ids';
import { spawnHub, type HubProcess } from '../support/hubProcess';
import { adminQuery, databaseUrl, dropDatabasesStartingWith, uniqueName } from '../support/postgres';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    households: { type: 'string', default: '5000' },
    'database-url': { type: 'string' },
  },
  strict: true,
});
const PHASES = [10, 50].map((users) => ({ users, ms: (Number(values.minutes) * 60_000) / 2 }));

const SAMPLE_MS = 30_000;

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** the hub's memory now, as its probe reports it (it answers SIGUSR2 with a line on standard error) */
async function memoryOf(hub: HubProcess): Promise<Memory> {
  const before = hub.stderr().length;
  hub.child.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = /memory-probe (\{.*\})\n/.exec(hub.stderr().slice(before))?.[1];
    if (line) return JSON.parse(line) as Memory;
    await sleep(50);
  }
  throw new Error(`the hub's memory probe did not answer in 10 s:\n${hub.stderr().slice(-2000)}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!) : 0;
}

async function main() {
  const existing = values['database-url'];
  const name = uniqueName('fupin_soak');
  const url = existing ?? databaseUrl(name);
  const password = existing ? (process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo') : 'soak-password';
  if (!existing) {
    await adminQuery(`create database ${name}`);
    const database = await connect({ databaseUrl: url });
    try {
      await migrateToLatest(database.db);
      const summary = await seedDemo(database.db, { password, households: Number(values.households) });
      console.log(`seeded ${summary.households} households, ${summary.members} members`);
    } finally {
      await database.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const probe = new URL('peers/memoryProbe.mjs', import.meta.url).pathname;
  const hub = await spawnHub(
    { DATABASE_URL: url, NODE_ENV: 'production', HUB_DEMO_PASSWORD: password, NODE_OPTIONS: `--import ${probe}` },
    [
      // one process: the probe answers in the process that gets the signal, and with workers that is the primary, which serves nothing
      '--workers',
      '1',
    ],
  );
  try {
    const post = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers
      return { status: response.status, body, response };
    };
    const login = await post(`mutation ($p: String!) { login(username: "admin", password: $p) { user { id } } }`, { p: password });
    const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;
    const householdIds = (await client.query<{ id: number }>('select id from household order by id')).rows.map((r) => r.id);
    const villageIds = (await client.query<{ id: number }>('select id from village order by id')).rows.map((r) => r.id);

    const samples: ({ atSeconds: number; users: number } & Memory)[] = [];
    const results: {
      users: number;
      requests: number;
      errors: number;
      byOperation: Record<string, number>;
      p50Ms: number;
      p95Ms: number;
      maxMs: number;
      requestsPerSecond: number;
    }[] = [];
    const errors: string[] = [];
    const started = performance.now();
    let users = 0;
    const sample = async (atUsers: number) => {
      const memory = await memoryOf(hub);
      samples.push({ atSeconds: Math.round((performance.now() - started) / 1000), users: atUsers, ...memory });
      console.log(
        `${String(samples.at(-1)!.atSeconds).padStart(4)} s, ${atUsers} users: RSS ${memory.rssMb} MB, heap ${memory.heapUsedMb} of ${memory.heapTotalMb} MB, external ${memory.externalMb} MB`,
      );
    };
    const sampler = setInterval(() => void sample(users), SAMPLE_MS);
    await sample(0);

    for (const phase of PHASES) {
      users = phase.users;
      const latencies: number[] = [];
      const byOperation: Record<string, number> = {};
      let failures = 0;
      // the versions the households hold now (the last phase's pastes moved them on)
      const currentVersions = new Map(
        (await client.query<{ id: number; version: number }>('select id, version from household')).rows.map((r) => [r.id, r.version]),
      );
      const until = performance.now() + phase.ms;
      const phaseStart = performance.now();
      await Promise.all(
        Array.from({ length: phase.users }, async (_, user) => {
          // ten households of this user's own to paste over, so that users never conflict with each other
          const mine = householdIds.slice((user * 10) % (householdIds.length - 10), ((user * 10) % (householdIds.length - 10)) + 10);
          let versions = new Map(mine.map((id) => [id, currentVersions.get(id)!]));
          for (let round = 0; performance.now() < until; round++) {
            const pick = Math.random();
            const operation = pick < 0.4 ? 'list' : pick < 0.55 ? 'stats' : pick < 0.75 ? 'node' : pick < 0.95 ? 'paste' : 'export';
            const start = performance.now();
            let ok = false;
            let detail = '';
            try {
              if (operation === 'export') {
                const village = villageIds[Math.floor(Math.random() * villageIds.length)]!;
                const response = await fetch(
                  `${hub.url}/export/households.csv?filter=${encodeURIComponent(JSON.stringify({ villageId: globalId('Village', village) }))}`,
                  { headers: { cookie } },
                );
                const bytes = Buffer.from(await response.arrayBuffer());
                ok = response.status === 200 && bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])); // the CSV's byte-order mark
                detail = `${response.status}`;
              } else {
                const id = householdIds[Math.floor(Math.random() * householdIds.length)]!;
                const request =
                  operation === 'list'
                    ? post(
                        `query ($after: String) { households(first: 50, after: $after, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber status village { name } members { name relation birthDate } } } }`,
                        {},
                        cookie,
                      )
                    : operation === 'stats'
                      ? post(`{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { township { name } status count people } }`, {}, cookie)
                      : operation === 'node'
                        ? post(
                            `query ($id: ID!) { node(id: $id) { ... on Household { householdNumber headName members { name } } } }`,
                            { id: globalId('Household', id) },
                            cookie,
                          )
                        : post(
                            `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id ... on Household { version } } } }`,
                            {
                              changes: mine.map((h) => ({
                                id: globalId('Household', h),
                                version: versions.get(h)!,
                                patch: { note: `soak ${user} ${round}` },
                              })),
                            },
                            cookie,
                          );
                const { status, body } = await request;
                ok = status === 200 && !body.errors;
                detail = `${status} ${JSON.stringify(body.errors ?? '').slice(0, 200)}`;
                if (ok && operation === 'paste') {
                  versions = new Map(
                    (body.data!.applyChanges.records as { id: string; version: number }[]).map((r, i) => [mine[i]!, r.version]),
                  );
                }
              }
            } catch (error) {
              detail = (error as Error).message;
            }
            latencies.push(performance.now() - start);
            byOperation[operation] = (byOperation[operation] ?? 0) + 1;
            if (!ok) {
              failures++;
              if (errors.length < 20) errors.push(`${operation}: ${detail}`);
            }
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      results.push({
        users: phase.users,
        requests: latencies.length,
        errors: failures,
        byOperation,
        p50Ms: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
        maxMs: percentile(latencies, 1),
        requestsPerSecond: Math.round((latencies.length / (performance.now() - phaseStart)) * 1000),
      });
      console.log(`${phase.users} users: ${JSON.stringify(results.at(-1))}`);
    }
    clearInterval(sampler);
    await sleep(2000);
    await sample(0);

    console.log('\nusers  requests  errors  req/s  p50 ms  p95 ms  max ms');
    for (const r of results)
      console.log(
        `${String(r.users).padStart(5)}  ${String(r.requests).padStart(8)}  ${String(r.errors).padStart(6)}  ${String(r.requestsPerSecond).padStart(5)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p95Ms).padStart(6)}  ${String(r.maxMs).padStart(6)}`,
      );
    console.log(`\nserver RSS (MB) every 30 s: ${samples.map((s) => s.rssMb).join(' ')}`);
    console.log(`server heap in use (MB) every 30 s: ${samples.map((s) => s.heapUsedMb).join(' ')}`);
    if (errors.length) console.log(`\nfirst errors:\n${errors.join('\n')}`);
    const artifacts = new URL('../artifacts/', import.meta.url).pathname;
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(
      `${artifacts}soak.json`,
      `${JSON.stringify({ at: new Date().toISOString(), households: householdIds.length, results, samples, errors }, null, 2)}\n`,
    );
  } finally {
    await hub.stop();
    await client.end();
    if (!existing) await dropDatabasesStartingWith(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
