/**
 * The side-by-side benchmark of issue 13: the hub, PostGraphile v5 and hand-written SQL on bare node:http,
 * each its own process over the same database, the same six reads (./reads.ts), interleaved rounds.
 * Used by `pnpm bench:peers` (test/bench/peers.ts) and by its smoke test (test/bench.peers.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { spawnHub, type HubProcess } from '../../support/hubProcess';
import { READS, type Read, type ReadContext, type Request } from './reads';

export type Peer = 'hub' | 'postgraphile' | 'sql';

export interface PeerBenchOptions {
  /** a database seeded with the demo county (`pnpm hub seed --demo`); only read, but for a partner account made for read F */
  databaseUrl: string;
  /** the demo accounts' password */
  password: string;
  /** the hub's signed-in user: a demo account (admin, clerk) */
  user: string;
  connections: number;
  rounds: number;
  /** how long each peer is driven in each round */
  seconds: number;
  /** warm-up requests for each peer and read before the first round */
  warmup: number;
  /**
   * then each peer driven as in a round for this long, untimed, before the first round (none by default):
   * a server's first thousands of requests run in code its JIT has not optimized yet, at up to three times
   * its later CPU per request, and the peers leave that phase at different speeds (docs/benchmarks.md)
   */
  warmupSeconds?: number;
  /** the reads whose letter is, or whose name contains, this or one of these (all when absent) */
  only?: string | string[];
  /** leave PostGraphile out (its answers are then not checked either) */
  withoutPostgraphile?: boolean;
  /** the hub's worker processes (`serve --workers N`); 1 by default, one process as PostGraphile's */
  hubWorkers?: number;
  log?: (line: string) => void;
}

export interface PeerFigures {
  requests: number;
  perSecond: number;
  /** requests per second in each round, in order */
  rounds: number[];
  p50: number;
  p95: number;
}

export interface PeerResult {
  read: Read;
  /** the ids every peer answered in the equality check */
  ids: string[];
  figures: Partial<Record<Peer, PeerFigures>>;
}

