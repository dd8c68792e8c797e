import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createUser, type HubDatabase } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';
import { rowIdOf } from './bench/peers/reads';

/**
 * A read with its viewer known goes in one round trip of prepared statements (schema/src/db/lazyBegin.ts):
 * the viewer check and the scope, then the statement, which each connection parses once and keeps. What is
 * kept must never outlive what it depends on: a statement's plan serves the scope of the request at hand
 * (a clerk's narrower scope holds at her next request), and a connection keeps a bounded number of them.
 * One pooled connection here, so that every request meets what the previous ones left on it.
 */
describe('statements prepared on a connection', () => {
  let database: HubDatabase;
  let server: TestServer;
  let clerk: string;
  let clerkId: number;
  let villages: number[];
  /** household ids by village */
  let byVillage: Map<number, number[]>;

  beforeAll(async () => {
    const { url } = await freshDatabase();
    database = await connect({ databaseUrl: url, maxConnections: 1 });
    await smallCounty(database.db, { villages: 3, households: 2, members: 1 });
    villages = (await database.db.selectFrom('village').select('id').orderBy('id').execute()).map((v) => v.id);
    byVillage = new Map(villages.map((v) => [v, []]));
    for (const h of await database.db.selectFrom('household').select(['id', 'villageId']).orderBy('id').execute())
      byVillage.get(h.villageId)!.push(h.id);
    clerkId = await createUser(database.db, {
      username: 'clerk',
      displayName: '录入员',
      role: 'CLERK',
      password: 'clerk-password',
      villageIds: villages.slice(0, 2),
    });
    server = await startServer(database);
    for (let i = 0; i < 200 && !database.viewers!.listening; i++) await new Promise((r) => setTimeout(r, 50));
    expect(database.viewers!.listening).toBe(true);
    clerk = await server.signIn('clerk', 'clerk-password');
  });
  afterAll(() => database.close());

  /** the ids of the households a query of `fields` answers the clerk, sorted */
  async function visible(fields: string): Promise<number[]> {
    const result = await server.graphql<{ households: { nodes: { id: string }[] } }>(
      `{ households(first: 50, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id ${fields} } } }`,
      {},
      { cookie: clerk },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.households.nodes.map((h) => Number(rowIdOf(h.id))).sort((a, b) => a - b);
  }
  const householdsOf = (...ids: number[]) => ids.flatMap((v) => byVillage.get(v)!).sort((a, b) => a - b);

  /** the statements prepared on the pool's one connection: the scoped reads' (hub_q…) and the rest */
  async function prepared(): Promise<{ reads: number; all: number }> {
    const { rows } = await sql<{
      reads: number;
      all: number;
    }>`select count(*) filter (where name like 'hub_q%')::int as reads, count(*)::int as "all"
      from pg_prepared_statements`.execute(database.db);
    return rows[0]!;
  }

  it('keeps at most 64 statements on a connection, closing the least recently used, and answers right after closing', async () => {
    const fields = [
      'address',
      'arableLandMu',
      'continuedSupport',
      'exitYear',
      'forestLandMu',
      'hasPower',
      'hasRoad',
      'hasSafeWater',
      'hasTv',
      'identificationYear',
      'note',
      'phone',
    ];
    const pairs = fields.flatMap((a, i) => fields.slice(i + 1).map((b) => `${a} ${b}`));
    expect(pairs.length).toBeGreaterThan(64);
    const expected = householdsOf(villages[0]!, villages[1]!);
    for (const pair of pairs) expect({ pair, ids: await visible(pair) }).toEqual({ pair, ids: expected });
    const kept = await prepared();
    expect(kept.reads).toBe(64);
    // the two preludes (viewer check and scope) besides the reads: nothing else accumulates
    expect(kept.all).toBe(66);
    // the first one was closed long ago: parsed again, and right
    expect(await visible(pairs[0]!)).toEqual(expected);
    expect((await prepared()).reads).toBe(64);
  });

  it('answers a clerk by her new scope at her next request, with her statement kept and its plan reused', async () => {
    // past PostgreSQL's five custom plans, so that the statement runs on its kept generic plan
    for (let i = 0; i < 8; i++) expect(await visible('householdNumber')).toEqual(householdsOf(villages[0]!, villages[1]!));
    // the first request after a change looks the clerk up again; the next ones are kept reads with her new scope
    await database.db.deleteFrom('userScope').where('userId', '=', clerkId).where('villageId', '=', villages[0]!).execute();
    for (let i = 0; i < 3; i++) expect(await visible('householdNumber')).toEqual(householdsOf(villages[1]!));
    await database.db.insertInto('userScope').values({ userId: clerkId, townshipId: null, villageId: villages[2]! }).execute();
    for (let i = 0; i < 3; i++) expect(await visible('householdNumber')).toEqual(householdsOf(villages[1]!, villages[2]!));
  });
});
