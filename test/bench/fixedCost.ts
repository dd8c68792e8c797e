/**
 * `pnpm exec tsx test/bench/fixedCost.ts --database-url URL [--hub DIR]… [--read C]… [--peers] [--as admin]
 * [--connections 4] [--rounds 6] [--seconds 5] [--workers 1] [--cpu-prof DIR]`: the server's CPU per request
 * on the small reads of `pnpm bench:peers` (test/bench/peers/reads.ts, C and D by default), where a request's
 * fixed cost is most of the work (issue 13); `--read F`, the partner sync page, signs in as bench:peers' PARTNER
 * account of the unit with the most pairings and reads the page after its snapshot's cursor, as bench:peers does.
 *
 * Each `--hub` is a checkout of the hub (a worktree: main and a branch, say; this one by default), served as
 * `pnpm hub serve --workers N` runs it (NODE_ENV=production) over the same database seeded by `pnpm hub seed
 * --demo` (HUB_DEMO_PASSWORD or the default password); `--peers` adds PostGraphile and the hand-written SQL
 * server of `pnpm bench:peers`. The servers are driven in turn, round by round, from `connections` kept-alive
 * connections, so that the machine's load falls on each alike. The figure of record is each server's own
 * user + system CPU (from /proc/PID/stat, a hub's workers included) over its requests, which other
 * processes' load inflates far less than it does latencies. Prints req/s, p50 and CPU per request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { exchange, NODE_22, partnerAccount, partnerSince } from './peers/bench';
import { READS, type Read, type ReadContext } from './peers/reads';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    hub: { type: 'string', multiple: true },
    read: { type: 'string', multiple: true },
    peers: { type: 'boolean', default: false },
    as: { type: 'string', default: 'admin' },
    connections: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '5' },
    workers: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
  },
  strict: true,
});
const databaseUrl = values['database-url'];
if (!databaseUrl) throw new Error('--database-url: a database seeded with `pnpm hub seed --demo`');
const password = process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo';
const TEST_DIR = new URL('..', import.meta.url).pathname;
const dirs = (values.hub ?? [new URL('../..', import.meta.url).pathname]).map((d) => resolve(d));
const reads = READS.filter((r) => (values.read ?? ['C', 'D']).includes(r.letter));
const connections = Number(values.connections);

interface Target {
  label: string;
  child: ChildProcess;
  ask(agent: Agent, read: Read, context: ReadContext, i: number): Promise<void>;
}

/** Starts a server process and waits for the line saying its port. */
async function start(command: string, args: string[], cwd: string, env: Record<string, string>, listening: RegExp) {
  const child = spawn(command, args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: '0',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl!,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const found = listening.exec(out)?.[1];
      if (found) ok(found);
    });
    child.once('exit', (code) => fail(new Error(`${command} ${args.join(' ')} in ${cwd} exited (${code}):\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function checked(label: string, answer: Promise<{ status: number; text: string }>): Promise<void> {
  const { status, text } = await answer;
  if (status !== 200 || text.startsWith('{"errors"')) throw new Error(`${label}: ${status} ${text.slice(0, 300)}`);
}

/** For a read as a partner (F): the unit with the most pairings, its PARTNER account and snapshot cursor (bench.ts) */
interface PartnerRead {
  context: ReadContext;
  client: pg.Client;
}

async function hubTarget(dir: string, partner: PartnerRead | null): Promise<Target> {
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(values['cpu-prof'])] : [];
  const { child, url } = await start(
    process.execPath,
    [...profile, '--import', 'tsx', 'server/src/cli.ts', 'serve', '--workers', values.workers!],
    dir,
    {},
    /running: http:\/\/localhost:(\d+)\//,
  );
  const agent = new Agent({ keepAlive: true });
  const login = await exchange(
    agent,
    `${url}/graphql`,
    JSON.stringify({
      query: `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`,
      variables: { u: values.as, p: password },
    }),
    { 'apollo-require-preflight': 'true' },
  );
  if (!login.cookie) throw new Error(`signing in to the hub in ${dir} failed: ${login.text}`);
  const cookie = login.cookie;
  let partnerCookie = cookie;
  if (partner) {
    partnerCookie = await partnerAccount(agent, url, partner.client, partner.context.partnerUnit, password);
    // the cursor of the first hub asked: every hub reads the same database
    partner.context.partnerSince ||= await partnerSince(agent, url, partnerCookie);
  }
  agent.destroy();
  return {
    label: `hub ${dir}`,
    child,
    ask: (a, read, context, i) =>
      checked(
        dir,
        exchange(a, `${url}/graphql`, JSON.stringify(read.hub(context, i)), { cookie: read.hubAsPartner ? partnerCookie : cookie }),
      ),
  };
}

/** user and system CPU of a process and its children (a hub's workers), in clock ticks (USER_HZ, 100 a second) */
function cpuTicks(pid: number): { user: number; system: number } {
  const own = (p: number) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { user: Number(fields[11]), system: Number(fields[12]) };
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: one process
  }
  return [pid, ...children].map(own).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }));
}
const TICK_MS = 10;

/**
 * CPU ticks of the PostgreSQL backends connected to the measured database (their process title names it), by
 * pid: during a server's turn only its own connections are busy, so the growth over the turn is its statements'.
 */
function databaseTicks(database: string): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

function ticksSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
}
const databaseName = new URL(databaseUrl).pathname.slice(1);

async function main() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const poor = await client.query<{ village_id: number }>(
    `select village_id from household where status = 'POOR' group by village_id order by count(*) desc, village_id limit 1`,
  );
  const households = (await client.query<{ id: number }>('select id from household order by id')).rows.map((r) => r.id);
  // read F: the unit with the most pairings, as bench:peers picks it
  const unit = await client.query<{ helper_unit_id: number; pairings: number }>(
    `select c.helper_unit_id, count(*)::int as pairings from cadre_household_pairing p join cadre c on c.id = p.cadre_id group by 1 order by 2 desc, 1 limit 1`,
  );
  // the administrator's view (every village): the reads C and D need no more
  const context: ReadContext = {
    villages: null,
    poorVillage: poor.rows[0]!.village_id,
    households,
    partnerUnit: unit.rows[0]?.helper_unit_id ?? 0,
    partnerPairings: unit.rows[0]?.pairings ?? 0,
    partnerSince: '',
  };
  const partner = reads.some((r) => r.hubAsPartner) ? { context, client } : null;

  const targets: Target[] = [];
  try {
    for (const dir of dirs) targets.push(await hubTarget(dir, partner));
    await client.end();
    if (values.peers) {
      const graphile = await start(NODE_22, ['bench/peers/postgraphile.mjs'], TEST_DIR, {}, /listening on (\d+)/);
      targets.push({
        label: 'PostGraphile',
        child: graphile.child,
        ask: (a, read, c, i) => checked('PostGraphile', exchange(a, `${graphile.url}/graphql`, JSON.stringify(read.postgraphile(c, i)))),
      });
      const bare = await start(
        process.execPath,
        ['bench/peers/sqlServer.mjs'],
        TEST_DIR,
        { CONNECTIONS: String(connections) },
        /listening on (\d+)/,
      );
      targets.push({
        label: 'SQL',
        child: bare.child,
        ask: (a, read, c, i) =>
          checked('SQL', exchange(a, `${bare.url}/${read.letter}?p=${encodeURIComponent(JSON.stringify(read.sql(c, i)))}`, undefined)),
      });
    }
    console.log(
      `load average at start ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}`,
    );
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    for (const read of reads) {
      const figures = targets.map(() => ({
        requests: 0,
        elapsed: 0,
        latencies: [] as number[],
        cpu: [] as number[],
        system: [] as number[],
        database: [] as number[],
        rss: [] as number[],
      }));
      for (const target of targets) {
        const agent = new Agent({ keepAlive: true, maxSockets: connections });
        await Promise.all(Array.from({ length: 200 }, (_, i) => target.ask(agent, read, context, i)));
        agent.destroy();
      }
      for (let round = 0; round < Number(values.rounds); round++) {
        for (const [t, target] of targets.entries()) {
          const f = figures[t]!;
          const agent = new Agent({ keepAlive: true, maxSockets: connections });
          const ticks = cpuTicks(target.child.pid!);
          const backends = databaseTicks(databaseName);
          const started = performance.now();
          const until = started + Number(values.seconds) * 1000;
          let next = round * 100_000;
          let requests = 0;
          await Promise.all(
            Array.from({ length: connections }, async () => {
              while (performance.now() < until) {
                const sent = performance.now();
                await target.ask(agent, read, context, next++);
                f.latencies.push(performance.now() - sent);
                requests++;
              }
            }),
          );
          f.elapsed += (performance.now() - started) / 1000;
          f.requests += requests;
          const after = cpuTicks(target.child.pid!);
          f.cpu.push(((after.user + after.system - ticks.user - ticks.system) * TICK_MS) / requests);
          f.system.push(((after.system - ticks.system) * TICK_MS) / requests);
          f.database.push((ticksSince(backends, databaseTicks(databaseName)) * TICK_MS) / requests);
          f.rss.push(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${target.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
          agent.destroy();
        }
      }
      for (const [t, target] of targets.entries()) {
        const f = figures[t]!;
        console.log(
          `${read.letter} ${target.label}: ${Math.round(f.requests / f.elapsed)} req/s, p50 ${median(f.latencies).toFixed(2)} ms, ` +
            `CPU ${median(f.cpu).toFixed(3)} ms/request, of which system ${median(f.system).toFixed(3)}; PostgreSQL ${median(f.database).toFixed(3)} ms/request (rounds: ${f.cpu.map((c) => c.toFixed(3)).join(' ')}; RSS ${f.rss.map((r) => r.toFixed(0)).join(' ')} MB)`,
        );
      }
    }
    console.log(
      `load average at end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}`,
    );
  } finally {
    for (const target of targets) {
      const exited = new Promise((ok) => target.child.once('exit', ok));
      target.child.kill('SIGTERM');
      await exited;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
