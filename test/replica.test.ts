import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type HubDatabase, type ReplicaStatus } from '../schema/src/index';
import { seedDemo } from '../schema/src/demo/index';
import { uniqueName } from './support/postgres';
import { readConfig } from '../server/src/config';
import { spawnHub } from './support/hubProcess';
import { createReplicatedClusters, type ReplicatedClusters } from './support/replicaCluster';
import { startServer, type TestServer } from './support/server';
import { Replica as PartnerCopy, visibleThroughLists } from './support/sync';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const PASSWORD = 'replica-test-password';
/** the replica's config file that holds its apply delay back (a replica far behind, on purpose) */
const DELAY_CONF = '/etc/postgresql/15/hubreplica_r/conf.d/delay.conf';

describe('read replica settings', () => {
  it('takes DATABASE_READ_URL and HUB_REPLICA_MAX_LAG, and refuses bad values saying which and why', () => {
    const primary = 'postgres://hub@db/lingyun';
    expect(
      readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://hub@replica/lingyun', HUB_REPLICA_MAX_LAG: '2.5' }),
    ).toMatchObject({ readUrl: 'postgres://hub@replica/lingyun', maxLagMs: 2500 });
    expect(readConfig({ DATABASE_URL: primary })).toMatchObject({ readUrl: undefined, maxLagMs: undefined });
    expect(() => readConfig({ DATABASE_URL: primary, HUB_REPLICA_MAX_LAG: 'soon' })).toThrow(
      /HUB_REPLICA_MAX_LAG=soon .*positive number of seconds/,
    );
    expect(() => readConfig({ DATABASE_URL: primary, HUB_REPLICA_MAX_LAG: '0' })).toThrow(/HUB_REPLICA_MAX_LAG=0/);
    expect(() => readConfig({ DATABASE_READ_URL: 'postgres://hub@replica/lingyun' })).toThrow(
      /DATABASE_READ_URL is set without DATABASE_URL/,
    );
  });
});

/**
 * Read replicas (issue 16, docs/replicas.md) on real PostgreSQL streaming replication: a primary and a
 * replica of this file's own (support/replicaCluster.ts; root, as in CI), a demo county on the primary, and the
 * hub pointed at both. Two hubs share the database: `steady`, whose lag limit is a minute (so that a replica
 * held back for a test is still used), and `strict`, whose limit is 1.5 s.
 */
