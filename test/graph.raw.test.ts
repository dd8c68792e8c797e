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
    const tookRaw = statements.some((sql) => sql.includes('string_agg(') || sql.includes('coalesce(to_json('));
    const executed = await post(urls.executed, query, variables, cookie);
    return { raw: { status: raw.status, body: rawBody }, executed: { status: executed.status, body: await executed.text() }, tookRaw };
  }

  const HOUSEHOLD = `fragment H on Household { __typename id version householdNumber status phone arableLandMu secondaryCauses createdAt updatedAt size headName
    village { name code isPoorVillage township { id name } }
    members { id name relation birthDate residentId maskedResidentId phone age household { householdNumber } } }`;

  /** [query, variables, answered raw?] */
  const CASES: [string, Record<string, unknown>, boolean][] = [
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
    [`{ households(first: 2) { nodes { id } } node(id: "SG91c2Vob2xkOjE=") { id } }`, {}, false],
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
