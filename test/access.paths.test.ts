import { beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * The paths a curious clerk, partner or analyst would try beyond the plain lists: nodes, nested links,
 * filters and sorts on what she cannot see, aggregates, history, every kind of write, and the wording of
 * the refusals, which must not tell a hidden record from one that does not exist.
 */
describe('every path, on the demo county', () => {
  let database: TestDatabase;
  let as: DemoCounty['as'];
  let townshipId: number;
  /** a household of another township, with a phone number and a member with an ID number */
  let foreign: { id: number; householdNumber: string; phone: string; memberId: number; residentId: string };
  let own: { id: number; version: number };
  const MISSING_HOUSEHOLD = globalId('Household', 99_999_999);
  const MISSING_MEMBER = globalId('Member', 99_999_999);

  beforeAll(async () => {
    ({ database, as, townshipId } = await demoCounty());
    const villages = database.db.selectFrom('village').select('id').where('townshipId', '=', townshipId);
    const row = await database.db
      .selectFrom('household')
      .innerJoin('member', 'member.householdId', 'household.id')
      .select(['household.id', 'household.householdNumber', 'household.phone', 'member.id as memberId', 'member.residentId'])
      .where('household.villageId', 'not in', villages)
      .where('household.phone', 'is not', null)
      .where('member.residentId', 'is not', null)
      .orderBy('household.id')
      .executeTakeFirstOrThrow();
    foreign = { ...row, phone: row.phone!, residentId: row.residentId! };
    own = await database.db
      .selectFrom('household')
      .select(['id', 'version'])
      .where('villageId', 'in', villages)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });

  /** household ids of the clerk's township, as the owner sees them */
  const townshipHouseholds = async () =>
    new Set(
      (
        await database.db
          .selectFrom('household')
          .select('id')
          .where('villageId', 'in', database.db.selectFrom('village').select('id').where('townshipId', '=', townshipId))
          .execute()
      ).map((h) => globalId('Household', h.id)),
    );

  it('gives a clerk `nodes` and nested links only inside her township', async () => {
    const clerk = as('clerk');
    const nodes = await clerk(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [globalId('Household', own.id), globalId('Household', foreign.id), globalId('Member', foreign.memberId)],
    });
    expect(nodes.data!.nodes).toEqual([{ id: globalId('Household', own.id) }, null, null]);
    // cadres paired in her township may also be paired elsewhere: their nested pairings show only hers
    const cadres = await clerk(
      `{ cadres(first: 50) { nodes { id householdCount householdPairings(first: 100) { totalCount nodes { household { id } } } } } }`,
    );
    expect(cadres.errors).toBeUndefined();
    const mine = await townshipHouseholds();
    const reached = (cadres.data!.cadres.nodes as Any[]).flatMap((c) => c.householdPairings.nodes.map((p: Any) => p.household?.id));
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((id) => !mine.has(id))).toEqual([]);
    for (const cadre of cadres.data!.cadres.nodes as Any[]) {
      const all = await as('admin')(
        `query ($id: ID!, $t: ID!) { node(id: $id) { ... on Cadre { householdPairings(filter: { townshipId: $t }) { totalCount } } } }`,
        { id: cadre.id, t: globalId('Township', townshipId) },
      );
      expect(cadre.householdPairings.totalCount).toBe(all.data!.node.householdPairings.totalCount);
    }
  });

  it('lets a clerk learn nothing by filtering on hidden fields of hidden records, or by sorting', async () => {
    const clerk = as('clerk');
    const admin = as('admin');
    const probes: [string, string, Any][] = [
      ['households', 'HouseholdFilter', { phone: { eq: foreign.phone } }],
      ['households', 'HouseholdFilter', { householdNumber: { eq: foreign.householdNumber } }],
      [
        'households',
        'HouseholdFilter',
        { or: [{ id: { eq: globalId('Household', foreign.id) } }, { not: { householdNumber: { contains: '' } } }] },
      ],
      ['members', 'MemberFilter', { residentId: { eq: foreign.residentId } }],
      ['members', 'MemberFilter', { household: { eq: globalId('Household', foreign.id) } }],
    ];
    for (const [list, type, filter] of probes) {
      const query = `query ($f: ${type}) { ${list}(filter: $f) { totalCount nodes { id } } }`;
      expect((await admin(query, { f: filter })).data![list].totalCount).toBeGreaterThan(0);
      const seen = await clerk(query, { f: filter });
      expect({ filter, clerk: seen.data?.[list] ?? seen.errors?.[0]?.extensions?.code }).toEqual({
        filter,
        clerk: { totalCount: 0, nodes: [] },
      });
    }
    // sorted either way, paged from the end or jumped past her last record, the pages hold only hers
    const mine = await townshipHouseholds();
    for (const args of [
      'first: 500, orderBy: [{ field: HOUSEHOLD_NUMBER, direction: DESC }]',
      'last: 100, orderBy: [{ field: VILLAGE }]',
      `first: 10, offset: ${mine.size - 1}`,
    ]) {
      const page = await clerk(`{ households(${args}) { totalCount nodes { id } } }`);
      expect({ args, total: page.data!.households.totalCount }).toEqual({ args, total: mine.size });
      expect((page.data!.households.nodes as Any[]).filter((h) => !mine.has(h.id))).toEqual([]);
    }
    expect((await clerk(`{ households(first: 10, offset: ${mine.size - 1}) { nodes { id } } }`)).data!.households.nodes).toHaveLength(1);
  });

  it('aggregates for a clerk only her township', async () => {
    const clerk = as('clerk');
    const mine = await townshipHouseholds();
    const byTownship = await clerk(`{ householdsStats(groupBy: [TOWNSHIP]) { township { id } count } }`);
    expect(byTownship.data!.householdsStats).toEqual([{ township: { id: globalId('Township', townshipId) }, count: mine.size }]);
    const probe = await clerk(`query ($p: String!) { householdsStats(groupBy: [STATUS], filter: { phone: { eq: $p } }) { count } }`, {
      p: foreign.phone,
    });
    expect((probe.data!.householdsStats as Any[]).reduce((n, g) => n + g.count, 0)).toBe(0);
    const members = await clerk(`{ membersStats(groupBy: []) { count } }`);
    const owned = await database.db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'householdId',
        'in',
        database.db
          .selectFrom('household')
          .select('id')
          .where('villageId', 'in', database.db.selectFrom('village').select('id').where('townshipId', '=', townshipId)),
      )
      .executeTakeFirstOrThrow();
    expect(members.data!.membersStats).toEqual([{ count: Number(owned.n) }]);
  });

  it('shows a clerk no history of another township’s record', async () => {
    const admin = as('admin');
    const version = (await database.db.selectFrom('household').select('version').where('id', '=', foreign.id).executeTakeFirstOrThrow())
      .version;
    const edit = await admin(
      `mutation ($id: ID!, $v: Int!) { updateHousehold(input: { id: $id, version: $v, patch: { note: "管理员的备注" } }) { household { version } } }`,
      { id: globalId('Household', foreign.id), v: version },
    );
    expect(edit.errors).toBeUndefined();
    const query = `query ($id: ID!) { node(id: $id) { ... on Household { history { totalCount nodes { after } } } } }`;
    expect((await admin(query, { id: globalId('Household', foreign.id) })).data!.node.history.totalCount).toBeGreaterThan(0);
    expect((await as('clerk')(query, { id: globalId('Household', foreign.id) })).data).toEqual({ node: null });
  });

  it('refuses a clerk’s every kind of write outside her township, in the same words as for a record that does not exist', async () => {
    const clerk = as('clerk');
    const same = async (query: string, hidden: Any, missing: Any) => {
      const a = await clerk(query, hidden);
      const b = await clerk(query, missing);
      expect(a.errors?.[0]?.extensions?.code).toBeDefined();
      // the same code and words; only the row's own ID may differ
      const strip = (r: Any) =>
        JSON.stringify(r.errors)
          .replaceAll(hidden.id ?? hidden.h ?? '', '')
          .replaceAll(missing.id ?? missing.h ?? '', '');
      expect(strip(a)).toBe(strip(b));
      return a.errors![0]!.extensions!.code;
    };
    const hidden = globalId('Household', foreign.id);
    expect(
      await same(
        `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
        { id: hidden },
        { id: MISSING_HOUSEHOLD },
      ),
    ).toBe('NOT_FOUND');
    expect(
      await same(
        `mutation ($id: ID!) { deleteHousehold(input: { id: $id, version: 1 }) { deletedId } }`,
        { id: hidden },
        { id: MISSING_HOUSEHOLD },
      ),
    ).toBe('NOT_FOUND');
    expect(
      await same(
        `mutation ($id: ID!) { revealResidentId(memberId: $id) }`,
        { id: globalId('Member', foreign.memberId) },
        { id: MISSING_MEMBER },
      ),
    ).toBe('NOT_FOUND');
    const createMember = `mutation ($h: ID!) { createMember(input: { householdId: $h, name: "某人", sex: FEMALE, birthDate: "1990-01-01", relation: DAUGHTER, ethnicity: "01", education: JUNIOR, laborAbility: NORMAL, health: HEALTHY, personNumber: "09" }) { member { id } } }`;
    expect(await same(createMember, { h: hidden }, { h: MISSING_HOUSEHOLD })).toBe('BAD_USER_INPUT');
    expect(
      await same(
        `mutation ($id: ID!) { applyChanges(input: { changes: [{ id: $id, version: 1, patch: { note: "x" } }] }) { records { id } } }`,
        { id: hidden },
        { id: MISSING_HOUSEHOLD },
      ),
    ).toBe('BAD_USER_INPUT');
    const after = await database.db.selectFrom('household').select(['note']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(after.note).not.toBe('x');
    expect(
      await database.db.selectFrom('member').select('id').where('householdId', '=', foreign.id).where('name', '=', '某人').execute(),
    ).toEqual([]);
  });

  it('refuses an analyst every write, FORBIDDEN, and shows her only masked numbers on every path', async () => {
    const analyst = as('analyst');
    const id = globalId('Household', own.id);
    for (const mutation of [
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
      `mutation ($id: ID!) { deleteHousehold(input: { id: $id, version: 1 }) { deletedId } }`,
      `mutation ($id: ID!) { applyChanges(input: { changes: [{ id: $id, version: 1, patch: { note: "x" } }] }) { records { id } } }`,
    ]) {
      const result = await analyst(mutation, { id });
      expect({ mutation, code: result.errors?.[0]?.extensions?.code }).toEqual({ mutation, code: 'FORBIDDEN' });
    }
    expect(
      (await analyst(`mutation ($id: ID!) { revealResidentId(memberId: $id) }`, { id: globalId('Member', foreign.memberId) })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    const nested = await analyst(
      `query ($id: ID!) { node(id: $id) { ... on Household { phone members { residentId } history { nodes { before after } } } } }`,
      { id: globalId('Household', foreign.id) },
    );
    const text = JSON.stringify(nested.data);
    expect(text).not.toContain(foreign.phone);
    expect(text).not.toContain(foreign.residentId);
    expect(nested.data!.node.phone).toMatch(/\*{4}/);
    // a stale write would show the current record: an analyst never gets that far
    const unchanged = await database.db.selectFrom('household').select('version').where('id', '=', own.id).executeTakeFirstOrThrow();
    expect(unchanged.version).toBe(own.version);
  });

  it('refuses an analyst grouped figures filtered on a masked field, which would tell its values a group at a time', async () => {
    const probe = await as('analyst')(
      `query ($p: String!) { householdsStats(groupBy: [STATUS], filter: { phone: { eq: $p } }) { count } }`,
      { p: foreign.phone },
    );
    expect(probe.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(probe.data?.householdsStats ?? null).toBeNull();
  });

  it('lets a partner write visit logs only for its own pairings', async () => {
    const partner = as('partner');
    const unit = (
      await database.db.selectFrom('appUser').select('helperUnitId').where('username', '=', 'partner').executeTakeFirstOrThrow()
    ).helperUnitId!;
    const pairing = (ours: boolean) =>
      database.db
        .selectFrom('cadreHouseholdPairing')
        .innerJoin('cadre', 'cadre.id', 'cadreHouseholdPairing.cadreId')
        .select('cadreHouseholdPairing.id')
        .where('cadre.helperUnitId', ours ? '=' : '<>', unit)
        .orderBy('cadreHouseholdPairing.id')
        .executeTakeFirstOrThrow();
    const create = `mutation ($p: ID!) { createVisitLog(input: { pairingId: $p, visitedOn: "2019-03-01", mode: IN_PERSON, content: "入户走访" }) { visitLog { id } } }`;
    const ours = await partner(create, { p: globalId('CadreHouseholdPairing', (await pairing(true)).id) });
    expect(ours.errors).toBeUndefined();
    const theirs = await partner(create, { p: globalId('CadreHouseholdPairing', (await pairing(false)).id) });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(theirs.errors)).toMatch(/不存在或不在您的管辖范围内/);
  });
});