describe('read replicas (DATABASE_READ_URL)', { timeout: 240_000 }, () => {
  let clusters: ReplicatedClusters;
  let name: string;
  const databases: HubDatabase[] = [];
  let steady: TestServer;
  let strict: TestServer;
  let steadyDb: HubDatabase;
  let strictDb: HubDatabase;
  const sessions: Record<string, string> = {};

  beforeAll(async () => {
    clusters = await createReplicatedClusters();
    name = uniqueName('fupin_replica');
    await clusters.query('primary', 'postgres', `create database ${name}`);
    const setup = await connect({ databaseUrl: clusters.primaryUrl(name) });
    try {
      await migrateToLatest(setup.db);
      await seedDemo(setup.db, { households: 1500, password: PASSWORD });
    } finally {
      await setup.close();
    }
    await clusters.caughtUp();
    const open = async (maxLagMs: number) => {
      const database = await connect({ databaseUrl: clusters.primaryUrl(name), readUrl: clusters.replicaUrl(name), maxLagMs });
      databases.push(database);
      return database;
    };
    steadyDb = await open(60_000);
    strictDb = await open(1_500);
    steady = await startServer(steadyDb);
    strict = await startServer(strictDb);
    for (const user of ['admin', 'clerk', 'analyst', 'partner']) sessions[user] = await steady.signIn(user, PASSWORD);
  }, 300_000);

  afterAll(async () => {
    for (const database of databases) await database.close().catch(() => {});
    await rm(DELAY_CONF, { force: true });
    await clusters?.drop();
  }, 120_000);

  const health = async (server: TestServer) =>
    (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; replica: ReplicaStatus };
  /** waits (up to 30 s) until the hub's health says analysts' reads go to `reads` */
  const readsGoTo = async (server: TestServer, reads: ReplicaStatus['reads'], state?: ReplicaStatus['state']) => {
    let last: Awaited<ReturnType<typeof health>> | undefined;
    for (let i = 0; i < 300; i++) {
      last = await health(server);
      if (last.replica.reads === reads && (!state || last.replica.state === state)) return last;
      await sleep(100);
    }
    throw new Error(`reads did not go to the ${reads} (${state ?? 'any state'}): ${JSON.stringify(last)}`);
  };
  const gql = async (server: TestServer, user: string, query: string, variables: Any = {}) => {
    const result = await server.graphql<Any>(query, variables, { cookie: sessions[user]! });
    if (result.errors) throw new Error(`${user}: ${JSON.stringify(result.errors)}`);
    return result.data!;
  };
  const addressOf = async (server: TestServer, user: string, id: string) =>
    (await gql(server, user, `query ($id: ID!) { node(id: $id) { ... on Household { address } } }`, { id })).node.address as string;
  const onPrimary = (text: string, values?: unknown[]) => clusters.query('primary', name, text, values);
  const onReplica = (text: string, values?: unknown[]) => clusters.query('replica', name, text, values);
  /** a household of the clerk's township (so that every account reads it), its row id and global id */
  const aHousehold = async () => {
    const node = (await gql(steady, 'clerk', `{ households(first: 1) { nodes { id } } }`)).households.nodes[0];
    return { id: node.id as string, row: Number(Buffer.from(node.id, 'base64').toString().split(':')[1]) };
  };

  it('serves analysts (queries and exports) from the replica, clerks and administrators from the primary', async () => {
    expect((await readsGoTo(steady, 'replica', 'streaming')).status).toBe('ok');
    const household = await aHousehold();
    const before = await addressOf(steady, 'analyst', household.id);
    await onReplica('select pg_wal_replay_pause()');
    try {
      // written on the primary while the replica replays nothing: only a read on the primary sees it
      await onPrimary('update household set address = $1 where id = $2', ['凌云县泗城镇 复制测试 1 号', household.row]);
      expect(await addressOf(steady, 'clerk', household.id)).toBe('凌云县泗城镇 复制测试 1 号');
      expect(await addressOf(steady, 'admin', household.id)).toBe('凌云县泗城镇 复制测试 1 号');
      expect(await addressOf(steady, 'analyst', household.id)).toBe(before);
      const exported = async (user: string) => {
        const response = await fetch(`${steady.url}/export/households.csv?columns=householdNumber,address&locale=en`, {
          headers: { cookie: sessions[user]! },
        });
        expect(response.status).toBe(200);
        return response.text();
      };
      expect(await exported('analyst')).not.toContain('复制测试 1 号');
      expect(await exported('clerk')).toContain('复制测试 1 号');
      // an analyst's own write (here, signing out and in again) goes to the primary, and works
      const again = await steady.graphql<Any>(`mutation { logout }`, {}, { cookie: sessions.analyst! });
      expect(again.errors).toBeUndefined();
      sessions.analyst = await steady.signIn('analyst', PASSWORD);
      // … and the new session is known at once: credentials are looked up on the primary
      expect(await addressOf(steady, 'analyst', household.id)).toBe(before);
      expect((await health(steady)).replica).toMatchObject({ reads: 'replica', state: 'streaming' });
    } finally {
      await onReplica('select pg_wal_replay_resume()');
    }
    await clusters.caughtUp();
    expect(await addressOf(steady, 'analyst', household.id)).toBe('凌云县泗城镇 复制测试 1 号');
  });

  it('sends analysts to the primary while the replica lags beyond the limit, and says so on /healthz', async () => {
    await readsGoTo(strict, 'replica', 'streaming');
    const household = await aHousehold();
    await onReplica('select pg_wal_replay_pause()');
    try {
      await onPrimary('update household set address = $1 where id = $2', ['凌云县泗城镇 复制测试 2 号', household.row]);
      const lagging = await readsGoTo(strict, 'primary', 'lagging');
      expect(lagging.status).toBe('ok');
      expect(lagging.replica.lagMs).toBeGreaterThan(1_500);
      expect(lagging.replica.reason).toMatch(/HUB_REPLICA_MAX_LAG/);
      // the analyst now reads on the primary, where the write is …
      expect(await addressOf(strict, 'analyst', household.id)).toBe('凌云县泗城镇 复制测试 2 号');
      // … which the replica has not replayed (the other hub, with its minute of patience, still reads there)
      expect((await onReplica('select address from household where id = $1', [household.row]))[0]!.address).not.toBe(
        '凌云县泗城镇 复制测试 2 号',
      );
      expect(await addressOf(steady, 'analyst', household.id)).not.toBe('凌云县泗城镇 复制测试 2 号');
    } finally {
      await onReplica('select pg_wal_replay_resume()');
    }
    const back = await readsGoTo(strict, 'replica', 'streaming');
    expect(back.replica.lagMs).toBeLessThanOrEqual(1_500);
    expect(await addressOf(strict, 'analyst', household.id)).toBe('凌云县泗城镇 复制测试 2 号');
  });

  it('is configured from the environment: `hub serve` with DATABASE_READ_URL reads on the replica and reports it', async () => {
    const hub = await spawnHub(
      { DATABASE_URL: clusters.primaryUrl(name), DATABASE_READ_URL: clusters.replicaUrl(name), HUB_REPLICA_MAX_LAG: '7' },
      ['--workers', '1'],
    );
    try {
      let status: ReplicaStatus | undefined;
      for (let i = 0; i < 300 && status?.reads !== 'replica'; i++, await sleep(100))
        status = ((await (await fetch(`${hub.url}/healthz`)).json()) as { replica: ReplicaStatus }).replica;
      expect(status).toMatchObject({ reads: 'replica', state: 'streaming', maxLagMs: 7_000 });
    } finally {
      await hub.stop();
    }
  });

  it('keeps partner sync exact across a replica restart and a replica far behind the cursor', async () => {
    const copy = new PartnerCopy(steady, { cookie: sessions.partner! });
    await clusters.caughtUp();
    await copy.pull();
    const pairing = (await gql(steady, 'partner', `{ cadreHouseholdPairings(first: 1) { nodes { id } } }`)).cadreHouseholdPairings.nodes[0]
      .id as string;
    const visit = async (content: string) =>
      (
        await gql(
          steady,
          'partner',
          `mutation ($p: ID!, $c: String!) { createVisitLog(input: { pairingId: $p, visitedOn: "2016-05-01", mode: PHONE, content: $c }) { visitLog { id } } }`,
          { p: pairing, c: content },
        )
      ).createVisitLog.visitLog.id as string;
    const contents = () => new Set([...copy.records.values()].filter((r) => r.__typename === 'VisitLog').map((r) => r.content as string));

    // the replica stops: the partner's pull is served by the primary, and the health says why
    await clusters.stopReplica();
    const first = await visit('复制测试 副本停机时的走访');
    await copy.pull();
    expect(contents()).toContain('复制测试 副本停机时的走访');
    expect((await health(steady)).replica).toMatchObject({ reads: 'primary', state: 'unreachable' });

    // it comes back far behind (its apply delay holds back every commit): the cursor the primary handed out
    // is past what it has replayed, so the next page cannot come from it
    await writeFile(DELAY_CONF, "recovery_min_apply_delay = '1h'\n");
    await clusters.startReplica();
    const second = await visit('复制测试 副本落后时的走访');
    await readsGoTo(steady, 'replica', 'streaming');
    const rowOf = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);
    expect(await onReplica('select id from visit_log where id = any($1)', [[rowOf(first), rowOf(second)]])).toEqual([]);
    await copy.pull();
    expect(contents()).toContain('复制测试 副本落后时的走访');

    // it catches up: the pulls come from it again, and the copy is exactly what the partner may see
    await rm(DELAY_CONF);
    await onReplica('select pg_reload_conf()');
    await clusters.caughtUp();
    await visit('复制测试 副本追上后的走访');
    await clusters.caughtUp();
    await copy.pull();
    expect(contents()).toContain('复制测试 副本追上后的走访');
    expect(copy.versions()).toEqual(await visibleThroughLists(steady, { cookie: sessions.partner! }));
  });
});
