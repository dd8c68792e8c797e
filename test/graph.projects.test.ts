import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId, parseAnyId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type GraphQLResult, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const TABLES = ['project', 'projectSite', 'projectBeneficiary', 'fundSource', 'fundAllocation', 'disbursement'] as const;
const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);

/** The hub over a small county, signed in as an administrator, with helpers for the six record types. */
async function hub() {
  const database: TestDatabase = await freshDatabase();
  const county = await smallCounty(database.db, { villages: 4, households: 2, members: 0 });
  await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
  const server: TestServer = await startServer(database);
  const cookie = await server.signIn('admin', 'admin-password');
  const gql = (query: string, variables: Any = {}, headers: Record<string, string> = {}) =>
    server.graphql<Any>(query, variables, { cookie, headers });

  /** villages 0 and 2 lie in township 0 (泗城镇), villages 1 and 3 in township 1 (逻楼镇); village i has households 2i and 2i+1 */
  const ids = {
    township: (i: number) => globalId('Township', county.townships[i]!.id),
    village: (i: number) => globalId('Village', county.villages[i]!.id),
    household: (i: number) => globalId('Household', county.households[i]!.id),
  };

  const create = async (type: string, input: Any, selection = 'id version'): Promise<Any> => {
    const result = await gql(
      `mutation ($input: Create${type}Input!) { create${type}(input: $input) { ${lowerFirst(type)} { ${selection} } } }`,
      { input },
    );
    expect(result.errors).toBeUndefined();
    return result.data![`create${type}`][lowerFirst(type)];
  };
  const update = (type: string, id: string, version: number, patch: Any, selection = 'id version') =>
    gql(`mutation ($input: Update${type}Input!) { update${type}(input: $input) { ${lowerFirst(type)} { ${selection} } } }`, {
      input: { id, version, patch },
    });
  const remove = (type: string, id: string, version: number) =>
    gql(`mutation ($input: Delete${type}Input!) { delete${type}(input: $input) { deletedId } }`, { input: { id, version } });
  const node = async (id: string, selection: string): Promise<Any | null> => {
    const result = await gql(`query ($id: ID!) { node(id: $id) { id ${selection} } }`, { id });
    expect(result.errors).toBeUndefined();
    return result.data!.node;
  };

  /** Every row of the six tables and the number of audit rows: what a refused write must leave as it was. */
  const everything = async () => ({
    ...Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, await database.db.selectFrom(t).selectAll().orderBy('id').execute()] as const)),
    ),
    auditRows: Number(
      (
        await database.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  let projects = 0;
  const project = (overrides: Any = {}) =>
    create('Project', {
      code: `LY-2016-${String(++projects).padStart(3, '0')}`,
      name: `测试项目${projects}`,
      year: 2016,
      actionCategory: 'INFRASTRUCTURE',
      implementingUnit: '凌云县交通运输局',
      budget: '500000.00',
      ...overrides,
    });
  const fundSource = (amount: string, overrides: Any = {}) =>
    create('FundSource', { name: '2016年中央财政专项扶贫资金', level: 'CENTRAL', year: 2016, amount, ...overrides }, 'id version amount');
  const allocation = (source: string, projectId: string, amount: string) =>
    create('FundAllocation', { fundSourceId: source, projectId, amount }, 'id version amount');
  const disbursement = (allocationId: string, amount: string, overrides: Any = {}) =>
    create(
      'Disbursement',
      {
        fundAllocationId: allocationId,
        payeeType: 'CONTRACTOR',
        payeeName: '凌云县路桥工程有限公司',
        amount,
        paidOn: '2016-06-01',
        ...overrides,
      },
      'id version amount',
    );

  return { database, county, server, gql, ids, create, update, remove, node, everything, project, fundSource, allocation, disbursement };
}

/** The error a refused write answered with: BAD_USER_INPUT naming exactly these fields. */
function expectRefused(result: GraphQLResult<Any>, fields: string[], message?: RegExp) {
  expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe('BAD_USER_INPUT');
  const named = result.errors![0]!.extensions!.fields as { field: string; message: string }[];
  expect(named.map((f) => f.field)).toEqual(fields);
  if (message) expect(named[0]!.message).toMatch(message);
}

describe('projects and funds through the graph', () => {
  let h: Awaited<ReturnType<typeof hub>>;
  beforeAll(async () => {
    h = await hub();
  });

  /** A fund source of `sourceAmount` with `allocated` of it on a new project, and `disbursed` paid out of that. */
  async function fundedProject(sourceAmount: string, allocated: string, disbursed: string[] = []) {
    const source = await h.fundSource(sourceAmount);
    const project = await h.project();
    const allocation = await h.allocation(source.id, project.id, allocated);
    const disbursements = [];
    for (const amount of disbursed) disbursements.push(await h.disbursement(allocation.id, amount));
    return { source, project, allocation, disbursements };
  }

  describe.each([
    {
      type: 'Project',
      plural: 'projects',
      input: async () => ({
        code: 'LY-CRUD-01',
        name: '泗城镇百香果种植基地',
        year: 2016,
        actionCategory: 'INDUSTRY',
        implementingUnit: '凌云县农业局',
        budget: '120000',
      }),
      patch: async () => ({ status: 'IN_PROGRESS', budget: '125000.50', startDate: '2016-04-01' }),
      selection: 'code status budget startDate allocatedAmount',
      expected: async () => ({
        code: 'LY-CRUD-01',
        status: 'IN_PROGRESS',
        budget: '125000.50',
        startDate: '2016-04-01',
        allocatedAmount: '0.00',
      }),
    },
    {
      type: 'ProjectSite',
      plural: 'projectSites',
      input: async () => ({ projectId: (await h.project()).id, villageId: h.ids.village(0) }),
      patch: async () => ({ villageId: h.ids.village(3) }),
      selection: 'village { id }',
      expected: async () => ({ village: { id: h.ids.village(3) } }),
    },
    {
      type: 'ProjectBeneficiary',
      plural: 'projectBeneficiaries',
      input: async () => ({ projectId: (await h.project()).id, householdId: h.ids.household(0) }),
      patch: async () => ({ householdId: h.ids.household(5) }),
      selection: 'household { id householdNumber }',
      expected: async () => ({ household: { id: h.ids.household(5), householdNumber: h.county.households[5]!.householdNumber } }),
    },
    {
      type: 'FundSource',
      plural: 'fundSources',
      input: async () => ({ name: '2016年自治区财政专项扶贫资金', level: 'REGION', year: 2016, amount: '500000' }),
      patch: async () => ({ amount: '450000.00', documentNumber: '桂财农〔2016〕12号', receivedOn: '2016-03-15' }),
      selection: 'level amount documentNumber receivedOn allocatedAmount unallocatedAmount',
      expected: async () => ({
        level: 'REGION',
        amount: '450000.00',
        documentNumber: '桂财农〔2016〕12号',
        receivedOn: '2016-03-15',
        allocatedAmount: '0.00',
        unallocatedAmount: '450000.00',
      }),
    },
    {
      type: 'FundAllocation',
      plural: 'fundAllocations',
      input: async () => ({ fundSourceId: (await h.fundSource('10000')).id, projectId: (await h.project()).id, amount: '1500' }),
      patch: async () => ({ amount: '2000.00', allocatedOn: '2016-04-20' }),
      selection: 'amount allocatedOn disbursedAmount',
      expected: async () => ({ amount: '2000.00', allocatedOn: '2016-04-20', disbursedAmount: '0.00' }),
    },
    {
      type: 'Disbursement',
      plural: 'disbursements',
      input: async () => ({
        fundAllocationId: (await fundedProject('10000', '5000')).allocation.id,
        payeeType: 'CONTRACTOR',
        payeeName: '凌云县建筑公司',
        amount: '100',
        paidOn: '2016-05-01',
      }),
      patch: async () => ({ amount: '120.00', voucherNumber: 'PZ-2016-0001' }),
      selection: 'payeeType payeeName amount paidOn voucherNumber',
      expected: async () => ({
        payeeType: 'CONTRACTOR',
        payeeName: '凌云县建筑公司',
        amount: '120.00',
        paidOn: '2016-05-01',
        voucherNumber: 'PZ-2016-0001',
      }),
    },
  ])('a $type', ({ type, plural, input, patch, selection, expected }) => {
    it('is created, read from its list and by node, updated with its version, refused a stale version with CONFLICT, and deleted', async () => {
      const created = await h.create(type, await input(), 'id version');
      expect(created.version).toBe(1);

      const listed = await h.gql(`query ($id: ID!) { ${plural}(filter: { id: { eq: $id } }) { totalCount nodes { id version } } }`, {
        id: created.id,
      });
      expect(listed.data![plural]).toEqual({ totalCount: 1, nodes: [{ id: created.id, version: 1 }] });
      expect(await h.node(created.id, '__typename')).toEqual({ id: created.id, __typename: type });

      const updated = await h.update(type, created.id, 1, await patch(), `id version ${selection}`);
      expect(updated.errors).toBeUndefined();
      expect(updated.data![`update${type}`][lowerFirst(type)]).toMatchObject({ version: 2, ...(await expected()) });

      const stale = await h.update(type, created.id, 1, await patch());
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await h.node(created.id, `... on ${type} { version ${selection} }`)).toMatchObject({ version: 2, ...(await expected()) });

      expect((await h.remove(type, created.id, 1)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect((await h.remove(type, created.id, 2)).data).toEqual({ [`delete${type}`]: { deletedId: created.id } });
      expect(await h.node(created.id, '__typename')).toBeNull();
      const after = await h.gql(`query ($id: ID!) { ${plural}(filter: { id: { eq: $id } }) { totalCount } }`, { id: created.id });
      expect(after.data![plural].totalCount).toBe(0);
    });
  });

  it('sums allocations and disbursements exactly, on the fund source, the allocation and the project', async () => {
    const { source, project, allocation } = await fundedProject('1000000.00', '600000.10', ['100000.05', '0.05', '50000.90']);
    const other = await h.project();
    await h.allocation(source.id, other.id, '0.01');
    const read = await h.gql(
      `query ($s: ID!, $a: ID!, $p: ID!) {
        source: node(id: $s) { ... on FundSource { amount allocatedAmount unallocatedAmount } }
        allocation: node(id: $a) { ... on FundAllocation { amount disbursedAmount } }
        project: node(id: $p) { ... on Project { allocatedAmount disbursedAmount } }
      }`,
      { s: source.id, a: allocation.id, p: project.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      source: { amount: '1000000.00', allocatedAmount: '600000.11', unallocatedAmount: '399999.89' },
      allocation: { amount: '600000.10', disbursedAmount: '150001.00' },
      project: { allocatedAmount: '600000.10', disbursedAmount: '150001.00' },
    });
  });

  it('links a project to its sites, beneficiaries and allocations, a source to its allocations and an allocation to its disbursements', async () => {
    const { source, project, allocation } = await fundedProject('9000', '3000', ['1000', '500']);
    await h.create('ProjectSite', { projectId: project.id, villageId: h.ids.village(2) });
    await h.create('ProjectSite', { projectId: project.id, villageId: h.ids.village(0) });
    for (const household of [0, 1, 4])
      await h.create('ProjectBeneficiary', { projectId: project.id, householdId: h.ids.household(household) });
    const second = await h.project();
    await h.allocation(source.id, second.id, '2000');

    const read = await h.gql(
      `query ($p: ID!, $s: ID!, $a: ID!, $v: ID!) {
        project: node(id: $p) { ... on Project {
          sites { village { name } }
          beneficiaries(first: 2, orderBy: [{ field: HOUSEHOLD, direction: DESC }]) { totalCount nodes { household { householdNumber } } }
          inVillage: beneficiaries(filter: { villageId: $v }) { totalCount }
          allocations { amount fundSource { name } }
        } }
        source: node(id: $s) { ... on FundSource { allocations(orderBy: [{ field: PROJECT }]) { totalCount nodes { amount project { code } } } } }
        allocation: node(id: $a) { ... on FundAllocation { disbursements { totalCount nodes { amount } } project { code } fundSource { amount } } }
        village: node(id: $v) { ... on Village { projectSites { totalCount nodes { project { code } } } } }
      }`,
      { p: project.id, s: source.id, a: allocation.id, v: h.ids.village(0) },
    );
    expect(read.errors).toBeUndefined();
    const code = (await h.node(project.id, '... on Project { code }'))!.code;
    const secondCode = (await h.node(second.id, '... on Project { code }'))!.code;
    expect(read.data!.project).toEqual({
      sites: [{ village: { name: '试验1村' } }, { village: { name: '试验3村' } }],
      beneficiaries: {
        totalCount: 3,
        nodes: [
          { household: { householdNumber: h.county.households[4]!.householdNumber } },
          { household: { householdNumber: h.county.households[1]!.householdNumber } },
        ],
      },
      inVillage: { totalCount: 2 },
      allocations: [{ amount: '3000.00', fundSource: { name: '2016年中央财政专项扶贫资金' } }],
    });
    expect(read.data!.source.allocations).toEqual({
      totalCount: 2,
      nodes: [
        { amount: '3000.00', project: { code } },
        { amount: '2000.00', project: { code: secondCode } },
      ],
    });
    expect(read.data!.allocation).toEqual({
      disbursements: { totalCount: 2, nodes: expect.arrayContaining([{ amount: '1000.00' }, { amount: '500.00' }]) },
      project: { code },
      fundSource: { amount: '9000.00' },
    });
    expect(read.data!.village.projectSites.nodes).toContainEqual({ project: { code } });
  });

  it('refuses an allocation larger than what is left of its fund source, at its amount, and saves nothing', async () => {
    const { source, allocation } = await fundedProject('1000.00', '600.00');
    const other = await h.project();
    const before = await h.everything();
    expectRefused(
      await h.gql(`mutation ($input: CreateFundAllocationInput!) { createFundAllocation(input: $input) { fundAllocation { id } } }`, {
        input: { fundSourceId: source.id, projectId: other.id, amount: '400.01' },
      }),
      ['amount'],
      /分配总额超过资金来源金额/,
    );
    expectRefused(await h.update('FundAllocation', allocation.id, 1, { amount: '1000.01' }), ['amount'], /超过资金来源/);
    expect(await h.everything()).toEqual(before);
    // what is left can be allocated, to the fen
    expect(await h.allocation(source.id, other.id, '400.00')).toMatchObject({ amount: '400.00' });
  });

  it('refuses a disbursement larger than its allocation, at its amount, and saves nothing', async () => {
    const { allocation, disbursements } = await fundedProject('1000.00', '600.00', ['150.50']);
    const before = await h.everything();
    const english = await h.gql(
      `mutation ($input: CreateDisbursementInput!) { createDisbursement(input: $input) { disbursement { id } } }`,
      { input: { fundAllocationId: allocation.id, payeeType: 'CONTRACTOR', payeeName: '施工队', amount: '449.51', paidOn: '2016-07-01' } },
      { 'accept-language': 'en' },
    );
    expectRefused(english, ['amount'], /exceed the amount of the allocation/);
    expectRefused(await h.update('Disbursement', disbursements[0]!.id, 1, { amount: '600.01' }), ['amount'], /拨付总额超过资金分配金额/);
    expect(await h.everything()).toEqual(before);
    expect(await h.disbursement(allocation.id, '449.50')).toMatchObject({ amount: '449.50' });
    expect(await h.node(allocation.id, '... on FundAllocation { disbursedAmount }')).toMatchObject({ disbursedAmount: '600.00' });
  });

  it('refuses lowering a fund source below what is allocated from it, or an allocation below what is disbursed from it', async () => {
    const { source, allocation } = await fundedProject('1000.00', '600.00', ['250.00']);
    const before = await h.everything();
    expectRefused(await h.update('FundSource', source.id, 1, { amount: '599.99' }), ['amount'], /不能少于已分配/);
    expectRefused(await h.update('FundAllocation', allocation.id, 1, { amount: '249.99' }), ['amount'], /不能少于已拨付/);
    expect(await h.everything()).toEqual(before);
    expect(
      (await h.update('FundSource', source.id, 1, { amount: '600' }, 'amount unallocatedAmount')).data!.updateFundSource.fundSource,
    ).toEqual({ amount: '600.00', unallocatedAmount: '0.00' });
    expect(
      (await h.update('FundAllocation', allocation.id, 1, { amount: '250' }, 'amount disbursedAmount')).data!.updateFundAllocation
        .fundAllocation,
    ).toEqual({ amount: '250.00', disbursedAmount: '250.00' });
  });

  it('refuses moving an allocation to a fund source without room for it', async () => {
    const { allocation } = await fundedProject('1000.00', '800.00');
    const small = await h.fundSource('500.00');
    const before = await h.everything();
    expectRefused(await h.update('FundAllocation', allocation.id, 1, { fundSourceId: small.id }), ['amount'], /超过资金来源/);
    expect(await h.everything()).toEqual(before);
  });

  it('refuses invalid projects and funds naming the field, and saves nothing', async () => {
    const taken = await h.project({ code: 'LY-TAKEN-1' });
    const { project, allocation, source } = await fundedProject('1000', '500');
    await h.create('ProjectSite', { projectId: project.id, villageId: h.ids.village(1) });
    await h.create('ProjectBeneficiary', { projectId: project.id, householdId: h.ids.household(3) });
    const projectInput = {
      code: 'LY-NEW-1',
      name: '新项目',
      year: 2016,
      actionCategory: 'TOURISM',
      implementingUnit: '凌云县旅游局',
      budget: '1000',
    };
    const payment = { fundAllocationId: allocation.id, payeeName: '收款方', amount: '10', paidOn: '2016-08-01' };
    const cases: [string, Any, string[], RegExp][] = [
      ['Project', { ...projectInput, code: 'LY 2016/1' }, ['code'], /项目编号格式不正确/],
      ['Project', { ...projectInput, code: 'LY-TAKEN-1' }, ['code'], /项目编号与已有记录重复/],
      ['Project', { ...projectInput, name: '' }, ['name'], /项目名称不能为空/],
      ['Project', { ...projectInput, year: 1999 }, ['year'], /2000 到 2100/],
      ['Project', { ...projectInput, budget: '-1' }, ['budget'], /不能小于 0/],
      ['Project', { ...projectInput, budget: '10.001' }, ['budget'], /最多保留 2 位小数/],
      ['Project', { ...projectInput, budget: '1000000000000' }, ['budget'], /不能大于/],
      [
        'Project',
        { ...projectInput, startDate: '2016-05-01', endDate: '2016-04-30' },
        ['endDate'],
        /完工日期（2016-04-30）不能早于开工日期（2016-05-01）/,
      ],
      ['ProjectSite', { projectId: project.id, villageId: h.ids.village(1) }, ['villageId'], /实施村与已有记录重复/],
      ['ProjectBeneficiary', { projectId: project.id, householdId: h.ids.household(3) }, ['householdId'], /受益贫困户与已有记录重复/],
      ['ProjectBeneficiary', { projectId: project.id, householdId: globalId('Household', 999999) }, ['householdId'], /不存在/],
      ['FundSource', { name: '资金', level: 'SOCIAL', year: 2016, amount: '-0.01' }, ['amount'], /不能小于 0/],
      ['FundAllocation', { fundSourceId: source.id, projectId: project.id, amount: '1' }, ['projectId'], /扶贫项目与已有记录重复/],
      ['Disbursement', { ...payment, payeeType: 'HOUSEHOLD' }, ['payeeHouseholdId'], /须填写收款贫困户/],
      [
        'Disbursement',
        { ...payment, payeeType: 'VILLAGE_COLLECTIVE', payeeHouseholdId: h.ids.household(0) },
        ['payeeHouseholdId', 'payeeVillageId'],
        /只有收款方为贫困户时才填写收款贫困户/,
      ],
      [
        'Disbursement',
        { ...payment, payeeType: 'CONTRACTOR', payeeVillageId: h.ids.village(0) },
        ['payeeVillageId'],
        /只有收款方为村集体时才填写收款村集体/,
      ],
      ['Disbursement', { ...payment, payeeType: 'COOPERATIVE', amount: '0' }, ['amount'], /不能小于 0.01/],
    ];
    await h.update('Project', taken.id, 1, { startDate: '2016-03-01' });
    const before = await h.everything();
    for (const [type, input, fields, message] of cases) {
      const result = await h.gql(`mutation ($input: Create${type}Input!) { create${type}(input: $input) { ${lowerFirst(type)} { id } } }`, {
        input,
      });
      expectRefused(result, fields, message);
    }
    const takenCode = await h.update('Project', project.id, 1, { code: 'LY-TAKEN-1' });
    expectRefused(takenCode, ['code'], /重复/);
    expectRefused(await h.update('Project', taken.id, 2, { endDate: '2016-02-28' }), ['endDate'], /不能早于开工日期/);
    expectRefused(await h.update('Project', taken.id, 2, { code: null }), ['code'], /项目编号为必填项/);
    // an impossible date is refused by the Date scalar itself, before any field check, still naming the field
    const impossible = await h.update('Project', taken.id, 2, { endDate: '2016-02-30' });
    expect(impossible.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'endDate' })] },
      message: expect.stringMatching(/endDate/),
    });
    expect(await h.everything()).toEqual(before);
    expect(await h.node(taken.id, '... on Project { version startDate endDate code }')).toMatchObject({
      version: 2,
      startDate: '2016-03-01',
      endDate: null,
      code: 'LY-TAKEN-1',
    });
  });

  it('refuses to delete a project that still has fund allocations, saying so, and deletes it with its sites once they are gone', async () => {
    const { project, allocation } = await fundedProject('1000', '100');
    await h.create('ProjectSite', { projectId: project.id, villageId: h.ids.village(2) });
    const before = await h.everything();
    const refused = await h.remove('Project', project.id, 1);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toBe('不能删除：仍有资金分配引用这条扶贫项目，请先处理这些记录');
    expect(await h.everything()).toEqual(before);
    expect((await h.remove('FundAllocation', allocation.id, 1)).errors).toBeUndefined();
    expect((await h.remove('Project', project.id, 1)).data).toEqual({ deleteProject: { deletedId: project.id } });
    expect(
      await h.database.db.selectFrom('projectSite').select('id').where('projectId', '=', parseAnyId(project.id)!.id).execute(),
    ).toEqual([]);
  });

  it('refuses to delete a fund source that has allocations, and an allocation that has disbursements', async () => {
    const { source, allocation } = await fundedProject('1000', '100', ['10']);
    expect((await h.remove('FundSource', source.id, 1)).errors?.[0]?.message).toMatch(/仍有资金分配引用这条资金来源/);
    expect((await h.remove('FundAllocation', allocation.id, 1)).errors?.[0]?.message).toMatch(/仍有资金拨付引用这条资金分配/);
  });

  it('keeps the history of a fund source and a project: who created and who changed what, newest first', async () => {
    const source = await h.fundSource('2000');
    await h.update('FundSource', source.id, 1, { amount: '2500', documentNumber: '凌财预〔2016〕3号' });
    const project = await h.project();
    await h.update('Project', project.id, 1, { status: 'APPROVED' });
    const read = await h.gql(
      `query ($s: ID!, $p: ID!) {
        source: node(id: $s) { ... on FundSource { history { totalCount nodes { operation actorName changedFields } } } }
        project: node(id: $p) { ... on Project { history { nodes { operation changedFields before after } } } }
      }`,
      { s: source.id, p: project.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.source.history.totalCount).toBe(2);
    expect(read.data!.source.history.nodes).toEqual([
      { operation: 'UPDATE', actorName: 'admin', changedFields: expect.arrayContaining(['amount', 'documentNumber']) },
      { operation: 'CREATE', actorName: 'admin', changedFields: expect.arrayContaining(['name', 'level', 'amount']) },
    ]);
    expect(read.data!.source.history.nodes[0].changedFields).toHaveLength(2);
    const [updated, created] = read.data!.project.history.nodes;
    expect(updated).toMatchObject({
      operation: 'UPDATE',
      changedFields: ['status'],
      before: { status: 'PLANNED' },
      after: { status: 'APPROVED' },
    });
    expect(created).toMatchObject({ operation: 'CREATE', before: null, after: { status: 'PLANNED', budget: '500000.00' } });
  });
});