const TEST_DIR = new URL('../..', import.meta.url).pathname;
/** the `node` package's binary (Node 22, which PostGraphile 5 needs), installed as a devDependency of test/ */
export const NODE_22 = `${TEST_DIR}node_modules/node/bin/node`;

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Starts a plain JavaScript server of ./ under the given Node and waits for its "listening on PORT" line. */
async function serve(node: string, script: string, env: Record<string, string>, label: string): Promise<Served> {
  const child: ChildProcess = spawn(node, [new URL(script, import.meta.url).pathname], {
    cwd: TEST_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start in 180 s:\n${output}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /listening on (\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      // SIGTERM, and SIGKILL if it has not exited 10 s later: the bench must not hang on a peer
      const exited = child.exitCode === null && child.signalCode === null ? once(child, 'exit') : null;
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

/** One HTTP request on a kept-alive connection (POST with a JSON body, GET without): its status, text and first cookie. */
export function exchange(
  agent: Agent,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        agent,
        method: body === undefined ? 'GET' : 'POST',
        headers:
          body === undefined
            ? headers
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            cookie: response.headers['set-cookie']?.[0]?.split(';')[0],
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One HTTP request on a kept-alive connection; the answer's body parsed, anything but 200 thrown. */
async function send(agent: Agent, url: string, body?: string, headers: Record<string, string> = {}): Promise<unknown> {
  const { status, text } = await exchange(agent, url, body, headers);
  if (status !== 200) throw new Error(`${url} answered ${status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** The GraphQL answer's data; errors thrown with the query, so a wrong hand-written query says which. */
async function graphql(agent: Agent, url: string, request: Request, headers: Record<string, string> = {}): Promise<unknown> {
  const answer = (await send(agent, `${url}/graphql`, JSON.stringify(request), headers)) as { data?: unknown; errors?: unknown[] };
  if (answer.errors)
    throw new Error(
      `${url} answered errors to ${request.query.replace(/\s+/g, ' ').slice(0, 200)}: ${JSON.stringify(answer.errors).slice(0, 1000)}`,
    );
  return answer.data;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

/** The reads' arguments, found in the database as its owner sees it. */
async function readContext(client: pg.Client, user: string): Promise<Omit<ReadContext, 'partnerSince'>> {
  const found = await client.query<{ role: string; helper_unit_id: number | null }>(
    'select role, helper_unit_id from app_user where username = $1',
    [user],
  );
  if (!found.rows[0]) throw new Error(`no user "${user}" in the database: use a demo account (admin, clerk)`);
  const villages =
    found.rows[0].role === 'CLERK'
      ? (
          await client.query<{ id: number }>(
            `select v.id from village v join user_scope s on s.township_id = v.township_id or s.village_id = v.id join app_user u on u.id = s.user_id where u.username = $1 order by v.id`,
            [user],
          )
        ).rows.map((r) => r.id)
      : null;
  const households = (
    await client.query<{ id: number }>('select id from household where $1::int[] is null or village_id = any($1) order by id', [villages])
  ).rows.map((r) => r.id);
  const poor = await client.query<{ village_id: number }>(
    `select village_id from household where status = 'POOR' and ($1::int[] is null or village_id = any($1)) group by village_id order by count(*) desc, village_id limit 1`,
    [villages],
  );
  // the unit with the most pairings, so that its page is a full one of 100 (the demo partner's unit has fewer)
  const partner = await client.query<{ helper_unit_id: number; pairings: number }>(
    `select c.helper_unit_id, count(*)::int as pairings from cadre_household_pairing p join cadre c on c.id = p.cadre_id group by 1 order by 2 desc, 1 limit 1`,
  );
  if (!poor.rows[0] || !households.length || !partner.rows[0])
    throw new Error('the database holds no demo county to measure (no POOR household or no pairing)');
  return {
    villages,
    households,
    poorVillage: poor.rows[0].village_id,
    partnerUnit: partner.rows[0].helper_unit_id,
    partnerPairings: partner.rows[0].pairings,
  };
}

/**
 * The cursor before the partner's pairings in its snapshot (`twinningChanges` without `since` walks the unit's
 * records type by type, each by id), so that the next page is its pairings in id order — what PostGraphile and
 * the SQL server read as "the unit's pairings by id". Found through the API alone: the snapshot is paged until
 * the first pairing, then that page is asked again only up to it.
 */
export async function partnerSince(agent: Agent, hubUrl: string, cookie: string): Promise<string> {
  const pull = async (since: string | null, first: number) =>
    (
      (await graphql(
        agent,
        hubUrl,
        {
          query: `query ($since: String, $first: Int) { twinningChanges(since: $since, first: $first) { cursor hasMore changes { __typename } } }`,
          variables: { since, first },
        },
        { cookie },
      )) as {
        twinningChanges: { cursor: string; hasMore: boolean; changes: { __typename: string }[] };
      }
    ).twinningChanges;
  let since: string | null = null;
  for (;;) {
    const page = await pull(since, 500);
    const first = page.changes.findIndex((c) => c.__typename === 'CadreHouseholdPairing');
    if (first === 0 && since) return since;
    if (first > 0) return (await pull(since, first)).cursor;
    if (!page.hasMore) throw new Error("the partner's snapshot holds no CadreHouseholdPairing: nothing to measure for read F");
    since = page.cursor;
  }
}

/** A PARTNER account of the unit, made through the API by the demo administrator the first time, and signed in. */
export async function partnerAccount(agent: Agent, hubUrl: string, client: pg.Client, unit: number, password: string): Promise<string> {
  const username = `bench-partner-${unit}`;
  const partnerPassword = `${password}-bench-partner`;
  if (!(await client.query('select 1 from app_user where username = $1', [username])).rowCount) {
    const input = {
      username,
      displayName: `bench ${unit}`,
      role: 'PARTNER',
      password: partnerPassword,
      helperUnitId: Buffer.from(`HelperUnit:${unit}`).toString('base64'),
    };
    const admin = await signIn(agent, hubUrl, 'admin', password);
    await graphql(
      agent,
      hubUrl,
      { query: `mutation ($input: CreateUserInput!) { createUser(input: $input) { username } }`, variables: { input } },
      { cookie: admin, 'apollo-require-preflight': 'true' },
    );
  }
  return signIn(agent, hubUrl, username, partnerPassword);
}

async function signIn(agent: Agent, hubUrl: string, username: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({
      query: `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`,
      variables: { u: username, p: password },
    });
    const req = httpRequest(
      `${hubUrl}/graphql`,
      { agent, method: 'POST', headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' } },
      (response) => {
        response.resume();
        const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
        if (response.statusCode === 200 && cookie) resolve(cookie);
        else reject(new Error(`signing in as ${username} failed (${response.statusCode})`));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `run` from `connections` loops for `seconds`; the latencies (ms) and the requests per second. */
async function drive(
  run: (i: number) => Promise<unknown>,
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await run(next++);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, elapsed: (performance.now() - started) / 1000 };
}

export async function benchPeers(options: PeerBenchOptions): Promise<PeerResult[]> {
  const log = options.log ?? console.log;
  const only = options.only === undefined ? [] : [options.only].flat();
  const reads = READS.filter((r) => !only.length || only.some((o) => r.letter === o || r.name.includes(o)));
  const peers: Peer[] = options.withoutPostgraphile ? ['hub', 'sql'] : ['hub', 'postgraphile', 'sql'];
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  await client.query('analyze'); // a fresh seed has no statistics yet, and all three peers' plans need them
  let agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  /**
   * New connections for each peer's turn: a kept-alive socket left idle through the other peers' turns is
   * closed by its server (Node's 5 s keep-alive timeout), and reusing it as that happens resets the request.
   */
  const freshConnections = () => {
    agent.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  };
  const running: (HubProcess | Served)[] = [];
  try {
    const starting = [
      spawnHub({ DATABASE_URL: options.databaseUrl, NODE_ENV: 'production' }, ['--workers', String(options.hubWorkers ?? 1)]),
      serve(
        process.execPath,
        './sqlServer.mjs',
        { DATABASE_URL: options.databaseUrl, CONNECTIONS: String(options.connections) },
        'the SQL server',
      ),
      options.withoutPostgraphile ? null : serve(NODE_22, './postgraphile.mjs', { DATABASE_URL: options.databaseUrl }, 'PostGraphile'),
    ];
    const started = await Promise.allSettled(starting);
    for (const s of started) if (s.status === 'fulfilled' && s.value) running.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [hub, sql, postgraphile] = started.map((s) => (s.status === 'fulfilled' ? s.value : null)) as [HubProcess, Served, Served | null];

    const cookie = await signIn(agent, hub.url, options.user, options.password);
    const base = await readContext(client, options.user);
    const partnerCookie = await partnerAccount(agent, hub.url, client, base.partnerUnit, options.password);
    const context: ReadContext = { ...base, partnerSince: await partnerSince(agent, hub.url, partnerCookie) };

    const ask: Record<Peer, (read: Read, i: number) => Promise<unknown>> = {
      hub: (read, i) => graphql(agent, hub.url, read.hub(context, i), { cookie: read.hubAsPartner ? partnerCookie : cookie }),
      postgraphile: (read, i) => graphql(agent, postgraphile!.url, read.postgraphile(context, i)),
      sql: (read, i) => send(agent, `${sql.url}/${read.letter}?p=${encodeURIComponent(JSON.stringify(read.sql(context, i)))}`),
    };

    // the same records from every peer, once, before any timing: otherwise the race is not fair
    const results: PeerResult[] = [];
    for (const read of reads) {
      const answers = {} as Record<Peer, string[]>;
      for (const peer of peers) answers[peer] = read.ids[peer](await ask[peer](read, 0));
      if (!answers.hub.length) throw new Error(`read ${read.letter} (${read.name}): the hub answered no records, nothing to compare`);
      for (const peer of peers) {
        if (JSON.stringify(answers[peer]) !== JSON.stringify(answers.hub)) {
          const at = answers.hub.findIndex((id, i) => answers[peer][i] !== id);
          const from = at < 0 ? answers[peer].length : at;
          throw new Error(
            `read ${read.letter} (${read.name}): ${peer} does not answer the same records as the hub, so timing them side by side would not be fair ` +
              `(${answers.hub.length} records against ${answers[peer].length}; the first difference at record ${from + 1}):\n` +
              `hub:   ${answers.hub
                .slice(from, from + 5)
                .join(' | ')
                .slice(0, 1500)}\n${peer}: ${answers[peer]
                .slice(from, from + 5)
                .join(' | ')
                .slice(0, 1500)}`,
          );
        }
      }
      results.push({ read, ids: answers.hub, figures: {} });
    }
    log(`answers checked: ${results.map((r) => `${r.read.letter} ${r.ids.length} records`).join(', ')}; every peer answered the same`);

    const loadBefore = loadavg();
    for (const result of results) {
      const { read } = result;
      const latencies = Object.fromEntries(peers.map((p) => [p, [] as number[]])) as Record<Peer, number[]>;
      const elapsed = Object.fromEntries(peers.map((p) => [p, 0])) as Record<Peer, number>;
      const perRound = Object.fromEntries(peers.map((p) => [p, [] as number[]])) as Record<Peer, number[]>;
      // warm-up (the agent keeps `connections` sockets, so these queue on them)
      for (const peer of peers) {
        freshConnections();
        await Promise.all(Array.from({ length: options.warmup }, (_, i) => ask[peer](read, i)));
        if (options.warmupSeconds) await drive((i) => ask[peer](read, i + 1_000_000), options.connections, options.warmupSeconds);
      }
      // interleaved: hub, PostGraphile, SQL, hub, …, so a load that comes and goes falls on all three
      for (let round = 0; round < options.rounds; round++) {
        for (const peer of peers) {
          freshConnections();
          const run = await drive((i) => ask[peer](read, i + round * 100_000), options.connections, options.seconds);
          latencies[peer].push(...run.latencies);
          elapsed[peer] += run.elapsed;
          perRound[peer].push(run.latencies.length / run.elapsed);
        }
      }
      for (const peer of peers) {
        const sorted = latencies[peer].sort((a, b) => a - b);
        result.figures[peer] = {
          requests: sorted.length,
          perSecond: sorted.length / elapsed[peer],
          rounds: perRound[peer],
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
        };
      }
      log(formatRow(result));
    }
    log(`load average (1 min) ${loadBefore[0]!.toFixed(1)} before the timed rounds, ${loadavg()[0]!.toFixed(1)} after`);
    return results;
  } finally {
    agent.destroy();
    await Promise.all(running.map((r) => r.stop()));
    await client.end();
  }
}

const figure = (f: PeerFigures | undefined) =>
  f ? `${Math.round(f.perSecond)} req/s, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms` : '—';

export function formatRow(result: PeerResult): string {
  const { hub, postgraphile, sql } = result.figures;
  const overPeer = hub && postgraphile ? (hub.perSecond / postgraphile.perSecond).toFixed(2) : '—';
  const overSql = hub && sql ? (hub.p50 / sql.p50).toFixed(2) : '—';
  return `| ${result.read.letter}. ${result.read.name} | ${figure(hub)} | ${figure(postgraphile)} | ${figure(sql)} | ${overPeer} | ${overSql} |`;
}

/**
 * Each round's requests per second by peer, and the median over the rounds of the hub's ÷ PostGraphile's in the
 * same round: the turns of one round are seconds apart, so a load that comes and goes moves both alike.
 */
export function formatRounds(result: PeerResult): string {
  const { hub, postgraphile } = result.figures;
  const byPeer = Object.entries(result.figures).map(([peer, f]) => `${peer} ${f!.rounds.map((x) => Math.round(x)).join(' ')}`);
  const ratios = hub && postgraphile ? hub.rounds.map((h, i) => h / postgraphile.rounds[i]!) : [];
  const sorted = [...ratios].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  const median = sorted.length ? (sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2) : null;
  return (
    `${result.read.letter}: req/s by round: ${byPeer.join('; ')}` +
    (median === null ? '' : `; hub ÷ PostGraphile by round ${ratios.map((r) => r.toFixed(2)).join(' ')}, median ${median.toFixed(2)}`)
  );
}

export const TABLE_HEAD = [
  '| read | hub | PostGraphile v5.1.5 (amber) | one statement on bare node:http | hub ÷ PostGraphile req/s (goal > 1) | hub p50 ÷ SQL p50 (goal ≤ 1.5) |',
  '| --- | --- | --- | --- | --- | --- |',
];
