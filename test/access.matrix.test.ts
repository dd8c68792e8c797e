import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../schema/src/schema';
import { globalId } from '../schema/src/graph/ids';
import { resources } from '../schema/src/graph/registry';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * Role × operation × type, over every record type the registry knows (a new type is in the matrix the day
 * it is added): what each demo account can list, count, filter, and write.
 */
describe('the access matrix, for every record type', () => {
  let server: TestServer;
  const sessions: Record<string, string> = {};
  let township: string;
  const all = [...resources.values()];

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database);
    for (const user of ['admin', 'clerk', 'analyst', 'partner']) sessions[user] = await server.signIn(user, inject('demoPassword'));
    township = globalId(
      'Township',
      (await database.db.selectFrom('township').select('id').where('name', '=', '泗城镇').executeTakeFirstOrThrow()).id,
    );
  });

  const count = async (user: string, list: string, filter?: Any) => {
    const result = await server.graphql<Any>(
      `query ($f: ${filterType(list)}) { ${list}(filter: $f) { totalCount nodes { id } } }`,
      { f: filter ?? null },
      { cookie: sessions[user] },
    );
    expect(result.errors).toBeUndefined();
    return result.data![list] as { totalCount: number; nodes: { id: string }[] };
  };
  const filterType = (list: string) => `${all.find((r) => r.config.plural === list)!.config.name}Filter`;

  it('lets a clerk see, of every township-bound type, only records of her township (nothing matches "not in her township")', async () => {
    for (const resource of all) {
      const { plural, public: isPublic, division } = resource.config;
      if (isPublic) continue;
      const mine = await count('clerk', plural);
      // a type in no township (fund sources: in a county only) is none of a clerk's
      if (!division?.township) {
        expect({ type: plural, seen: mine.totalCount }).toEqual({ type: plural, seen: 0 });
        continue;
      }
      const outside = await count('clerk', plural, { not: { townshipId: township } });
      expect({ type: plural, outside: outside.totalCount }).toEqual({ type: plural, outside: 0 });
      // and the count agrees with what an administrator sees for her township
      const adminView = await count('admin', plural, { townshipId: township });
      expect({ type: plural, count: mine.totalCount }).toEqual({ type: plural, count: adminView.totalCount });
    }
  });

  it('lets an analyst count everything an administrator counts', async () => {
    for (const resource of all) {
      const { plural } = resource.config;
      expect({ type: plural, count: (await count('analyst', plural)).totalCount }).toEqual({
        type: plural,
        count: (await count('admin', plural)).totalCount,
      });
    }
  });

  it('shows a partner nothing of the types it has no rule for, and no more than an administrator of the others', async () => {
    for (const resource of all) {
      const { plural, partner, public: isPublic } = resource.config;
      const seen = (await count('partner', plural)).totalCount;
      if (!isPublic && !partner) expect({ type: plural, seen }).toEqual({ type: plural, seen: 0 });
      else expect(seen).toBeLessThanOrEqual((await count('admin', plural)).totalCount);
    }
  });

  it('refuses every create to an analyst, and creates of public reference data to a clerk, as FORBIDDEN before reading the input', async () => {
    for (const resource of all) {
      if (resource.config.editable === false) continue;
      const { name, public: isPublic } = resource.config;
      const attempt = (user: string) =>
        server.graphql<Any>(
          `mutation ($input: Create${name}Input!) { create${name}(input: $input) { __typename } }`,
          { input: {} },
          { cookie: sessions[user] },
        );
      const analyst = await attempt('analyst');
      // an empty input fails GraphQL's own checks first when the type has required fields; either way nothing is written
      expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(analyst.errors?.[0]?.extensions?.code);
      if (isPublic) expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain((await attempt('clerk')).errors?.[0]?.extensions?.code);
    }
    const analystWrite = await server.graphql<Any>(
      `mutation { createPovertyLine(input: { year: 2030, amount: "5000" }) { povertyLine { id } } }`,
      {},
      { cookie: sessions.analyst },
    );
    expect(analystWrite.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const clerkWrite = await server.graphql<Any>(
      `mutation { createPovertyLine(input: { year: 2030, amount: "5000" }) { povertyLine { id } } }`,
      {},
      { cookie: sessions.clerk },
    );
    expect(clerkWrite.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers `node` for a record outside the reader’s scope as not found, for every type', async () => {
    for (const resource of all) {
      const { name, plural, public: isPublic, division } = resource.config;
      if (isPublic) continue;
      // a record an administrator sees outside the clerk's township (any record, for types clerks never see)
      const outside = await count('admin', plural, !division?.township ? undefined : { not: { townshipId: township } });
      const hidden = outside.nodes[0]?.id;
      if (!hidden) continue;
      const result = await server.graphql<Any>(`query ($id: ID!) { node(id: $id) { id } }`, { id: hidden }, { cookie: sessions.clerk });
      expect({ type: name, node: result.data?.node }).toEqual({ type: name, node: null });
    }
  });
});
