import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { smallCounty } from './support/fixtures';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

/**
 * A query the server has validated once is answered without Apollo's pipeline when it comes again
 * (server/src/knownQueries.ts): the client must not be able to tell — same status, headers and bytes — and
 * nothing Apollo checks (CSRF, Accept, the body's form, a caller's sign-in) may be skipped by it.
 */
describe('the short route of a repeated query', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let households: { id: number; householdNumber: string }[];
  let village: number;

  beforeAll(async () => {
    database = await freshDatabase();
    await smallCounty(database.db, { villages: 2, households: 3, members: 1 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
    households = await database.db.selectFrom('household').select(['id', 'householdNumber']).orderBy('id').execute();
    village = (await database.db.selectFrom('village').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  });

  /**
   * A POST to /graphql with exactly these headers (node:http: fetch would add an Accept of its own), answered as
   * the client sees it (the Date header left out: it changes by the second).
   */
  function post(
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${server.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const { date: _date, ...seen } = res.headers;
            resolve({ status: res.statusCode ?? 0, headers: seen, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.on('error', reject);
      req.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  }

  /** The request sent twice: the first answered by Apollo (the document is new), the second by the short route or not. */
  async function twice(body: unknown, headers: Record<string, string> = {}) {
    const before = server.shortRouteAnswers();
    const first = await post(body, headers);
    const afterFirst = server.shortRouteAnswers();
    const second = await post(body, headers);
    return { first, second, short: [afterFirst - before, server.shortRouteAnswers() - afterFirst] };
  }

  const NODE = `query ($id: ID!) { node(id: $id) { id ... on Household { householdNumber status phone } } }`;
  const PAGE = `query ($v: ID!) { households(first: 2, filter: { villageId: $v }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { id householdNumber } } }`;

  it('answers a repeated query with the same status, headers and bytes as Apollo answered it, whatever the Accept header', async () => {
    const variants: Record<string, string>[] = [
      {},
      { accept: 'application/graphql-response+json' },
      { accept: 'application/json' },
      { accept: '*/*' },
    ];
    for (const [i, accept] of variants.entries()) {
      // a query text of its own for each variant, so that its first request is Apollo's
      const query = `${PAGE} # ${i}`;
      const { first, second, short } = await twice({ query, variables: { v: globalId('Village', village) } }, accept);
      expect(first.status).toBe(200);
      expect(JSON.parse(first.text).data.households.nodes).toHaveLength(2);
      expect({ accept, second }).toEqual({ accept, second: first });
      // no Accept header needs no learning; any other is learned from Apollo's first answer to it
      expect({ accept, short }).toEqual({ accept, short: [0, 1] });
    }
  });

  it('answers each id of a node query asked again, by the short route', async () => {
    const before = server.shortRouteAnswers();
    for (const household of households) {
      const answer = await post({ query: NODE, variables: { id: globalId('Household', household.id) } });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).data.node.householdNumber).toBe(household.householdNumber);
    }
    // the first request taught the server the document; the others took the short route
    expect(server.shortRouteAnswers() - before).toBe(households.length - 1);
  });

  it('answers errors of a known query as Apollo does: a refused argument, a refused variable, an operation name not in the document', async () => {
    const cases: { body: unknown; status: number; code: string }[] = [
      { body: { query: NODE, variables: { id: 'not an id' } }, status: 200, code: 'BAD_USER_INPUT' },
      { body: { query: `${NODE} # missing`, variables: {} }, status: 400, code: 'BAD_USER_INPUT' },
      { body: { query: `query Named { me { username } }`, operationName: 'Other' }, status: 400, code: 'OPERATION_RESOLUTION_FAILURE' },
    ];
    for (const { body, status, code } of cases) {
      // learned from a good request, then asked wrongly twice: both answers are Apollo's, the second handed over
      const { first, second } = await twice(body);
      expect({ body, status: first.status, code: JSON.parse(first.text).errors[0].extensions.code }).toEqual({ body, status, code });
      expect({ body, second }).toEqual({ body, second: first });
    }
    // a bad value for a query the short route knows
    await post({ query: NODE, variables: { id: globalId('Household', households[0]!.id) } });
    const before = server.shortRouteAnswers();
    const bad = await post({ query: NODE, variables: { id: 'not an id' } });
    const missing = await post({ query: NODE, variables: {} });
    expect(server.shortRouteAnswers()).toBe(before);
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('leaves to Apollo what it must check: CSRF, an Accept it cannot answer, extensions, GET, an anonymous caller', async () => {
    const body = { query: NODE, variables: { id: globalId('Household', households[1]!.id) } };
    expect((await post(body)).status).toBe(200);
    const before = server.shortRouteAnswers();
    // a form's content type, without the preflight header: CSRF prevention refuses it
    const csrf = await post(JSON.stringify(body), { 'content-type': 'text/plain' });
    expect(csrf.status).toBe(400);
    expect(csrf.text).toMatch(/Cross-Site Request Forgery/);
    const html = await post(body, { accept: 'text/html' });
    expect(html.status).toBe(406);
    const withExtensions = await post({ ...body, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } });
    expect(withExtensions.status).not.toBe(200);
    const search = new URLSearchParams({ query: body.query, variables: JSON.stringify(body.variables) });
    const get = await fetch(`${server.url}/graphql?${search}`, { headers: { cookie, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    const anonymous = await post(body, { cookie: 'hub_session=unknown' });
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(server.shortRouteAnswers()).toBe(before);
  });
});