describe('filters and sorts on projects and funds', () => {
  let h: Awaited<ReturnType<typeof hub>>;
  const id = { project: {} as Record<string, string>, source: {} as Record<string, string>, allocation: {} as Record<string, string> };

  beforeAll(async () => {
    h = await hub();
    const db = h.database.db;
    const v = h.county.villages.map((x) => x.id);
    const hh = h.county.households.map((x) => x.id);
    // code, year, category, status, sites (villages 0 and 2 in township 0, 1 and 3 in township 1)
    const projects = [
      ['P-01', 2015, 'INDUSTRY', 'ACCEPTED', [0]],
      ['P-02', 2016, 'INDUSTRY', 'IN_PROGRESS', [1]],
      ['P-03', 2016, 'TOURISM', 'APPROVED', [0, 1]],
      ['P-04', 2017, 'INFRASTRUCTURE', 'PLANNED', [2]],
      ['P-05', 2017, 'ECOMMERCE', 'PLANNED', []],
      ['P-06', 2018, 'INDUSTRY', 'PLANNED', [3]],
    ] as const;
    for (const [code, year, actionCategory, status, sites] of projects) {
      const row = await db
        .insertInto('project')
        .values({ code, name: `项目${code}`, year, actionCategory, status, implementingUnit: '县扶贫办', budget: '10000' })
        .returning('id')
        .executeTakeFirstOrThrow();
      id.project[code] = globalId('Project', row.id);
      for (const site of sites) await db.insertInto('projectSite').values({ projectId: row.id, villageId: v[site]! }).execute();
    }
    const projectRow = (code: string) => parseAnyId(id.project[code]!)!.id;
    for (const [code, household] of [
      ['P-01', 0],
      ['P-01', 1],
      ['P-02', 2],
      ['P-03', 0],
      ['P-03', 2],
    ] as const) {
      await db
        .insertInto('projectBeneficiary')
        .values({ projectId: projectRow(code), householdId: hh[household]! })
        .execute();
    }
    const sources = [
      ['S-central-2016', 'CENTRAL', 2016, '10000'],
      ['S-region-2016', 'REGION', 2016, '5000'],
      ['S-county-2017', 'COUNTY', 2017, '3000'],
      ['S-central-2017', 'CENTRAL', 2017, '8000'],
    ] as const;
    const sourceRows: Record<string, number> = {};
    for (const [name, level, year, amount] of sources) {
      sourceRows[name] = (
        await db.insertInto('fundSource').values({ name, level, year, amount }).returning('id').executeTakeFirstOrThrow()
      ).id;
      id.source[name] = globalId('FundSource', sourceRows[name]);
    }
    const allocations = [
      ['A1', 'S-central-2016', 'P-01', '4000'],
      ['A2', 'S-central-2016', 'P-02', '3000'],
      ['A3', 'S-region-2016', 'P-03', '5000'],
      ['A4', 'S-central-2017', 'P-04', '2000'],
    ] as const;
    const allocationRows: Record<string, number> = {};
    for (const [name, source, project, amount] of allocations) {
      allocationRows[name] = (
        await db
          .insertInto('fundAllocation')
          .values({ fundSourceId: sourceRows[source]!, projectId: projectRow(project), amount })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      id.allocation[name] = globalId('FundAllocation', allocationRows[name]);
    }
    await db
      .insertInto('disbursement')
      .values([
        {
          fundAllocationId: allocationRows.A1!,
          payeeType: 'HOUSEHOLD',
          payeeHouseholdId: hh[0]!,
          payeeName: 'D1',
          amount: '1000',
          paidOn: '2016-03-01',
        },
        {
          fundAllocationId: allocationRows.A1!,
          payeeType: 'VILLAGE_COLLECTIVE',
          payeeVillageId: v[2]!,
          payeeName: 'D2',
          amount: '500',
          paidOn: '2016-04-15',
        },
        { fundAllocationId: allocationRows.A2!, payeeType: 'CONTRACTOR', payeeName: 'D3', amount: '800', paidOn: '2016-06-30' },
        {
          fundAllocationId: allocationRows.A3!,
          payeeType: 'HOUSEHOLD',
          payeeHouseholdId: hh[2]!,
          payeeName: 'D4',
          amount: '200',
          paidOn: '2016-07-01',
        },
        { fundAllocationId: allocationRows.A3!, payeeType: 'COOPERATIVE', payeeName: 'D5', amount: '300', paidOn: '2017-01-10' },
      ])
      .execute();
  });

  const codes = async (filter: Any, orderBy: Any[] = [{ field: 'CODE' }]) => {
    const result = await h.gql(
      `query ($filter: ProjectFilter, $orderBy: [ProjectOrderBy!]) { projects(filter: $filter, orderBy: $orderBy) { totalCount nodes { code } } }`,
      { filter, orderBy },
    );
    expect(result.errors).toBeUndefined();
    const nodes = (result.data!.projects.nodes as Any[]).map((n) => n.code);
    expect(result.data!.projects.totalCount).toBe(nodes.length);
    return nodes;
  };

  it('filters projects by eq, in and year ranges, and sorts on several keys', async () => {
    expect(await codes({ year: { eq: 2016 } })).toEqual(['P-02', 'P-03']);
    expect(await codes({ year: { gte: 2016, lte: 2017 } }, [{ field: 'YEAR', direction: 'DESC' }, { field: 'CODE' }])).toEqual([
      'P-04',
      'P-05',
      'P-02',
      'P-03',
    ]);
    expect(
      await codes({ actionCategory: { in: ['INDUSTRY', 'TOURISM'] } }, [
        { field: 'ACTION_CATEGORY' },
        { field: 'YEAR', direction: 'DESC' },
      ]),
    ).toEqual(['P-06', 'P-02', 'P-01', 'P-03']);
    expect(await codes({ status: { eq: 'PLANNED' } }, [{ field: 'CODE', direction: 'DESC' }])).toEqual(['P-06', 'P-05', 'P-04']);
    expect(await codes({ code: { in: ['P-01', 'P-05', 'P-99'] } })).toEqual(['P-01', 'P-05']);
    expect(await codes({ code: { startsWith: 'P-0' }, year: { lt: 2016 } })).toEqual(['P-01']);
  });

  it('combines project conditions with and, or and not', async () => {
    expect(await codes({ or: [{ status: { eq: 'ACCEPTED' } }, { year: { eq: 2018 } }] })).toEqual(['P-01', 'P-06']);
    expect(await codes({ not: { actionCategory: { eq: 'INDUSTRY' } } })).toEqual(['P-03', 'P-04', 'P-05']);
    expect(await codes({ and: [{ year: { gt: 2015 } }, { not: { status: { in: ['PLANNED'] } } }] })).toEqual(['P-02', 'P-03']);
  });

  it('finds the projects of a township or a village through their sites, each once', async () => {
    expect(await codes({ townshipId: h.ids.township(0) })).toEqual(['P-01', 'P-03', 'P-04']);
    expect(await codes({ townshipId: h.ids.township(1) })).toEqual(['P-02', 'P-03', 'P-06']);
    expect(await codes({ villageId: h.ids.village(0) })).toEqual(['P-01', 'P-03']);
    expect(await codes({ townshipId: h.ids.township(1), actionCategory: { eq: 'INDUSTRY' } })).toEqual(['P-02', 'P-06']);
    expect(await codes({ not: { townshipId: h.ids.township(0) } })).toEqual(['P-02', 'P-05', 'P-06']);
    const wrongType = await h.gql(`query ($t: ID!) { projects(filter: { townshipId: $t }) { totalCount } }`, { t: h.ids.village(0) });
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.townshipId' }] });
  });

  it('pages through projects sorted on several keys with cursors and offset', async () => {
    const orderBy = [{ field: 'ACTION_CATEGORY' }, { field: 'YEAR', direction: 'DESC' }];
    const first = await h.gql(
      `query ($o: [ProjectOrderBy!]) { projects(first: 2, orderBy: $o) { pageInfo { hasNextPage endCursor } nodes { code } } }`,
      { o: orderBy },
    );
    expect(first.data!.projects.nodes).toEqual([{ code: 'P-05' }, { code: 'P-06' }]);
    const next = await h.gql(
      `query ($o: [ProjectOrderBy!], $a: String!) { projects(first: 2, after: $a, orderBy: $o) { nodes { code } } }`,
      { o: orderBy, a: first.data!.projects.pageInfo.endCursor },
    );
    const jumped = await h.gql(`query ($o: [ProjectOrderBy!]) { projects(first: 2, offset: 2, orderBy: $o) { nodes { code } } }`, {
      o: orderBy,
    });
    expect(next.data!.projects.nodes).toEqual([{ code: 'P-02' }, { code: 'P-01' }]);
    expect(jumped.data!.projects.nodes).toEqual(next.data!.projects.nodes);
  });

  it('filters and sorts sites and beneficiaries by township, village, project and household', async () => {
    const sites = await h.gql(
      `query ($t: ID!) { projectSites(filter: { townshipId: $t }, orderBy: [{ field: VILLAGE, direction: DESC }, { field: PROJECT }]) { totalCount nodes { project { code } village { name } } } }`,
      { t: h.ids.township(0) },
    );
    expect(sites.data!.projectSites).toEqual({
      totalCount: 3,
      nodes: [
        { project: { code: 'P-04' }, village: { name: '试验3村' } },
        { project: { code: 'P-01' }, village: { name: '试验1村' } },
        { project: { code: 'P-03' }, village: { name: '试验1村' } },
      ],
    });
    const ofProject = await h.gql(`query ($p: ID!) { projectSites(filter: { project: { eq: $p } }) { totalCount } }`, {
      p: id.project['P-03'],
    });
    expect(ofProject.data!.projectSites.totalCount).toBe(2);
    const beneficiaries = await h.gql(
      `query ($v: ID!, $h: ID!) {
        inVillage: projectBeneficiaries(filter: { villageId: $v }, orderBy: [{ field: PROJECT, direction: DESC }, { field: HOUSEHOLD }]) { totalCount nodes { project { code } household { id } } }
        ofHousehold: projectBeneficiaries(filter: { household: { eq: $h } }) { totalCount }
      }`,
      { v: h.ids.village(0), h: h.ids.household(2) },
    );
    expect(beneficiaries.data!.inVillage).toEqual({
      totalCount: 3,
      nodes: [
        { project: { code: 'P-03' }, household: { id: h.ids.household(0) } },
        { project: { code: 'P-01' }, household: { id: h.ids.household(0) } },
        { project: { code: 'P-01' }, household: { id: h.ids.household(1) } },
      ],
    });
    expect(beneficiaries.data!.ofHousehold.totalCount).toBe(2);
  });

  it('filters fund sources by level and year and sorts them by year and level', async () => {
    const result = await h.gql(`{
      some: fundSources(filter: { level: { in: [CENTRAL, COUNTY] } }, orderBy: [{ field: YEAR, direction: DESC }, { field: LEVEL }]) { totalCount nodes { name } }
      early: fundSources(filter: { year: { lt: 2017 }, not: { level: { eq: CENTRAL } } }) { nodes { name } }
    }`);
    expect(result.data!.some).toEqual({
      totalCount: 3,
      nodes: [{ name: 'S-central-2017' }, { name: 'S-county-2017' }, { name: 'S-central-2016' }],
    });
    expect(result.data!.early.nodes).toEqual([{ name: 'S-region-2016' }]);
  });

  it('filters allocations by source, project and the division of their project', async () => {
    const result = await h.gql(
      `query ($s: ID!, $p1: ID!, $p4: ID!, $t: ID!) {
        ofSource: fundAllocations(filter: { fundSource: { eq: $s } }, orderBy: [{ field: PROJECT, direction: DESC }]) { totalCount nodes { amount project { code } } }
        ofProjects: fundAllocations(filter: { project: { in: [$p1, $p4] } }) { totalCount }
        inTownship: fundAllocations(filter: { townshipId: $t }, orderBy: [{ field: FUND_SOURCE, direction: DESC }, { field: PROJECT }]) { nodes { project { code } } }
      }`,
      { s: id.source['S-central-2016'], p1: id.project['P-01'], p4: id.project['P-04'], t: h.ids.township(1) },
    );
    expect(result.data!.ofSource).toEqual({
      totalCount: 2,
      nodes: [
        { amount: '3000.00', project: { code: 'P-02' } },
        { amount: '4000.00', project: { code: 'P-01' } },
      ],
    });
    expect(result.data!.ofProjects.totalCount).toBe(2);
    expect(result.data!.inTownship.nodes).toEqual([{ project: { code: 'P-03' } }, { project: { code: 'P-02' } }]);
  });

  it('filters disbursements by date range and allocation, and places them where the payee is (or, for a firm, where the project is)', async () => {
    const names = async (filter: Any, orderBy: Any[] = [{ field: 'PAID_ON' }]) => {
      const result = await h.gql(
        `query ($f: DisbursementFilter, $o: [DisbursementOrderBy!]) { disbursements(filter: $f, orderBy: $o) { totalCount nodes { payeeName } } }`,
        { f: filter, o: orderBy },
      );
      expect(result.errors).toBeUndefined();
      return (result.data!.disbursements.nodes as Any[]).map((n) => n.payeeName);
    };
    expect(await names({ paidOn: { gte: '2016-04-01', lt: '2017-01-01' } }, [{ field: 'PAID_ON', direction: 'DESC' }])).toEqual([
      'D4',
      'D3',
      'D2',
    ]);
    expect(await names({}, [{ field: 'FUND_ALLOCATION', direction: 'DESC' }, { field: 'PAID_ON' }])).toEqual([
      'D4',
      'D5',
      'D3',
      'D1',
      'D2',
    ]);
    expect(await names({ fundAllocation: { eq: id.allocation.A1 } })).toEqual(['D1', 'D2']);
    expect(await names({ payeeHousehold: { isNull: false } })).toEqual(['D1', 'D4']);
    expect(await names({ payeeVillage: { eq: h.ids.village(2) } })).toEqual(['D2']);
    expect(await names({ villageId: h.ids.village(0) })).toEqual(['D1', 'D5']);
    expect(await names({ villageId: h.ids.village(2) })).toEqual(['D2']);
    expect(await names({ townshipId: h.ids.township(0) })).toEqual(['D1', 'D2', 'D5']);
    expect(await names({ townshipId: h.ids.township(1) })).toEqual(['D3', 'D4', 'D5']);
    expect(await names({ or: [{ villageId: h.ids.village(2) }, { paidOn: { gt: '2016-12-31' } }] })).toEqual(['D2', 'D5']);
  });

  it('shows a township clerk only the projects, allocations and disbursements of the township, and no fund sources', async () => {
    await createUser(h.database.db, {
      username: 'clerk',
      displayName: '逻楼镇录入员',
      role: 'CLERK',
      password: 'clerk-password',
      townshipIds: [h.county.townships[1]!.id],
    });
    const cookie = await h.server.signIn('clerk', 'clerk-password');
    const result = await h.server.graphql<Any>(
      `query ($p: ID!) {
        projects { nodes { code } }
        fundAllocations { totalCount }
        disbursements(orderBy: [{ field: PAID_ON }]) { nodes { payeeName } }
        fundSources { totalCount }
        outside: node(id: $p) { id }
      }`,
      { p: id.project['P-01'] },
      { cookie },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      projects: { nodes: [{ code: 'P-06' }, { code: 'P-02' }, { code: 'P-03' }] }, // newest year first, then by code
      fundAllocations: { totalCount: 2 },
      disbursements: { nodes: [{ payeeName: 'D3' }, { payeeName: 'D4' }, { payeeName: 'D5' }] },
      fundSources: { totalCount: 0 },
      outside: null,
    });
    const write = await h.server.graphql<Any>(
      `mutation { createFundSource(input: { name: "x", level: SOCIAL, year: 2016, amount: "1" }) { fundSource { id } } }`,
      {},
      { cookie },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
