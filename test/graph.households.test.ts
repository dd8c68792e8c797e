import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { makeResidentId } from '../schema/src/households/residentId';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

describe('households, members and incomes through the graph', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let county: Awaited<ReturnType<typeof smallCounty>>;

  const gql = async (query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie });
  const countRows = async (table: 'household' | 'member' | 'householdIncome' | 'auditLog') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    database = await freshDatabase();
    county = await smallCounty(database.db, { villages: 4, households: 3, members: 2 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
  });

  const villageId = () => globalId('Village', county.villages[0]!.id);

  it('creates a household with its members and reads it back with derived fields', async () => {
    const created = await gql(
      `mutation ($v: ID!) { createHousehold(input: { householdNumber: "4510271000019001", villageId: $v, attribute: DIBAO, status: POOR,
         identificationYear: 2015, plannedExitYear: 2017, mainCause: ILLNESS, secondaryCauses: [NO_SKILLS], phone: "13907761234", arableLandMu: "2.5" })
         { household { id version householdNumber status attribute secondaryCauses arableLandMu size headName village { name } } } }`,
      { v: villageId() },
    );
    expect(created.errors).toBeUndefined();
    const household = created.data!.createHousehold.household;
    expect(household).toMatchObject({
      version: 1,
      status: 'POOR',
      attribute: 'DIBAO',
      secondaryCauses: ['NO_SKILLS'],
      arableLandMu: '2.50',
      size: 0,
      headName: null,
      village: { name: '试验1村' },
    });
    const head = await gql(
      `mutation ($h: ID!, $rid: String!) { createMember(input: { householdId: $h, personNumber: "451027100001900101", residentId: $rid, name: "黄美兰",
         sex: FEMALE, birthDate: "1972-03-08", ethnicity: "08", relation: HEAD, education: PRIMARY, laborAbility: NORMAL, health: CHRONIC })
         { member { name age maskedResidentId household { householdNumber size headName } } } }`,
      { h: household.id, rid: makeResidentId('451027', '1972-03-08', 22) },
    );
    expect(head.errors).toBeUndefined();
    expect(head.data!.createMember.member).toMatchObject({
      name: '黄美兰',
      maskedResidentId: expect.stringMatching(/^451027\*{8}022.$/),
      household: { size: 1, headName: '黄美兰' },
    });
    expect(head.data!.createMember.member.age).toBeGreaterThan(50);
    const income = await gql(
      `mutation ($h: ID!) { createHouseholdIncome(input: { householdId: $h, year: 2015, wages: "3000", transferDibao: "1200.50", businessExpenses: "200" }) { householdIncome { netIncome perCapitaNetIncome } } }`,
      { h: household.id },
    );
    expect(income.data!.createHouseholdIncome.householdIncome).toEqual({ netIncome: '4000.50', perCapitaNetIncome: '4000.50' });
    const read = await gql(
      `query ($id: ID!) { node(id: $id) { ... on Household { income(year: 2015) { netIncome } incomes { year } members { name } } } }`,
      { id: household.id },
    );
    expect(read.data!.node).toEqual({ income: { netIncome: '4000.50' }, incomes: [{ year: 2015 }], members: [{ name: '黄美兰' }] });
  });

  it('refuses a member whose ID number is wrong, or disagrees with sex or birth date, naming the field, and saves nothing', async () => {
    const household = globalId('Household', county.households[0]!.id);
    const before = await countRows('member');
    const good = makeResidentId('451027', '1990-01-02', 33);
    const cases: [Any, string, RegExp][] = [
      [{ residentId: `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}` }, 'residentId', /校验码/],
      [{ residentId: good, sex: 'FEMALE' }, 'residentId', /性别/],
      [{ residentId: good, birthDate: '1990-01-03' }, 'birthDate', /不符/],
      [{ residentId: '12345' }, 'residentId', /格式/],
      [{ birthDate: '2999-01-01', residentId: null }, 'birthDate', /晚于今天/],
    ];
    for (const [overrides, field, message] of cases) {
      const input = {
        householdId: household,
        personNumber: '451027100001000199',
        residentId: good,
        name: '测试',
        sex: 'MALE',
        birthDate: '1990-01-02',
        ethnicity: '08',
        relation: 'SON',
        education: 'JUNIOR',
        laborAbility: 'NORMAL',
        ...overrides,
      };
      const result = await gql(`mutation ($input: CreateMemberInput!) { createMember(input: $input) { member { id } } }`, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field, message: expect.stringMatching(message) })],
      });
    }
    expect(await countRows('member')).toBe(before);
  });

  it('keeps status and years consistent: an exited household needs its exit year, not before identification', async () => {
    const target = county.households[1]!; // POOR
    const id = globalId('Household', target.id);
    const exited = await gql(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { status: EXITED } }) { household { id } } }`,
      { id },
    );
    expect(exited.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'exitYear' }] });
    const early = await gql(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { status: EXITED, exitYear: 2013 } }) { household { id } } }`,
      { id },
    );
    expect(early.errors?.[0]?.extensions?.fields).toEqual([
      expect.objectContaining({ field: 'exitYear', message: '脱贫年度不能早于识别年度' }),
    ]);
    const ok = await gql(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { status: EXITED, exitYear: 2016, continuedSupport: true } }) { household { version status exitYear history { nodes { operation actorName changedFields } } } } }`,
      { id },
    );
    expect(ok.data!.updateHousehold.household).toMatchObject({ version: 2, status: 'EXITED', exitYear: 2016 });
    expect(ok.data!.updateHousehold.household.history.nodes[0]).toEqual({
      operation: 'UPDATE',
      actorName: 'admin',
      changedFields: expect.arrayContaining(['status', 'exitYear', 'continuedSupport']),
    });
  });

  it('gives exactly one success and nineteen CONFLICTs to twenty concurrent saves of one version', async () => {
    const id = globalId('Household', county.households[2]!.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          `mutation ($id: ID!, $a: String!) { updateHousehold(input: { id: $id, version: 1, patch: { address: $a } }) { household { version address } } }`,
          { id, a: `地址${i}` },
        ),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    expect(conflicts[0]!.errors![0]!.extensions).toMatchObject({
      currentVersion: 2,
      current: { address: ok[0]!.data!.updateHousehold.household.address },
    });
    const row = await database.db
      .selectFrom('household')
      .select(['version', 'address'])
      .where('id', '=', county.households[2]!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 2, address: ok[0]!.data!.updateHousehold.household.address });
  });

  it('applies a pasted range in one transaction: every refused cell is reported and nothing is saved', async () => {
    const [a, b, c] = county.households.slice(3, 6);
    const changes = [
      { id: globalId('Household', a!.id), version: 1, patch: { phone: '13800000001', address: '那坡屯1号' } },
      { id: globalId('Household', b!.id), version: 1, patch: { phone: 'not a phone', address: '那坡屯2号' } },
      { id: globalId('Household', c!.id), version: 1, patch: { phone: '13800000003', identificationYear: '二〇一四' } },
    ];
    const auditBefore = await countRows('auditLog');
    const refused = await gql(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id } } }`,
      { changes },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.fields).toEqual([
      expect.objectContaining({ row: 1, id: changes[1]!.id, field: 'phone' }),
      expect.objectContaining({ row: 2, id: changes[2]!.id, field: 'identificationYear' }),
    ]);
    const phones = await database.db
      .selectFrom('household')
      .select(['phone', 'version'])
      .where('id', 'in', [a!.id, b!.id, c!.id])
      .orderBy('id')
      .execute();
    expect(phones.every((p) => p.version === 1 && !p.phone?.startsWith('1380000000'))).toBe(true);
    expect(await countRows('auditLog')).toBe(auditBefore);

    changes[1]!.patch.phone = '0776-7612345';
    changes[2]!.patch.identificationYear = '2014';
    const saved = await gql(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id ... on Household { phone version } } } }`,
      { changes },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.applyChanges.records.map((r: Any) => r.phone)).toEqual(['13800000001', '0776-7612345', '13800000003']);
  });

  it('creates new rows in the same all-or-nothing applyChanges as edits: required fields named per row, audited once saved', async () => {
    const village = globalId('Village', county.villages[1]!.id);
    const edit = { id: globalId('Household', county.households[6]!.id), version: 1, patch: { note: '同批修改' } };
    const fresh = (n: number, extra: Any = {}) => ({
      type: 'Household',
      patch: {
        householdNumber: `451027100002900${n}`,
        villageId: village,
        attribute: '一般贫困户',
        status: '未脱贫',
        identificationYear: '2016',
        mainCause: '缺资金',
        ...extra,
      },
    });
    const [households, audits] = [await countRows('household'), await countRows('auditLog')];
    const refused = await gql(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id } } }`,
      {
        changes: [edit, fresh(1), fresh(2, { identificationYear: null, mainCause: undefined }), { patch: { note: 'x' } }],
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.fields).toEqual([
      expect.objectContaining({ row: 2, field: 'identificationYear', message: '识别年度为必填项' }),
      expect.objectContaining({ row: 2, field: 'mainCause', message: '主要致贫原因为必填项' }),
      expect.objectContaining({ row: 3, field: 'type' }),
    ]);
    expect([await countRows('household'), await countRows('auditLog')]).toEqual([households, audits]);

    const saved = await gql(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id ... on Household { version householdNumber note village { name } } } } }`,
      { changes: [edit, fresh(1), fresh(2)] },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.applyChanges.records).toEqual([
      expect.objectContaining({ version: 2, note: '同批修改' }),
      expect.objectContaining({ version: 1, householdNumber: '4510271000029001', village: { name: '试验2村' } }),
      expect.objectContaining({ version: 1, householdNumber: '4510271000029002', village: { name: '试验2村' } }),
    ]);
    expect([await countRows('household'), await countRows('auditLog')]).toEqual([households + 2, audits + 3]);
    const created = await database.db
      .selectFrom('auditLog')
      .select('recordId')
      .where('operation', '=', 'CREATE')
      .where('recordType', '=', 'Household')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(created.map((a) => globalId('Household', a.recordId!)).sort()).toEqual(
      saved
        .data!.applyChanges.records.slice(1)
        .map((r: Any) => r.id)
        .sort(),
    );
  });

  it('sorts empty values last in both directions, page by page with cursors as with offsets', async () => {
    const read = async (direction: 'ASC' | 'DESC', after: string | null, offset = 0) =>
      (
        await gql(
          `query ($d: SortDirection, $a: String, $o: Int) { households(first: 4, after: $a, offset: $o, orderBy: [{ field: EXIT_YEAR, direction: $d }]) { totalCount edges { cursor node { id exitYear } } } }`,
          { d: direction, a: after, o: offset },
        )
      ).data!.households;
    for (const direction of ['ASC', 'DESC'] as const) {
      const first = await read(direction, null);
      const byCursor: Any[] = [];
      let cursor: string | null = null;
      for (let page = 0; page * 4 < first.totalCount; page++) {
        const edges = (await read(direction, cursor)).edges as Any[];
        byCursor.push(...edges.map((e) => e.node));
        cursor = edges.at(-1)?.cursor ?? null;
      }
      const byOffset: Any[] = [];
      for (let offset = 0; offset < first.totalCount; offset += 4)
        byOffset.push(...((await read(direction, null, offset)).edges as Any[]).map((e) => e.node));
      expect(byCursor).toEqual(byOffset);
      const years = byOffset.map((n) => n.exitYear as number | null);
      const filled = years.filter((y) => y !== null);
      expect(filled.length).toBeGreaterThan(0);
      expect(filled.length).toBeLessThan(years.length);
      // the empty exit years come after every filled one, and the filled ones are in order
      expect(years).toEqual([...filled, ...years.filter((y) => y === null)]);
      expect(filled).toEqual([...filled].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
    }
  });

  it('filters with operators, and/or/not and the division shortcuts, and sorts on several keys', async () => {
    const township = globalId('Township', county.townships[0]!.id);
    const all = await gql(`query ($t: ID!) { households(filter: { townshipId: $t }) { totalCount } }`, { t: township });
    expect(all.data!.households.totalCount).toBe(7); // 2 villages × 3, plus the one created above
    const poor = await gql(
      `query ($t: ID!) { households(filter: { townshipId: $t, status: { eq: POOR }, or: [{ phone: { contains: "139" } }, { phone: { isNull: true } }] },
         orderBy: [{ field: VILLAGE, direction: DESC }, { field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber status village { name } } } }`,
      { t: township },
    );
    const nodes = poor.data!.households.nodes as Any[];
    expect(nodes.every((n) => n.status === 'POOR')).toBe(true);
    expect(nodes.map((n) => n.village.name)).toEqual([...nodes.map((n) => n.village.name)].sort().reverse());
    const notPoor = await gql(`{ households(filter: { not: { status: { in: [POOR] } } }) { totalCount } }`);
    const total = await gql(`{ households { totalCount } }`);
    const poorAll = await gql(`{ households(filter: { status: { eq: POOR } }) { totalCount } }`);
    expect(notPoor.data!.households.totalCount + poorAll.data!.households.totalCount).toBe(total.data!.households.totalCount);
    const byCause = await gql(`{ households(filter: { secondaryCauses: { eq: NO_SKILLS } }) { nodes { householdNumber } } }`);
    expect(byCause.data!.households.nodes).toEqual([{ householdNumber: '4510271000019001' }]);
    const members = await gql(`query ($v: ID!) { members(filter: { villageId: $v, relation: { eq: HEAD } }) { totalCount } }`, {
      v: villageId(),
    });
    expect(members.data!.members.totalCount).toBe(4);
  });

  it('pages forwards and backwards with cursors, and jumps with offset', async () => {
    const first = await gql(
      `{ households(first: 4, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { pageInfo { hasNextPage endCursor } nodes { householdNumber } } }`,
    );
    const second = await gql(
      `query ($a: String!) { households(first: 4, after: $a, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { pageInfo { hasPreviousPage startCursor } nodes { householdNumber } } }`,
      { a: first.data!.households.pageInfo.endCursor },
    );
    const jumped = await gql(`{ households(first: 4, offset: 4, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber } } }`);
    expect(second.data!.households.nodes).toEqual(jumped.data!.households.nodes);
    const back = await gql(
      `query ($b: String!) { households(last: 4, before: $b, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber } } }`,
      { b: second.data!.households.pageInfo.startCursor },
    );
    expect(back.data!.households.nodes).toEqual(first.data!.households.nodes);
  });

  it('refuses bad input specifically: a page too large, an ID of another type, a cursor of another sort, a huge string', async () => {
    const big = await gql(`{ households(first: 100000) { totalCount } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    expect(big.errors?.[0]?.message).toMatch(/每页最多 500 条/);
    const wrongType = await gql(`query ($id: ID!) { households(filter: { village: { eq: $id } }) { totalCount } }`, {
      id: globalId('Township', 1),
    });
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const cursor = (await gql(`{ households(first: 1) { pageInfo { endCursor } } }`)).data!.households.pageInfo.endCursor;
    const otherSort = await gql(`query ($a: String!) { households(first: 1, after: $a, orderBy: [{ field: STATUS }]) { totalCount } }`, {
      a: cursor,
    });
    expect(otherSort.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await gql(
      `mutation ($id: ID!, $note: String!) { updateHousehold(input: { id: $id, version: 1, patch: { note: $note } }) { household { id } } }`,
      { id: globalId('Household', county.households[7]!.id), note: 'x'.repeat(1024 * 1024) },
    );
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
    const negative = await gql(
      `mutation ($h: ID!) { createHouseholdIncome(input: { householdId: $h, year: 2016, wages: "-5" }) { householdIncome { id } } }`,
      { h: globalId('Household', county.households[7]!.id) },
    );
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'wages' }] });
    const missing = await gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('Household', 999999) });
    expect(missing.data).toEqual({ node: null });
  });

  it('refuses to delete a household that still has members, and deletes one that has none', async () => {
    const withMembers = await gql(`mutation ($id: ID!) { deleteHousehold(input: { id: $id, version: 1 }) { deletedId } }`, {
      id: globalId('Household', county.households[8]!.id),
    });
    expect(withMembers.errors?.[0]?.message).toMatch(/家庭成员/);
    const lone = await database.db
      .insertInto('household')
      .values({
        householdNumber: '4510271000019999',
        villageId: county.villages[0]!.id,
        attribute: 'GENERAL',
        status: 'POOR',
        identificationYear: 2016,
        mainCause: 'OTHER',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stale = await gql(`mutation ($id: ID!) { deleteHousehold(input: { id: $id, version: 7 }) { deletedId } }`, {
      id: globalId('Household', lone.id),
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const deleted = await gql(`mutation ($id: ID!) { deleteHousehold(input: { id: $id, version: 1 }) { deletedId } }`, {
      id: globalId('Household', lone.id),
    });
    expect(deleted.data).toEqual({ deleteHousehold: { deletedId: globalId('Household', lone.id) } });
  });

  it('lets an analyst read but not write, and an anonymous caller do neither', async () => {
    const analyst = await server.signIn('analyst', 'analyst-password');
    const read = await server.graphql<Any>(`{ households(first: 1) { totalCount } }`, {}, { cookie: analyst });
    expect(read.data!.households.totalCount).toBeGreaterThan(0);
    const write = await server.graphql<Any>(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
      { id: globalId('Household', county.households[9]!.id) },
      { cookie: analyst },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await server.graphql<Any>(`{ households(first: 1) { totalCount } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
