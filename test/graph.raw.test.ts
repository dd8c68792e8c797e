import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createHubServer } from '../server/src/http';
import { freshDatabase } from './support/database';
import { DEMO_ACCOUNTS, type DemoAccount } from './support/demoAccounts';

/**
 * A query answered whole by PostgreSQL's JSON text (schema/src/graph/rawAnswer.ts, spliced by
 * server/src/rawJson.ts) answers byte for byte what executing it answers: two servers over one database, one
 * with raw answers and one without, asked the same, every role; and the raw path is the one taken where it
 * should be (its statement is seen), so the comparison is not of the executor with itself.
 */
/** where two answers part, with a little of each (an answer of 100 households is too long to print whole) */
function difference(a: string, b: string): string | null {
  if (a === b) return null;
  let at = 0;
  while (a[at] === b[at]) at++;
  return `at ${at}: …${a.slice(Math.max(0, at - 80), at + 80)}… against …${b.slice(Math.max(0, at - 80), at + 80)}…`;
}

describe('raw JSON answers', () => {
  const statements: string[] = [];
  const urls = { raw: '', executed: '' };
  const sessions = {} as Record<DemoAccount, string>;

  beforeAll(async () => {
    const database = await freshDatabase('demo', { onQuery: (sql) => statements.push(sql) });
    for (const kind of ['raw', 'executed'] as const) {
      const hub = await createHubServer({
        database,
        adminDir: '/nonexistent',
        production: false,
        secureCookies: false,
        rawAnswers: kind === 'raw',
        logError: () => {},
      });
      await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
      urls[kind] = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
      afterAll(() => hub.stop());
    }
    for (const user of DEMO_ACCOUNTS) {
      const response = await post(urls.raw, `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`, {
        u: user,
        p: inject('demoPassword'),
      });
      sessions[user] = response.headers.get('set-cookie')!.split(';')[0]!;
    }
  });

  function post(url: string, query: string, variables: Record<string, unknown> = {}, cookie?: string) {
    return fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  }

  /** both servers' answers to the same request (status and body text); whether the raw statement ran */
  async function both(user: DemoAccount | null, query: string, variables: Record<string, unknown> = {}) {
    const cookie = user ? sessions[user] : undefined;
    statements.length = 0;
    const raw = await post(urls.raw, query, variables, cookie);
    const rawBody = await raw.text();
    // what only rawAnswer.ts writes: its aggregate, a value's JSON, a global id, an empty object (a fragment on another type)
    const tookRaw = statements.some((sql) =>
      ['string_agg(', 'coalesce(to_json(', 'encode(convert_to(', "'{}'::text"].some((s) => sql.includes(s)),
    );
    const executed = await post(urls.executed, query, variables, cookie);
    return { raw: { status: raw.status, body: rawBody }, executed: { status: executed.status, body: await executed.text() }, tookRaw };
  }

  const HOUSEHOLD = `fragment H on Household { __typename id version householdNumber status phone arableLandMu secondaryCauses createdAt updatedAt size headName
    village { name code isPoorVillage township { id name } }
    members { id name relation birthDate residentId maskedResidentId phone age household { householdNumber } } }`;

  /** [query, variables, answered raw?] */
  type Case = [string, Record<string, unknown>, boolean];
  const CASES: Case[] = [
    // read A and B of the peers bench
    [
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber status village { name } members { id name relation birthDate } } } }`,
      {},
      true,
    ],
    [
      `{ villages(first: 20) { nodes { id name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber members { id name } } } } } }`,
      {},
      true,
    ],
    // every kind of column, masked fields, enums, dates, decimals, lists of enums, nulls; fragments and __typename
    [
      `{ households(first: 30, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: DESC }]) { __typename totalCount nodes { ...H } } } ${HOUSEHOLD}`,
      {},
      true,
    ],
    // aliases, the same field twice, inline fragments, @skip/@include by variables
    [
      `query ($skip: Boolean!, $with: Boolean!) { __typename a: households(first: 5, offset: 3) { total: totalCount list: nodes { key: householdNumber
        ... on Household { name: headName headName } st: status @skip(if: $skip) village @include(if: $with) { n: name } } again: nodes { id } }
        v: villages(first: 3, filter: { isPoorVillage: { eq: true } }) { nodes { name households(first: 2, filter: { status: { eq: POOR } }) { totalCount nodes { headName } } } } }`,
      { skip: true, with: false },
      true,
    ],
    [
      `query ($skip: Boolean!, $with: Boolean!) { a: households(first: 5) { nodes { householdNumber st: status @skip(if: $skip) village @include(if: $with) { name } } } }`,
      { skip: false, with: true },
      true,
    ],
    // backwards pages, an offset past the end, an empty page, filters by variables
    [`{ households(last: 7, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber } } }`, {}, true],
    [`{ households(first: 5, offset: 999999) { totalCount nodes { householdNumber } } }`, {}, true],
    [`{ households(first: 0) { totalCount nodes { id } } }`, {}, true],
    [
      `query ($f: HouseholdFilter) { households(first: 20, filter: $f) { totalCount nodes { householdNumber status } } }`,
      { f: { status: { eq: 'EXITED' } } },
      true,
    ],
    // what stays with the executor: cursors and pageInfo, a refused argument, a NUL, a non-record root field, signed out
    [`{ households(first: 3) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`, {}, false],
    [`{ households(first: 501) { nodes { id } } }`, {}, false],
    [`{ members(first: 2, filter: { name: { eq: "a\\u0000b" } }) { nodes { id } } }`, {}, false],
    [`{ households(first: 2) { nodes { id } } node(id: "SG91c2Vob2xkOjE=") { id } }`, {}, true],
  ];

  it('answers what execution answers, byte for byte, for every role', async () => {
    for (const user of DEMO_ACCOUNTS) {
      for (const [query, variables, raw] of CASES) {
        const answer = await both(user, query, variables);
        expect(difference(answer.raw.body, answer.executed.body), `${user}: ${query}`).toBeNull();
        expect(answer.raw.status).toBe(answer.executed.status);
        expect(answer.tookRaw, `${user} raw: ${query}`).toBe(raw);
        expect(answer.raw.status, answer.raw.body.slice(0, 400)).toBe(200);
      }
    }
  });

  /** a global id as Pothos writes it: base64 of `Type:id` */
  const gid = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

  const NODE = `query ($id: ID!) { node(id: $id) { __typename id
    ... on Household { householdNumber status phone arableLandMu village { name } members { name residentId maskedResidentId } }
    ... on Village { name code households(first: 2, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { headName } } }
    ...M } } fragment M on Member { name birthDate maskedResidentId }`;
  const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Household { id headName phone } ... on Township { t: name } } }`;

  it('answers node(id) and nodes(ids) as execution does: hits, records out of scope, other types, fragments, bad ids', async () => {
    const idsOf = async (user: DemoAccount, direction: string) => {
      const query = `{ households(first: 2, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: ${direction} }]) { nodes { id } } }`;
      const body = JSON.parse(await (await post(urls.executed, query, {}, sessions[user])).text());
      return (body.data.households.nodes as { id: string }[]).map((n) => n.id);
    };
    // the county's first and last households (the administrator sees all), some outside a clerk's or partner's scope
    const county = [...(await idsOf('admin', 'ASC')), ...(await idsOf('admin', 'DESC'))];
    const missing = gid('Household', 2147483647);
    for (const user of DEMO_ACCOUNTS) {
      const own = await idsOf(user, 'DESC');
      const households = [...county, ...own, missing];
      const cases: Case[] = [
        ...households.map((id): Case => [NODE, { id }, true]),
        ...['Village', 'Member', 'Township', 'Cadre'].map((type): Case => [NODE, { id: gid(type, 1) }, true]),
        // the id written in the document; several roots and aliases; a fragment on another type only
        [`{ node(id: "${county[0]}") { id ... on Household { headName } } }`, {}, true],
        [
          `{ a: node(id: "${county[0]}") { id } b: node(id: "${gid('Village', 2)}") { ... on Village { name } } households(first: 1) { nodes { id } } }`,
          {},
          true,
        ],
        [`query ($id: ID!) { node(id: $id) { ... on Village { name } } }`, { id: county[1] }, true],
        [NODES, { ids: [...households, county[0]] }, true],
        [NODES, { ids: [gid('Township', 1), gid('Township', 2), gid('Township', 999999)] }, true],
        // left to the resolver: ids that are not a record's, mixed types, none, too many, a selection not raw, signed-out
        ...['abc', gid('AuditLog', 1), gid('User', 1), gid('Household', 0), gid('Household', '1e3'), gid('Household', 2147483648)].map(
          (id): Case => [NODE, { id }, false],
        ),
        [NODES, { ids: [county[0], gid('Township', 1)] }, false],
        [NODES, { ids: [county[0], 'abc'] }, false],
        [NODES, { ids: [] }, false],
        [NODES, { ids: Array.from({ length: 501 }, (_, i) => gid('Household', i + 1)) }, false],
        [
          `query ($id: ID!) { node(id: $id) { ... on Village { households(first: 1) { edges { cursor } } } } }`,
          { id: gid('Village', 1) },
          false,
        ],
      ];
      for (const [query, variables, raw] of cases) {
        const answer = await both(user, query, variables);
        const what = `${user}: ${query} ${JSON.stringify(variables).slice(0, 200)}`;
        expect(difference(answer.raw.body, answer.executed.body), what).toBeNull();
        expect(answer.raw.status, what).toBe(answer.executed.status);
        expect(answer.tookRaw, `raw? ${what}`).toBe(raw);
      }
    }
  });

  it('answers node(id) with what a user may see: null outside her scope, refusals as before', async () => {
    // the last household of the county is outside the demo clerk's township
    const last = JSON.parse(
      await (
        await post(
          urls.raw,
          `{ households(first: 1, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: DESC }]) { nodes { id } } }`,
          {},
          sessions.admin,
        )
      ).text(),
    ).data.households.nodes[0].id;
    const admin = await both('admin', NODE, { id: last });
    expect(admin.tookRaw).toBe(true);
    expect(JSON.parse(admin.raw.body).data.node.id).toBe(last);
    const clerk = await both('clerk', NODE, { id: last });
    expect(clerk.tookRaw).toBe(true);
    expect(clerk.raw.body).toBe(clerk.executed.body);
    expect(JSON.parse(clerk.raw.body)).toEqual({ data: { node: null } });
    const anonymous = await both(null, NODE, { id: last });
    expect(anonymous.tookRaw).toBe(false);
    expect(anonymous.raw).toEqual(anonymous.executed);
    expect(JSON.parse(anonymous.raw.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await both('admin', NODE, { id: gid('AuditLog', 1) });
    expect(bad.raw).toEqual(bad.executed);
    expect(JSON.parse(bad.raw.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('leaves an anonymous caller and a refused filter to the executor, with its errors', async () => {
    const anonymous = await both(null, `{ households(first: 2) { nodes { id } } }`);
    expect(anonymous.tookRaw).toBe(false);
    expect(anonymous.raw).toEqual(anonymous.executed);
    expect(JSON.parse(anonymous.raw.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const masked = await both('analyst', `{ households(first: 2, filter: { phone: { eq: "1" } }) { nodes { id } } }`);
    expect(masked.tookRaw).toBe(false);
    expect(masked.raw).toEqual(masked.executed);
    expect(JSON.parse(masked.raw.body).errors).toHaveLength(1);
  });
});
