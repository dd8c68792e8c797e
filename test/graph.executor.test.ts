import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { smallCounty } from './support/fixtures';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * Operations run on graphql-jit (server/src/compiledExecutor.ts) with graphql-js's variables: what a client
 * sends through variables means what it meant under graphql-js, and is refused as it was.
 */
describe('the compiled executor', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let households: { id: number; householdNumber: string; status: string }[];

  beforeAll(async () => {
    database = await freshDatabase();
    await smallCounty(database.db, { villages: 2, households: 3, members: 1 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
    households = await database.db.selectFrom('household').select(['id', 'householdNumber', 'status']).orderBy('id').execute();
  });

  it('skips and includes fields by a Boolean variable, its default included', async () => {
    const query = `query ($s: Boolean!, $d: Boolean = true) { households(first: 1, orderBy: [{ field: HOUSEHOLD_NUMBER }]) {
      nodes { householdNumber @include(if: $s) status @skip(if: $s) id @include(if: $d) } } }`;
    const first = households[0]!;
    const on = await server.graphql<Any>(query, { s: true }, { cookie });
    expect(on.data?.households.nodes).toEqual([{ householdNumber: first.householdNumber, id: globalId('Household', first.id) }]);
    const off = await server.graphql<Any>(query, { s: false, d: false }, { cookie });
    expect(off.data?.households.nodes).toEqual([{ status: first.status }]);
  });

  it('reads nested filter inputs, defaults and nulls from variables', async () => {
    const query = `query ($filter: HouseholdFilter, $n: Int = 2) { households(first: $n, filter: $filter, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber } } }`;
    const numbers = households.map((h) => h.householdNumber).sort();
    const both = { or: [{ householdNumber: { eq: numbers[0] } }, { and: [{ not: { householdNumber: { ne: numbers[2] } } }] }] };
    expect((await server.graphql<Any>(query, { filter: both }, { cookie })).data?.households).toEqual({
      totalCount: 2,
      nodes: [{ householdNumber: numbers[0] }, { householdNumber: numbers[2] }],
    });
    // the default when the variable is left out; an explicit null is not the variable's default but the list's own page size
    expect((await server.graphql<Any>(query, {}, { cookie })).data?.households.nodes).toHaveLength(2);
    expect((await server.graphql<Any>(query, { n: null, filter: null }, { cookie })).data?.households.nodes).toHaveLength(
      households.length,
    );
  });

  it('refuses a bad variable as BAD_USER_INPUT, worded as graphql-js words it, naming where it is', async () => {
    const result = await server.graphql<Any>(
      `query ($filter: HouseholdFilter) { households(filter: $filter) { nodes { id } } }`,
      { filter: { or: [{ status: { eq: 'NOPE' } }] } },
      { cookie },
    );
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^Variable "\$filter" got invalid value "NOPE" at "filter\.or\[0\]\.status\.eq"; Value "NOPE" does not exist in "HouseholdStatus" enum\./,
        ),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });
});
