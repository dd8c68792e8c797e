import { sql } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './support/database';
import { DEMO_ACCOUNTS, type DemoAccount } from './support/demoAccounts';
import { startServer, withoutEnvelope, type GraphQLResult, type TestServer } from './support/server';
import { SYNC_TYPES } from '../schema/src/twinning/sync';
import { Horizon } from './support/sync';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * A root list's nested selection is ONE statement whose JSON PostgreSQL builds (schema/src/graph/compile.ts).
 * Its answers are checked against the DataLoader path's, which `nodes(ids)` still takes, for every role
 * (scope, row security, masking); and a nested read costs at most two statements after the request's
 * envelope (the caller's lookup with begin and scope … commit, or nothing once the viewer is known).
 */
describe('compiled nested reads', () => {
  let statements: string[] = [];
  let server: TestServer;
  const sessions = {} as Record<DemoAccount, string>;
  const as =
    (user: DemoAccount) =>
    (query: string, variables: Any = {}) =>
      server.graphql<Any>(query, variables, { cookie: sessions[user] });

  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase('demo', { onQuery: (sql) => statements.push(sql) });
    server = await startServer(database);
    for (const user of DEMO_ACCOUNTS) sessions[user] = await server.signIn(user, inject('demoPassword'));
  });

  function ok(result: GraphQLResult<Any>): Any {
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  const HOUSEHOLD = `fragment H on Household { householdNumber status phone arableLandMu secondaryCauses createdAt updatedAt size headName
    village { name code township { name } }
    members { name relation birthDate residentId maskedResidentId phone age household { householdNumber } }
    incomes { year netIncome perCapitaNetIncome } }`;
  const VILLAGE = `fragment V on Village { name code isPoorVillage
    households(first: 3, filter: { status: { eq: POOR } }, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: DESC }]) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { householdNumber phone members { name } } } } }`;

  for (const user of DEMO_ACCOUNTS) {
    it(`gives ${user} what the loader path gives: households with village, members, incomes; villages × households`, async () => {
      const read = as(user);
      const list = ok(
        await read(`{ households(first: 40, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { id ...H } } } ${HOUSEHOLD}`),
      );
      const households = list.households.nodes as Any[];
      expect(households.length).toBeGreaterThan(0);
      const count = ok(await read(`{ households(first: 0) { totalCount } }`));
      expect(list.households.totalCount).toBe(count.households.totalCount);
      const loaded = ok(
        await read(`query ($ids: [ID!]!) { nodes(ids: $ids) { id ...H } } ${HOUSEHOLD}`, { ids: households.map((h) => h.id) }),
      );
      expect(households).toEqual(loaded.nodes);
      const one = ok(await read(`query ($id: ID!) { node(id: $id) { id ...H } } ${HOUSEHOLD}`, { id: households[1]!.id }));
      expect(one.node).toEqual(households[1]);

      const villages = ok(
        await read(`{ villages(first: 15, orderBy: [{ field: CODE }]) { totalCount nodes { id ...V } } } ${VILLAGE}`),
      ).villages;
      expect(villages.nodes.some((v: Any) => v.households.totalCount > 0)).toBe(true);
      const villagesLoaded = ok(
        await read(`query ($ids: [ID!]!) { nodes(ids: $ids) { id ...V } } ${VILLAGE}`, { ids: villages.nodes.map((v: Any) => v.id) }),
      );
      expect(villages.nodes).toEqual(villagesLoaded.nodes);
    });
  }

  it('masks for the analyst in compiled rows, and shows the clerk her own township only', async () => {
    const analyst = ok(await as('analyst')(`{ households(first: 5) { nodes { phone members { residentId phone } } } }`));
    for (const h of analyst.households.nodes) {
      if (h.phone) expect(h.phone).toMatch(/^[0-9]{3}\*{4}[0-9]{4}$/);
      for (const m of h.members) expect(m.residentId).toMatch(/\*{8}/);
    }
    const admin = ok(await as('admin')(`{ households(first: 0) { totalCount } }`));
    const clerk = ok(await as('clerk')(`{ households(first: 500) { totalCount nodes { village { township { name } } } } }`));
    expect(clerk.households.totalCount).toBeLessThan(admin.households.totalCount);
    expect(new Set(clerk.households.nodes.map((h: Any) => h.village.township.name))).toEqual(new Set(['泗城镇']));
  });

  it('pages a root list by cursor as it pages by offset', async () => {
    const read = as('admin');
    const first = ok(
      await read(
        `{ households(first: 20, orderBy: [{ field: UPDATED_AT, direction: DESC }]) { pageInfo { endCursor } nodes { householdNumber } } }`,
      ),
    );
    const next = ok(
      await read(
        `query ($after: String) { households(first: 20, after: $after, orderBy: [{ field: UPDATED_AT, direction: DESC }]) { nodes { householdNumber } } }`,
        { after: first.households.pageInfo.endCursor },
      ),
    );
    const skipped = ok(
      await read(`{ households(first: 20, offset: 20, orderBy: [{ field: UPDATED_AT, direction: DESC }]) { nodes { householdNumber } } }`),
    );
    expect(next.households.nodes).toEqual(skipped.households.nodes);
    const last = ok(
      await read(
        `query ($before: String) { households(last: 5, before: $before, orderBy: [{ field: UPDATED_AT, direction: DESC }]) { nodes { householdNumber } } }`,
        { before: first.households.pageInfo.endCursor },
      ),
    );
    expect(last.households.nodes).toEqual(first.households.nodes.slice(14, 19));
  });

  it('refuses a nested filter on a masked field for that field, as before', async () => {
    const result = await as('analyst')(
      `{ villages(first: 2) { nodes { name households(first: 2, filter: { phone: { eq: "13900000001" } }) { totalCount } } } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers one query text with other variables, or for another viewer, by those (statements are cached per query)', async () => {
    const query = `query ($v: ID!) { households(first: 5, filter: { villageId: $v }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { village { id } } } }`;
    const villages = ok(await as('clerk')(`{ households(first: 500) { nodes { village { id } } } }`)).households.nodes.map(
      (h: Any) => h.village.id as string,
    );
    const [one, other] = [...new Set(villages)];
    expect(other).toBeDefined();
    for (const village of [one, other, one]) {
      const page = ok(await as('clerk')(query, { v: village })).households;
      expect(page.nodes.length).toBeGreaterThan(0);
      expect(page.nodes.every((h: Any) => h.village.id === village)).toBe(true);
    }
    const everything = `{ households(first: 0) { totalCount } }`;
    const clerk = ok(await as('clerk')(everything)).households.totalCount;
    const admin = ok(await as('admin')(everything)).households.totalCount;
    expect(clerk).toBeLessThan(admin);
    expect(ok(await as('clerk')(everything)).households.totalCount).toBe(clerk);
  });

  it('answers node(id) by the id asked when one query text asks for one id after another (its statement is cached without the id)', async () => {
    const [h0, h1, h2] = ok(
      await as('clerk')(`{ households(first: 3, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber } } }`),
    ).households.nodes as [Any, Any, Any];
    const all = ok(
      await as('admin')(`{ households(first: 500, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: DESC }]) { nodes { id } } }`),
    ).households.nodes.map((h: Any) => h.id as string);
    // a household outside her township, as the loader path (nodes) answers it: null
    const hidden = ok(await as('clerk')(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: all })).nodes as (Any | null)[];
    const outside = all[hidden.indexOf(null)]!;
    expect(outside).toBeDefined();
    const query = `query ($id: ID!) { node(id: $id) { id ... on Household { householdNumber members { name } } } }`;
    for (const h of [h0, h1, h0, h2]) {
      const node = ok(await as('clerk')(query, { id: h.id })).node;
      expect([node.id, node.householdNumber]).toEqual([h.id, h.householdNumber]);
    }
    // a statement cached for the clerk with another id still applies her scope
    expect(ok(await as('clerk')(query, { id: outside })).node).toBeNull();
    // two fields, each with its own variable, keep their own ids when the values swap
    const two = `query ($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`;
    for (const [a, b] of [
      [h0.id, h1.id],
      [h1.id, h0.id],
    ]) {
      const answer = ok(await as('clerk')(two, { a, b }));
      expect([answer.a.id, answer.b.id]).toEqual([a, b]);
    }
    // one variable for both: the cache keeps the id in its key, and both answer it
    const same = `query ($id: ID!) { a: node(id: $id) { id } b: node(id: $id) { id } }`;
    for (const h of [h0, h2]) expect(ok(await as('clerk')(same, { id: h.id }))).toEqual({ a: { id: h.id }, b: { id: h.id } });
  });

  it('answers a clerk by her new township at her next request when an administrator changes her scope (policies are shared by scope, not kept per user)', async () => {
    const townships = ok(await as('admin')(`{ townships(first: 50) { nodes { id } } }`)).townships.nodes.map((t: Any) => t.id as string);
    const clerk = (ok(await as('admin')(`{ users { id username version townships { id } } }`)).users as Any[]).find(
      (u) => u.username === 'clerk',
    )!;
    const before = clerk.townships.map((t: Any) => t.id as string);
    const other = townships.find((t: string) => !before.includes(t))!;
    expect(other).toBeDefined();
    const seen = `{ households(first: 500) { totalCount nodes { village { township { id } } } } }`;
    const townshipsSeen = async () =>
      new Set((ok(await as('clerk')(seen)).households.nodes as Any[]).map((h) => h.village.township.id as string));
    expect([...(await townshipsSeen())].every((t) => before.includes(t))).toBe(true);
    const move = `mutation ($id: ID!, $v: Int!, $t: [ID!]) { updateUser(input: { id: $id, version: $v, patch: { townshipIds: $t } }) { version } }`;
    const moved = ok(await as('admin')(move, { id: clerk.id, v: clerk.version, t: [other] })).updateUser.version;
    try {
      expect([...(await townshipsSeen())]).toEqual([other]);
    } finally {
      ok(await as('admin')(move, { id: clerk.id, v: moved, t: before }));
    }
    expect([...(await townshipsSeen())].every((t) => before.includes(t))).toBe(true);
  });

  it("gives a group's village in grouped figures as its loader does", async () => {
    const stats = ok(
      await as('clerk')(`{ householdsStats(groupBy: [VILLAGE, STATUS]) { village { id name code township { name } } status count } }`),
    ).householdsStats as Any[];
    expect(stats.length).toBeGreaterThan(0);
    const ids = [...new Set(stats.map((g) => g.village.id as string))];
    const loaded = ok(
      await as('clerk')(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Village { id name code township { name } } } }`, { ids }),
    ).nodes as Any[];
    const byId = new Map(loaded.map((v) => [v.id, v]));
    for (const group of stats) expect(group.village).toEqual(byId.get(group.village.id));
  });

  /** the statements `user`'s request sends, its envelope aside (the caller's lookup, the commit) */
  async function dataStatements(query: string, variables: Any = {}, user: DemoAccount = 'clerk'): Promise<string[]> {
    statements = [];
    ok(await as(user)(query, variables));
    return withoutEnvelope(statements);
  }

  it('costs no more than two statements plus the request’s entry for a nested read, each in one round trip', async () => {
    const reads = [
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber village { name } members { name relation } } } }`,
      `{ villages(first: 20) { totalCount nodes { name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber members { name } } } } } }`,
    ];
    for (const query of reads) {
      // the first request of a while looks its caller up (the request's entry); the next finds it in memory
      ok(await as('clerk')(query));
      statements = [];
      ok(await as('clerk')(query));
      expect(statements.length, query).toBeLessThanOrEqual(2 + 1);
      // no begin, no commit, no statement of its own for the scope: the scope travels with each statement
      expect(
        statements.filter((s) => /^\s*(begin|commit)\b|set_config\(/i.test(s)),
        query,
      ).toEqual([]);
    }
  });

  it('costs at most two statements after the envelope for nested reads with totals', async () => {
    const reads = [
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber village { name } members { name relation } } } }`,
      `{ villages(first: 20) { totalCount nodes { name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber members { name } } } } } }`,
      `{ households(first: 50, filter: { status: { eq: POOR } }) { totalCount nodes { householdNumber headName size } } }`,
    ];
    for (const query of reads) expect((await dataStatements(query)).length, query).toBeLessThanOrEqual(2);
    const id = ok(await as('clerk')(`{ households(first: 1) { nodes { id } } }`)).households.nodes[0].id;
    expect(
      (
        await dataStatements(
          `query ($id: ID!) { node(id: $id) { ... on Household { householdNumber village { name } members { name } } } }`,
          { id },
        )
      ).length,
    ).toBeLessThanOrEqual(2);
  });

  it("costs one statement for grouped figures with their villages, and for a partner's sync page after a cursor", async () => {
    expect(
      await dataStatements(`{ householdsStats(groupBy: [VILLAGE, STATUS]) { village { id name } status count sum { arableLandMu } } }`),
    ).toHaveLength(1);
    const page = `query ($since: String) { twinningChanges(since: $since, first: 1) { cursor changes { __typename ... on Node { id } ... on CadreHouseholdPairing { version startDate note } } } }`;
    const first = ok(await as('partner')(page)).twinningChanges;
    // the cursor's position is checked in the page's own statement
    expect(await dataStatements(page, { since: first.cursor }, 'partner')).toHaveLength(1);
  });

  it("gives a partner's sync snapshot, page by page, what the loader path gives of each record, as to an administrator naming the unit", async () => {
    // the snapshot's records come as JSON built by PostgreSQL (twinning/sync.ts): masked, dates, decimals, timestamps, computed fields
    const SYNCED = `fragment S on Node { id
      ... on Cadre { name mobile version createdAt }
      ... on Household { householdNumber status phone arableLandMu secondaryCauses createdAt updatedAt }
      ... on Member { name relation birthDate residentId phone }
      ... on CadreHouseholdPairing { version startDate endDate note createdAt visitCount lastVisitedOn }
      ... on VisitLog { visitedOn } }`;
    const pull = async (user: DemoAccount, unit: string | null) => {
      const changes: Any[] = [];
      for (let since: string | null = null; ;) {
        const page: Any = ok(
          await as(user)(
            `query ($since: String, $unit: ID) { twinningChanges(since: $since, first: 150, helperUnitId: $unit) { cursor hasMore changes { __typename ...S } } } ${SYNCED}`,
            { since, unit },
          ),
        ).twinningChanges;
        changes.push(...page.changes);
        if (!page.hasMore) return changes;
        since = page.cursor;
      }
    };
    // a snapshot starts after the seed's log horizon: wait for this database's transactions older than it (support/sync.ts)
    const horizon = new Horizon(database.url);
    try {
      const { rows } = await sql<{ pruned: string }>`select pruned_through::text as pruned from twinning_change_horizon`.execute(
        database.db,
      );
      await horizon.passed(rows[0]!.pruned);
    } finally {
      await horizon.close();
    }
    const partner = await pull('partner', null);
    const unit = partner[0]!.id as string;
    for (const [user, changes] of [
      ['partner', partner],
      ['admin', await pull('admin', unit)],
    ] as const) {
      expect(changes.length, user).toBeGreaterThan(150);
      // every type the unit has records of (the demo partner's unit has no work-team assignment)
      expect(new Set(changes.map((c) => c.__typename)), user).toEqual(new Set(SYNC_TYPES.filter((type) => type !== 'WorkTeamAssignment')));
      for (let i = 0; i < changes.length; i += 100) {
        const slice = changes.slice(i, i + 100);
        const loaded = ok(
          await as(user)(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ...S } } ${SYNCED}`, { ids: slice.map((c) => c.id) }),
        );
        expect(slice, user).toEqual(loaded.nodes);
      }
    }
    // the partner's copy masks as everywhere; the administrator's does not
    const phones = (changes: Any[]) => changes.filter((c) => c.__typename === 'Household' && c.phone).map((c) => c.phone as string);
    expect(phones(partner).length).toBeGreaterThan(0);
    expect(phones(partner).every((p) => p.includes('*'))).toBe(true);
  });
});
