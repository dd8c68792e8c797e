import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

type TwinningTable =
  'helperUnit' | 'cadre' | 'unitVillagePairing' | 'workTeamAssignment' | 'cadreHouseholdPairing' | 'assistanceMeasure' | 'visitLog';

/**
 * Twinning assistance (结对帮扶) through the real server and PostgreSQL: helper units and their cadres,
 * unit–village pairings, work teams, cadre–household pairings, measures and visit logs.
 *
 * The county (smallCounty): townships T0 (villages V0, V2) and T1 (villages V1, V3); two households per
 * village (h0, h1 in V0; h2, h3 in V1; h4, h5 in V2; h6, h7 in V3). The twinning written below:
 *   凌云县财政局 (finance, GOVERNMENT): cadres 韦明 (wei) and 罗芳 (luo); lead unit of V0
 *   百色供电局 (power, SOE): cadre 黄强 (huang); lead unit of V1
 *   凌云县农业局 (agri, GOVERNMENT): cadre 岑亮 (cen); no village
 *   work teams: wei first secretary of V0, huang team leader in V1
 *   household pairings: wei–h0, wei–h1, wei–h4 (ended 2016-06-30), huang–h2, cen–h6
 *   visits: wei–h0 on 2016-01-15, 2016-03-20, 2016-06-10; huang–h2 on 2016-04-02
 *   measures: wei–h0 INDUSTRY 1500.00; huang–h2 EMPLOYMENT
 */
describe('twinning assistance through the graph', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const units: Record<'finance' | 'power' | 'agri', number> = { finance: 0, power: 0, agri: 0 };
  const cadres: Record<'wei' | 'luo' | 'huang' | 'cen', number> = { wei: 0, luo: 0, huang: 0, cen: 0 };
  const pairings: Record<'weiH0' | 'weiH1' | 'weiH4' | 'huangH2' | 'cenH6', number> = {
    weiH0: 0,
    weiH1: 0,
    weiH4: 0,
    huangH2: 0,
    cenH6: 0,
  };
  const unitPairings: Record<'financeV0' | 'powerV1', number> = { financeV0: 0, powerV1: 0 };

  const gql = (query: string, variables: Any = {}, as: { cookie?: string; headers?: Record<string, string> } = { cookie }) =>
    server.graphql<Any>(query, variables, as);
  const countRows = async (table: TwinningTable | 'auditLog') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countAll = async () =>
    Object.fromEntries(
      await Promise.all(
        (
          [
            'helperUnit',
            'cadre',
            'unitVillagePairing',
            'workTeamAssignment',
            'cadreHouseholdPairing',
            'assistanceMeasure',
            'visitLog',
            'auditLog',
          ] as const
        ).map(async (t) => [t, await countRows(t)]),
      ),
    );
  const names = (connection: Any, key = 'name') => (connection.nodes as Any[]).map((n) => n[key]);
  const sorted = (values: string[]) => [...values].sort();

  const T = (i: number) => globalId('Township', county.townships[i]!.id);
  const V = (i: number) => globalId('Village', county.villages[i]!.id);
  const H = (i: number) => globalId('Household', county.households[i]!.id);
  const unitId = (name: keyof typeof units) => globalId('HelperUnit', units[name]);
  const cadreId = (name: keyof typeof cadres) => globalId('Cadre', cadres[name]);
  const pairingId = (name: keyof typeof pairings) => globalId('CadreHouseholdPairing', pairings[name]);
  const householdNumber = (i: number) => county.households[i]!.householdNumber;
  const nextYear = `${new Date().getFullYear() + 1}-01-01`;

  beforeAll(async () => {
    database = await freshDatabase();
    county = await smallCounty(database.db, { villages: 4, households: 2, members: 1 });
    const db = database.db;
    const villageRow = (i: number) => county.villages[i]!.id;
    const householdRow = (i: number) => county.households[i]!.id;

    const unit = async (name: string, kind: 'GOVERNMENT' | 'SOE', level: 'COUNTY' | 'CITY') =>
      (await db.insertInto('helperUnit').values({ name, kind, level }).returning('id').executeTakeFirstOrThrow()).id;
    units.finance = await unit('凌云县财政局', 'GOVERNMENT', 'COUNTY');
    units.power = await unit('百色供电局', 'SOE', 'CITY');
    units.agri = await unit('凌云县农业局', 'GOVERNMENT', 'COUNTY');

    const cadre = async (helperUnitId: number, name: string, sex: 'MALE' | 'FEMALE', mobile: string) =>
      (await db.insertInto('cadre').values({ helperUnitId, name, sex, mobile, position: '科员' }).returning('id').executeTakeFirstOrThrow())
        .id;
    cadres.wei = await cadre(units.finance, '韦明', 'MALE', '13907760001');
    cadres.luo = await cadre(units.finance, '罗芳', 'FEMALE', '13907760002');
    cadres.huang = await cadre(units.power, '黄强', 'MALE', '13907760003');
    cadres.cen = await cadre(units.agri, '岑亮', 'MALE', '13907760004');

    const unitVillage = async (helperUnitId: number, village: number) =>
      (
        await db
          .insertInto('unitVillagePairing')
          .values({ helperUnitId, villageId: villageRow(village), isLead: true, startDate: '2015-10-01' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    unitPairings.financeV0 = await unitVillage(units.finance, 0);
    unitPairings.powerV1 = await unitVillage(units.power, 1);

    await db
      .insertInto('workTeamAssignment')
      .values([
        { cadreId: cadres.wei, villageId: villageRow(0), role: 'FIRST_SECRETARY', startDate: '2015-10-01' },
        { cadreId: cadres.huang, villageId: villageRow(1), role: 'TEAM_LEADER', startDate: '2015-10-01' },
      ])
      .execute();

    const pair = async (cadreId: number, household: number, startDate: string, endDate: string | null = null) =>
      (
        await db
          .insertInto('cadreHouseholdPairing')
          .values({ cadreId, householdId: householdRow(household), startDate, endDate, note: '一对一帮扶' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    pairings.weiH0 = await pair(cadres.wei, 0, '2015-11-01');
    pairings.weiH1 = await pair(cadres.wei, 1, '2015-11-01');
    pairings.weiH4 = await pair(cadres.wei, 4, '2015-11-01', '2016-06-30');
    pairings.huangH2 = await pair(cadres.huang, 2, '2015-11-01');
    pairings.cenH6 = await pair(cadres.cen, 6, '2016-01-01');

    await db
      .insertInto('visitLog')
      .values([
        { cadreHouseholdPairingId: pairings.weiH0, visitedOn: '2016-01-15', mode: 'IN_PERSON', content: '核实家庭收入' },
        { cadreHouseholdPairingId: pairings.weiH0, visitedOn: '2016-03-20', mode: 'PHONE', content: '询问山羊养殖情况' },
        {
          cadreHouseholdPairingId: pairings.weiH0,
          visitedOn: '2016-06-10',
          mode: 'IN_PERSON',
          content: '帮助申请小额信贷',
          followUps: '跟进贷款审批',
          followUpDue: '2016-07-10',
        },
        { cadreHouseholdPairingId: pairings.huangH2, visitedOn: '2016-04-02', mode: 'IN_PERSON', content: '介绍外出务工岗位' },
      ])
      .execute();
    await db
      .insertInto('assistanceMeasure')
      .values([
        {
          cadreHouseholdPairingId: pairings.weiH0,
          actionCategory: 'INDUSTRY',
          description: '发放山羊 5 只',
          startedOn: '2016-03-01',
          amount: '1500.00',
        },
        {
          cadreHouseholdPairingId: pairings.huangH2,
          actionCategory: 'EMPLOYMENT',
          description: '推荐到广东务工',
          startedOn: '2016-04-10',
          amount: null,
        },
      ])
      .execute();

    await createUser(db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    await createUser(db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    await createUser(db, {
      username: 'clerk',
      displayName: '泗城镇录入员',
      role: 'CLERK',
      password: 'clerk-password',
      townshipIds: [county.townships[0]!.id],
    });
    await createUser(db, {
      username: 'partner',
      displayName: '供电局联络员',
      role: 'PARTNER',
      password: 'partner-password',
      helperUnitId: units.power,
    });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
  });

  describe('reading', () => {
    it('filters with eq, in, contains, date ranges and and/or/not', async () => {
      const soe = await gql(`{ helperUnits(filter: { kind: { eq: SOE } }) { totalCount nodes { name kind } } }`);
      expect(soe.data!.helperUnits).toEqual({ totalCount: 1, nodes: [{ name: '百色供电局', kind: 'SOE' }] });

      const ofUnits = await gql(`query ($in: [ID!]) { cadres(filter: { helperUnit: { in: $in } }) { nodes { name } } }`, {
        in: [unitId('finance'), unitId('agri')],
      });
      expect(sorted(names(ofUnits.data!.cadres))).toEqual(sorted(['韦明', '罗芳', '岑亮']));
      const byName = await gql(`{ cadres(filter: { name: { contains: "芳" } }) { nodes { name helperUnit { name } } } }`);
      expect(byName.data!.cadres.nodes).toEqual([{ name: '罗芳', helperUnit: { name: '凌云县财政局' } }]);
      const byMobile = await gql(`{ cadres(filter: { mobile: { eq: "13907760003" } }) { nodes { name mobile } } }`);
      expect(byMobile.data!.cadres.nodes).toEqual([{ name: '黄强', mobile: '13907760003' }]);

      const spring = await gql(
        `{ visitLogs(filter: { visitedOn: { gte: "2016-03-01", lt: "2016-06-10" } }, orderBy: [{ field: VISITED_ON }]) { nodes { visitedOn } } }`,
      );
      expect(names(spring.data!.visitLogs, 'visitedOn')).toEqual(['2016-03-20', '2016-04-02']);
      const edges = await gql(
        `{ visitLogs(filter: { or: [{ visitedOn: { lt: "2016-02-01" } }, { visitedOn: { gt: "2016-06-01" } }] }) { nodes { visitedOn } } }`,
      );
      expect(names(edges.data!.visitLogs, 'visitedOn')).toEqual(['2016-06-10', '2016-01-15']);
      const notWei = await gql(
        `query ($p: ID!) { visitLogs(filter: { not: { pairing: { eq: $p } } }) { nodes { content pairing { cadre { name } } } } }`,
        { p: pairingId('weiH0') },
      );
      expect(notWei.data!.visitLogs.nodes).toEqual([{ content: '介绍外出务工岗位', pairing: { cadre: { name: '黄强' } } }]);
      const both = await gql(
        `query ($p: ID!) { visitLogs(filter: { and: [{ pairing: { eq: $p } }, { visitedOn: { gte: "2016-03-01" } }] }) { totalCount } }`,
        { p: pairingId('weiH0') },
      );
      expect(both.data!.visitLogs.totalCount).toBe(2);

      const industry = await gql(
        `{ assistanceMeasures(filter: { actionCategory: { in: [INDUSTRY, FINANCE] } }) { nodes { description amount actionCategory } } }`,
      );
      expect(industry.data!.assistanceMeasures.nodes).toEqual([
        { description: '发放山羊 5 只', amount: '1500.00', actionCategory: 'INDUSTRY' },
      ]);
      const ofWei = await gql(
        `query ($c: ID!) { cadreHouseholdPairings(filter: { cadre: { eq: $c } }) { totalCount } workTeamAssignments(filter: { cadre: { eq: $c } }) { nodes { role } } }`,
        { c: cadreId('wei') },
      );
      expect(ofWei.data).toEqual({
        cadreHouseholdPairings: { totalCount: 3 },
        workTeamAssignments: { nodes: [{ role: 'FIRST_SECRETARY' }] },
      });
      const inVillage = await gql(
        `query ($v: ID!) { unitVillagePairings(filter: { village: { eq: $v } }) { nodes { isLead helperUnit { name } } } }`,
        { v: V(1) },
      );
      expect(inVillage.data!.unitVillagePairings.nodes).toEqual([{ isLead: true, helperUnit: { name: '百色供电局' } }]);
    });

    it('sorts on one or several keys, ties broken by id', async () => {
      const byKind = await gql(`{ helperUnits(orderBy: [{ field: KIND, direction: DESC }]) { nodes { name } } }`);
      expect(names(byKind.data!.helperUnits)).toEqual(['百色供电局', '凌云县财政局', '凌云县农业局']);
      const visits = await gql(`{ visitLogs(orderBy: [{ field: VISITED_ON, direction: ASC }]) { nodes { visitedOn } } }`);
      expect(names(visits.data!.visitLogs, 'visitedOn')).toEqual(['2016-01-15', '2016-03-20', '2016-04-02', '2016-06-10']);
      const newestFirst = await gql(`{ visitLogs { nodes { visitedOn } } }`);
      expect(names(newestFirst.data!.visitLogs, 'visitedOn')).toEqual(['2016-06-10', '2016-04-02', '2016-03-20', '2016-01-15']);
      const pairs = await gql(
        `{ cadreHouseholdPairings(orderBy: [{ field: CADRE }, { field: HOUSEHOLD, direction: DESC }]) { nodes { cadre { name } household { householdNumber } } } }`,
      );
      expect((pairs.data!.cadreHouseholdPairings.nodes as Any[]).map((n) => `${n.cadre.name} ${n.household.householdNumber}`)).toEqual([
        `韦明 ${householdNumber(4)}`,
        `韦明 ${householdNumber(1)}`,
        `韦明 ${householdNumber(0)}`,
        `黄强 ${householdNumber(2)}`,
        `岑亮 ${householdNumber(6)}`,
      ]);
      const ascending = await gql(`{ cadres(orderBy: [{ field: HELPER_UNIT }, { field: NAME }]) { nodes { name } } }`);
      const descending = await gql(`{ cadres(orderBy: [{ field: HELPER_UNIT }, { field: NAME, direction: DESC }]) { nodes { name } } }`);
      const [a, b, ...rest] = names(ascending.data!.cadres);
      expect(names(descending.data!.cadres)).toEqual([b, a, ...rest]);
      expect(rest).toEqual(['黄强', '岑亮']);
    });

    it('finds every twinning record by township and by village', async () => {
      const query = `query ($t: ID!, $v: ID!) {
        helperUnits(filter: { townshipId: $t }) { nodes { name } }
        cadres(filter: { townshipId: $t }) { nodes { name } }
        unitVillagePairings(filter: { townshipId: $t }) { nodes { helperUnit { name } } }
        workTeamAssignments(filter: { townshipId: $t }) { nodes { cadre { name } } }
        cadreHouseholdPairings(filter: { townshipId: $t }) { totalCount }
        assistanceMeasures(filter: { townshipId: $t }) { nodes { actionCategory } }
        visitLogs(filter: { townshipId: $t }) { totalCount }
        inVillage: cadreHouseholdPairings(filter: { villageId: $v }) { nodes { household { householdNumber } } }
        unitsInVillage: helperUnits(filter: { villageId: $v }) { nodes { name } }
        cadresInVillage: cadres(filter: { villageId: $v }) { nodes { name } }
        visitsInVillage: visitLogs(filter: { villageId: $v }) { totalCount }
        measuresInVillage: assistanceMeasures(filter: { villageId: $v }) { totalCount }
        teamInVillage: workTeamAssignments(filter: { villageId: $v }) { totalCount }
        pairedWithVillage: unitVillagePairings(filter: { villageId: $v }) { totalCount }
      }`;
      // T0 holds V0 (finance's village, wei's team and two of his households) and V2 (wei's ended pairing with h4)
      const t0 = (await gql(query, { t: T(0), v: V(2) })).data!;
      expect(names(t0.helperUnits)).toEqual(['凌云县财政局']);
      expect(names(t0.cadres)).toEqual(['韦明']);
      expect(t0.unitVillagePairings.nodes).toEqual([{ helperUnit: { name: '凌云县财政局' } }]);
      expect(t0.workTeamAssignments.nodes).toEqual([{ cadre: { name: '韦明' } }]);
      expect(t0.cadreHouseholdPairings.totalCount).toBe(3);
      expect(t0.assistanceMeasures.nodes).toEqual([{ actionCategory: 'INDUSTRY' }]);
      expect(t0.visitLogs.totalCount).toBe(3);
      expect(t0.inVillage.nodes).toEqual([{ household: { householdNumber: householdNumber(4) } }]);
      expect(names(t0.unitsInVillage)).toEqual(['凌云县财政局']); // through its cadre's pairing
      expect(names(t0.cadresInVillage)).toEqual(['韦明']);
      expect([
        t0.visitsInVillage.totalCount,
        t0.measuresInVillage.totalCount,
        t0.teamInVillage.totalCount,
        t0.pairedWithVillage.totalCount,
      ]).toEqual([0, 0, 0, 0]);

      // T1 holds V1 (power's village, huang's team and household) and V3 (cen's household)
      const t1 = (await gql(query, { t: T(1), v: V(1) })).data!;
      expect(sorted(names(t1.helperUnits))).toEqual(sorted(['百色供电局', '凌云县农业局']));
      expect(sorted(names(t1.cadres))).toEqual(sorted(['黄强', '岑亮']));
      expect(t1.unitVillagePairings.nodes).toEqual([{ helperUnit: { name: '百色供电局' } }]);
      expect(t1.cadreHouseholdPairings.totalCount).toBe(2);
      expect(t1.assistanceMeasures.nodes).toEqual([{ actionCategory: 'EMPLOYMENT' }]);
      expect(t1.visitLogs.totalCount).toBe(1);
      expect(names(t1.unitsInVillage)).toEqual(['百色供电局']);
      expect(names(t1.cadresInVillage)).toEqual(['黄强']);
      expect([
        t1.visitsInVillage.totalCount,
        t1.measuresInVillage.totalCount,
        t1.teamInVillage.totalCount,
        t1.pairedWithVillage.totalCount,
      ]).toEqual([1, 1, 1, 1]);
    });

    it('pages a cadre’s household pairings as a connection, with first, cursors, filters and totalCount', async () => {
      const first = await gql(
        `query ($id: ID!) { node(id: $id) { ... on Cadre { name householdCount helperUnit { name }
           householdPairings(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { startDate endDate household { householdNumber } } } } } }`,
        { id: cadreId('wei') },
      );
      expect(first.errors).toBeUndefined();
      const wei = first.data!.node;
      expect(wei).toMatchObject({ name: '韦明', householdCount: 2, helperUnit: { name: '凌云县财政局' } }); // the pairing with h4 has ended
      expect(wei.householdPairings.totalCount).toBe(3);
      expect(wei.householdPairings.pageInfo.hasNextPage).toBe(true);
      expect((wei.householdPairings.nodes as Any[]).map((n) => n.household.householdNumber)).toEqual([
        householdNumber(0),
        householdNumber(1),
      ]);

      const rest = await gql(
        `query ($id: ID!, $after: String!) { node(id: $id) { ... on Cadre { householdPairings(first: 2, after: $after) { pageInfo { hasNextPage } nodes { endDate household { householdNumber } } } } } }`,
        {
          id: cadreId('wei'),
          after: wei.householdPairings.pageInfo.endCursor,
        },
      );
      expect(rest.data!.node.householdPairings).toEqual({
        pageInfo: { hasNextPage: false },
        nodes: [{ endDate: '2016-06-30', household: { householdNumber: householdNumber(4) } }],
      });

      const filtered = await gql(
        `query ($id: ID!, $h: ID!, $v: ID!) { node(id: $id) { ... on Cadre {
           one: householdPairings(filter: { household: { eq: $h } }) { totalCount nodes { household { householdNumber } } }
           inVillage: householdPairings(first: 5, filter: { villageId: $v }) { totalCount }
           ended: householdPairings(filter: { household: { in: [$h] } }, orderBy: [{ field: HOUSEHOLD, direction: DESC }]) { totalCount } } } }`,
        { id: cadreId('wei'), h: H(4), v: V(0) },
      );
      expect(filtered.data!.node).toEqual({
        one: { totalCount: 1, nodes: [{ household: { householdNumber: householdNumber(4) } }] },
        inVillage: { totalCount: 2 },
        ended: { totalCount: 1 },
      });

      const others = await gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Cadre { name householdCount } } }`, {
        ids: [cadreId('luo'), cadreId('huang')],
      });
      expect(others.data!.nodes).toEqual([
        { name: '罗芳', householdCount: 0 },
        { name: '黄强', householdCount: 1 },
      ]);
    });

    it('shows a pairing’s visit logs newest first, its measures, its last visit date and its visit count', async () => {
      const read = await gql(
        `query ($a: ID!, $b: ID!) {
           a: node(id: $a) { ... on CadreHouseholdPairing { note lastVisitedOn visitCount
             visitLogs(first: 2) { totalCount pageInfo { hasNextPage } nodes { visitedOn mode followUps followUpDue } }
             firstQuarter: visitLogs(filter: { visitedOn: { lte: "2016-03-31" } }, orderBy: [{ field: VISITED_ON }]) { nodes { visitedOn } }
             measures { actionCategory description amount startedOn } } }
           b: node(id: $b) { ... on CadreHouseholdPairing { lastVisitedOn visitCount visitLogs { totalCount nodes { id } } measures { id } } } }`,
        { a: pairingId('weiH0'), b: pairingId('weiH1') },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data!.a).toEqual({
        note: '一对一帮扶',
        lastVisitedOn: '2016-06-10',
        visitCount: 3,
        visitLogs: {
          totalCount: 3,
          pageInfo: { hasNextPage: true },
          nodes: [
            { visitedOn: '2016-06-10', mode: 'IN_PERSON', followUps: '跟进贷款审批', followUpDue: '2016-07-10' },
            { visitedOn: '2016-03-20', mode: 'PHONE', followUps: '', followUpDue: null },
          ],
        },
        firstQuarter: { nodes: [{ visitedOn: '2016-01-15' }, { visitedOn: '2016-03-20' }] },
        measures: [{ actionCategory: 'INDUSTRY', description: '发放山羊 5 只', amount: '1500.00', startedOn: '2016-03-01' }],
      });
      expect(read.data!.b).toEqual({ lastVisitedOn: null, visitCount: 0, visitLogs: { totalCount: 0, nodes: [] }, measures: [] });
    });

    it('links units, cadres, villages and households both ways', async () => {
      const read = await gql(
        `query ($unit: ID!, $village: ID!, $household: ID!) {
           unit: node(id: $unit) { ... on HelperUnit { name cadres(first: 5, orderBy: [{ field: NAME }]) { totalCount nodes { name } } villagePairings { isLead startDate village { name } } } }
           village: node(id: $village) { ... on Village { name unitPairings { isLead helperUnit { name } } workTeam { role cadre { name workTeamAssignments { village { name } } } } } }
           household: node(id: $household) { ... on Household { householdNumber cadrePairings { startDate cadre { name mobile helperUnit { kind } } } } } }`,
        { unit: unitId('finance'), village: V(0), household: H(2) },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data!.unit.cadres.totalCount).toBe(2);
      expect(sorted(names(read.data!.unit.cadres))).toEqual(sorted(['韦明', '罗芳']));
      expect(read.data!.unit.villagePairings).toEqual([{ isLead: true, startDate: '2015-10-01', village: { name: '试验1村' } }]);
      expect(read.data!.village).toEqual({
        name: '试验1村',
        unitPairings: [{ isLead: true, helperUnit: { name: '凌云县财政局' } }],
        workTeam: [{ role: 'FIRST_SECRETARY', cadre: { name: '韦明', workTeamAssignments: [{ village: { name: '试验1村' } }] } }],
      });
      expect(read.data!.household).toEqual({
        householdNumber: householdNumber(2),
        cadrePairings: [{ startDate: '2015-11-01', cadre: { name: '黄强', mobile: '13907760003', helperUnit: { kind: 'SOE' } } }],
      });
    });

    it('shows an analyst masked mobile numbers, and refuses to let her filter on them', async () => {
      const analyst = await server.signIn('analyst', 'analyst-password');
      const read = await gql(`{ cadres(filter: { name: { eq: "韦明" } }) { nodes { name mobile } } }`, {}, { cookie: analyst });
      expect(read.data!.cadres.nodes).toEqual([{ name: '韦明', mobile: '139****0001' }]);
      const guess = await gql(`{ cadres(filter: { mobile: { eq: "13907760001" } }) { totalCount } }`, {}, { cookie: analyst });
      expect(guess.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const write = await gql(
        `mutation ($id: ID!) { updateCadre(input: { id: $id, version: 1, patch: { position: "局长" } }) { cadre { id } } }`,
        { id: cadreId('wei') },
        { cookie: analyst },
      );
      expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('shows a township clerk only the twinning records of her township', async () => {
      const clerk = await server.signIn('clerk', 'clerk-password');
      const read = await gql(
        `query ($huang: ID!) { helperUnits { nodes { name } } cadres { nodes { name } } cadreHouseholdPairings { totalCount } visitLogs { totalCount }
           unitVillagePairings { totalCount } workTeamAssignments { totalCount } assistanceMeasures { totalCount } node(id: $huang) { id } }`,
        { huang: cadreId('huang') },
        { cookie: clerk },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual({
        helperUnits: { nodes: [{ name: '凌云县财政局' }] },
        cadres: { nodes: [{ name: '韦明' }] },
        cadreHouseholdPairings: { totalCount: 3 },
        visitLogs: { totalCount: 3 },
        unitVillagePairings: { totalCount: 1 },
        workTeamAssignments: { totalCount: 1 },
        assistanceMeasures: { totalCount: 1 },
        node: null,
      });
      const before = await countAll();
      const elsewhere = await gql(
        `mutation ($p: ID!) { createVisitLog(input: { pairingId: $p, visitedOn: "2016-05-01", mode: PHONE, content: "越权记录" }) { visitLog { id } } }`,
        { p: pairingId('huangH2') },
        { cookie: clerk },
      );
      // the pairing is out of her reach, so for her it does not exist: refused at the field, nothing saved
      expect(elsewhere.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'pairingId' })],
      });
      expect(await countAll()).toEqual(before);
    });
  });

  describe('the rules', () => {
    it('refuses a cadre whose mobile number another cadre has, at `mobile`, on create and on update', async () => {
      const before = await countAll();
      const created = await gql(
        `mutation ($u: ID!) { createCadre(input: { helperUnitId: $u, name: "黄二", sex: MALE, mobile: "13907760001" }) { cadre { id } } }`,
        { u: unitId('power') },
      );
      expect(created.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'mobile', message: '手机号码与已有记录重复' })],
      });
      const updated = await gql(
        `mutation ($id: ID!) { updateCadre(input: { id: $id, version: 1, patch: { mobile: "13907760001" } }) { cadre { id } } }`,
        { id: cadreId('luo') },
      );
      expect(updated.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'mobile' })],
      });
      const malformed = await gql(
        `mutation ($u: ID!) { createCadre(input: { helperUnitId: $u, name: "黄二", sex: MALE, mobile: "12907760009" }) { cadre { id } } }`,
        { u: unitId('power') },
        { headers: { 'accept-language': 'en' }, cookie },
      );
      expect(malformed.errors?.[0]?.extensions?.fields).toEqual([
        expect.objectContaining({
          field: 'mobile',
          message: 'Mobile number is not valid: expected an 11-digit mobile number starting with 13 to 19',
          messages: expect.objectContaining({ zh: expect.stringMatching(/^手机号码格式不正确/) }),
        }),
      ]);
      expect(await countAll()).toEqual(before);
      const luo = await database.db
        .selectFrom('cadre')
        .select(['mobile', 'version'])
        .where('id', '=', cadres.luo)
        .executeTakeFirstOrThrow();
      expect(luo).toEqual({ mobile: '13907760002', version: 1 });
    });

    it('refuses a second current lead unit for a village at `isLead`, and accepts one once the first lead has ended', async () => {
      const before = await countAll();
      const second = await gql(
        `mutation ($u: ID!, $v: ID!) { createUnitVillagePairing(input: { helperUnitId: $u, villageId: $v, isLead: true, startDate: "2016-05-01" }) { unitVillagePairing { id } } }`,
        { u: unitId('agri'), v: V(0) },
      );
      expect(second.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'isLead', message: expect.stringMatching(/已有牵头单位/) })],
      });
      expect(await countAll()).toEqual(before);

      const helper = await gql(
        `mutation ($u: ID!, $v: ID!) { createUnitVillagePairing(input: { helperUnitId: $u, villageId: $v, startDate: "2016-05-01", note: "协助修建村道" }) { unitVillagePairing { id version isLead note } } }`,
        { u: unitId('agri'), v: V(0) },
      );
      expect(helper.data!.createUnitVillagePairing.unitVillagePairing).toMatchObject({ version: 1, isLead: false, note: '协助修建村道' });
      const agriV0 = helper.data!.createUnitVillagePairing.unitVillagePairing.id;
      const promote = `mutation ($id: ID!, $version: Int!) { updateUnitVillagePairing(input: { id: $id, version: $version, patch: { isLead: true } }) { unitVillagePairing { isLead version } } }`;
      expect((await gql(promote, { id: agriV0, version: 1 })).errors?.[0]?.extensions?.fields).toEqual([
        expect.objectContaining({ field: 'isLead' }),
      ]);

      const ended = await gql(
        `mutation ($id: ID!) { updateUnitVillagePairing(input: { id: $id, version: 1, patch: { endDate: "2016-04-30" } }) { unitVillagePairing { endDate version } } }`,
        { id: globalId('UnitVillagePairing', unitPairings.financeV0) },
      );
      expect(ended.data!.updateUnitVillagePairing.unitVillagePairing).toEqual({ endDate: '2016-04-30', version: 2 });
      expect((await gql(promote, { id: agriV0, version: 1 })).data!.updateUnitVillagePairing.unitVillagePairing).toEqual({
        isLead: true,
        version: 2,
      });
    });

    it('refuses a second current first secretary for a village at `role`, but takes another team member', async () => {
      const before = await countAll();
      const input = { cadreId: cadreId('luo'), villageId: V(0), role: 'FIRST_SECRETARY', startDate: '2016-05-01' };
      const mutation = `mutation ($input: CreateWorkTeamAssignmentInput!) { createWorkTeamAssignment(input: $input) { workTeamAssignment { role cadre { name } village { name } } } }`;
      const second = await gql(mutation, { input });
      expect(second.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'role', message: expect.stringMatching(/已有第一书记/) })],
      });
      expect(await countAll()).toEqual(before);
      const member = await gql(mutation, { input: { ...input, role: 'TEAM_MEMBER' } });
      expect(member.data!.createWorkTeamAssignment.workTeamAssignment).toEqual({
        role: 'TEAM_MEMBER',
        cadre: { name: '罗芳' },
        village: { name: '试验1村' },
      });
    });

    it('refuses a pairing that ends before it starts, naming the end date in both languages', async () => {
      const before = await countAll();
      const result = await gql(
        `mutation ($id: ID!) { updateCadreHouseholdPairing(input: { id: $id, version: 1, patch: { endDate: "2015-10-31" } }) { cadreHouseholdPairing { id } } }`,
        { id: pairingId('weiH1') },
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [
          {
            field: 'endDate',
            message: '结束日期（2015-10-31）不能早于开始日期（2015-11-01）',
            messages: {
              zh: '结束日期（2015-10-31）不能早于开始日期（2015-11-01）',
              en: 'The end date (2015-10-31) cannot be before the start date (2015-11-01)',
            },
          },
        ],
      });
      const duplicate = await gql(
        `mutation ($c: ID!, $h: ID!) { createCadreHouseholdPairing(input: { cadreId: $c, householdId: $h, startDate: "2015-11-01" }) { cadreHouseholdPairing { id } } }`,
        { c: cadreId('wei'), h: H(0) },
      );
      expect(duplicate.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'startDate', message: '该干部与该户已有同一开始日期的结对' })],
      });
      expect(await countAll()).toEqual(before);
      const row = await database.db
        .selectFrom('cadreHouseholdPairing')
        .select(['endDate', 'version'])
        .where('id', '=', pairings.weiH1)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ endDate: null, version: 1 });
    });

    it('refuses a visit dated in the future, and follow-ups due before the visit', async () => {
      const before = await countAll();
      const mutation = `mutation ($input: CreateVisitLogInput!) { createVisitLog(input: $input) { visitLog { id } } }`;
      const input = { pairingId: pairingId('weiH1'), visitedOn: '2016-05-05', mode: 'IN_PERSON', content: '了解春耕情况' };
      const future = await gql(mutation, { input: { ...input, visitedOn: nextYear } }, { headers: { 'accept-language': 'en' }, cookie });
      expect(future.errors?.[0]?.extensions?.fields).toEqual([
        expect.objectContaining({
          field: 'visitedOn',
          message: `Visit date (${nextYear}) cannot be in the future`,
          messages: expect.objectContaining({ zh: `走访日期（${nextYear}）不能晚于今天` }),
        }),
      ]);
      const early = await gql(mutation, { input: { ...input, followUps: '送化肥', followUpDue: '2016-05-04' } });
      expect(early.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'followUpDue', message: '后续事项期限（2016-05-04）不能早于走访日期（2016-05-05）' }],
      });
      const empty = await gql(mutation, { input: { ...input, content: '' } });
      expect(empty.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'content', message: '走访内容不能为空' })]);
      const moved = await gql(
        `mutation ($id: ID!) { updateVisitLog(input: { id: $id, version: 1, patch: { visitedOn: "2016-08-01" } }) { visitLog { id } } }`,
        {
          id: globalId(
            'VisitLog',
            (await database.db.selectFrom('visitLog').select('id').where('followUpDue', '=', '2016-07-10').executeTakeFirstOrThrow()).id,
          ),
        },
      );
      expect(moved.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'followUpDue' })]);
      expect(await countAll()).toEqual(before);
    });

    it('refuses to delete a cadre who still has pairings, or a unit that still has cadres, saying what to remove first', async () => {
      const cen = await gql(`mutation ($id: ID!) { deleteCadre(input: { id: $id, version: 1 }) { deletedId } }`, { id: cadreId('cen') });
      expect(cen.errors?.[0]).toMatchObject({
        message: '不能删除：仍有结对帮扶引用这条帮扶干部，请先处理这些记录',
        extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'id' })] },
      });
      const wei = await gql(
        `mutation ($id: ID!) { deleteCadre(input: { id: $id, version: 1 }) { deletedId } }`,
        { id: cadreId('wei') },
        { headers: { 'accept-language': 'en' }, cookie },
      );
      expect(wei.errors?.[0]?.message).toMatch(
        /^Cannot delete: (Work-team assignment|Cadre–household pairing) records still refer to this Cadre/,
      );
      const agri = await gql(`mutation ($id: ID!) { deleteHelperUnit(input: { id: $id, version: 1 }) { deletedId } }`, {
        id: unitId('agri'),
      });
      expect(agri.errors?.[0]?.message).toMatch(/^不能删除：仍有(帮扶干部|定点帮扶)引用这条帮扶单位/);
      const still = await gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
        ids: [cadreId('cen'), cadreId('wei'), unitId('agri')],
      });
      expect(still.data!.nodes).toEqual([{ id: cadreId('cen') }, { id: cadreId('wei') }, { id: unitId('agri') }]);
    });
  });

  interface Case {
    type: string;
    table: TwinningTable;
    list: string;
    input: () => Any;
    /** input a create must refuse, and the field it names */
    badInput: { input: Any; field: string };
    patch: Any;
    /** a patch an update must refuse, and the field it names */
    bad: { patch: Any; field: string };
    /** a filter that finds the created record */
    filter: () => Any;
    sort: string;
    select: string;
  }

  const cases: Case[] = [
    {
      type: 'HelperUnit',
      table: 'helperUnit',
      list: 'helperUnits',
      input: () => ({ name: '百色学院', kind: 'INSTITUTION', level: 'CITY', contactName: '李老师', contactPhone: '0776-2848888' }),
      badInput: { input: { name: '' }, field: 'name' },
      patch: { address: '百色市右江区中山二路 21 号' },
      bad: { patch: { contactPhone: 'call me' }, field: 'contactPhone' },
      filter: () => ({ kind: { in: ['INSTITUTION', 'EAST_WEST'] }, name: { startsWith: '百色' } }),
      sort: 'NAME',
      select: 'name kind level contactName contactPhone address',
    },
    {
      type: 'Cadre',
      table: 'cadre',
      list: 'cadres',
      input: () => ({ helperUnitId: unitId('agri'), name: '岑晓', sex: 'FEMALE', mobile: '13607769999', position: '科员' }),
      badInput: { input: { mobile: '1360776999' }, field: 'mobile' },
      patch: { position: '副科长' },
      bad: { patch: { name: 'x'.repeat(51) }, field: 'name' },
      filter: () => ({ mobile: { eq: '13607769999' } }),
      sort: 'HELPER_UNIT',
      select: 'name sex mobile position householdCount helperUnit { name }',
    },
    {
      type: 'UnitVillagePairing',
      table: 'unitVillagePairing',
      list: 'unitVillagePairings',
      input: () => ({ helperUnitId: unitId('agri'), villageId: V(3), startDate: '2016-01-01', note: '援建灌溉水柜' }),
      badInput: { input: { endDate: '2015-12-31' }, field: 'endDate' },
      patch: { endDate: '2018-12-31', note: '援建灌溉水柜（已完工）' },
      bad: { patch: { endDate: '2015-12-31' }, field: 'endDate' },
      filter: () => ({ villageId: V(3), helperUnit: { eq: unitId('agri') } }),
      sort: 'VILLAGE',
      select: 'isLead startDate endDate note helperUnit { name } village { name }',
    },
    {
      type: 'WorkTeamAssignment',
      table: 'workTeamAssignment',
      list: 'workTeamAssignments',
      input: () => ({ cadreId: cadreId('cen'), villageId: V(3), role: 'FIRST_SECRETARY', startDate: '2016-02-01' }),
      badInput: { input: { endDate: '2016-01-31' }, field: 'endDate' },
      patch: { role: 'TEAM_LEADER', note: '兼任工作队长' },
      bad: { patch: { note: 'x'.repeat(2001) }, field: 'note' },
      filter: () => ({ townshipId: T(1), village: { eq: V(3) } }),
      sort: 'CADRE',
      select: 'role startDate endDate note cadre { name } village { name }',
    },
    {
      type: 'CadreHouseholdPairing',
      table: 'cadreHouseholdPairing',
      list: 'cadreHouseholdPairings',
      input: () => ({ cadreId: cadreId('cen'), householdId: H(7), startDate: '2016-03-01' }),
      badInput: { input: { endDate: '2016-02-29' }, field: 'endDate' },
      patch: { note: '每月走访一次' },
      bad: { patch: { endDate: '2016-01-01' }, field: 'endDate' },
      filter: () => ({ household: { in: [H(7)] } }),
      sort: 'HOUSEHOLD',
      select: 'startDate endDate note visitCount lastVisitedOn cadre { name } household { householdNumber }',
    },
    {
      type: 'AssistanceMeasure',
      table: 'assistanceMeasure',
      list: 'assistanceMeasures',
      input: () => ({
        pairingId: pairingId('cenH6'),
        actionCategory: 'SCI_EDU_CULTURE_HEALTH',
        description: '协助办理大病救助',
        startedOn: '2016-04-01',
        amount: '800',
      }),
      badInput: { input: { description: '' }, field: 'description' },
      patch: { amount: '950.50' },
      bad: { patch: { amount: '-1' }, field: 'amount' },
      filter: () => ({ actionCategory: { eq: 'SCI_EDU_CULTURE_HEALTH' }, pairing: { eq: pairingId('cenH6') } }),
      sort: 'ACTION_CATEGORY',
      select: 'actionCategory description startedOn amount pairing { cadre { name } }',
    },
    {
      type: 'VisitLog',
      table: 'visitLog',
      list: 'visitLogs',
      input: () => ({
        pairingId: pairingId('cenH6'),
        visitedOn: '2016-05-05',
        mode: 'IN_PERSON',
        content: '了解春耕情况',
        followUps: '联系农技站',
        followUpDue: '2016-05-20',
      }),
      badInput: { input: { visitedOn: nextYear, followUpDue: null }, field: 'visitedOn' },
      patch: { mode: 'PHONE' },
      bad: { patch: { followUpDue: '2016-05-01' }, field: 'followUpDue' },
      filter: () => ({ visitedOn: { gte: '2016-05-01', lte: '2016-05-31' }, not: { pairing: { eq: pairingId('weiH0') } } }),
      sort: 'VISITED_ON',
      select: 'visitedOn mode content followUps followUpDue pairing { household { householdNumber } }',
    },
  ];

  describe('the life of every record type', () => {
    for (const c of cases) {
      it(`${c.type}: is created, listed, found, updated with its version, refused when stale or invalid with nothing changed, and deleted`, async () => {
        const field = c.type[0]!.toLowerCase() + c.type.slice(1);
        const create = `mutation ($input: Create${c.type}Input!) { create${c.type}(input: $input) { ${field} { id version ${c.select} } } }`;
        const update = `mutation ($id: ID!, $version: Int!, $patch: ${c.type}Patch!) { update${c.type}(input: { id: $id, version: $version, patch: $patch }) { ${field} { version ${c.select} } } }`;
        const remove = `mutation ($id: ID!, $version: Int!) { delete${c.type}(input: { id: $id, version: $version }) { deletedId } }`;
        const read = `query ($id: ID!) { node(id: $id) { ... on ${c.type} { version ${c.select} } } }`;

        const beforeBadCreate = await countAll();
        const refused = await gql(create, { input: { ...c.input(), ...c.badInput.input } });
        expect(refused.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ field: c.badInput.field })],
        });
        expect(await countAll()).toEqual(beforeBadCreate);

        const created = await gql(create, { input: c.input() });
        expect(created.errors).toBeUndefined();
        const record = created.data![`create${c.type}`][field];
        expect(record.version).toBe(1);

        const listed = await gql(
          `query ($f: ${c.type}Filter) { ${c.list}(filter: $f, orderBy: [{ field: ${c.sort}, direction: DESC }]) { totalCount nodes { id } } }`,
          { f: c.filter() },
        );
        expect(listed.errors).toBeUndefined();
        expect(listed.data![c.list].nodes.map((n: Any) => n.id)).toContain(record.id);
        const excluded = await gql(`query ($f: ${c.type}Filter) { ${c.list}(filter: { not: $f }) { nodes { id } } }`, { f: c.filter() });
        expect(excluded.data![c.list].nodes.map((n: Any) => n.id)).not.toContain(record.id);
        const found = await gql(`query ($id: ID!) { node(id: $id) { id ... on ${c.type} { version } } }`, { id: record.id });
        expect(found.data!.node).toEqual({ id: record.id, version: 1 });

        const updated = await gql(update, { id: record.id, version: 1, patch: c.patch });
        expect(updated.errors).toBeUndefined();
        const current = updated.data![`update${c.type}`][field];
        expect(current).toMatchObject({
          version: 2,
          ...Object.fromEntries(Object.entries(c.patch).filter(([key]) => !key.endsWith('Id'))),
        });

        const beforeRefusals = await countAll();
        const stale = await gql(update, { id: record.id, version: 1, patch: c.patch });
        expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
        const bad = await gql(update, { id: record.id, version: 2, patch: c.bad.patch });
        expect(bad.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ field: c.bad.field })],
        });
        const staleDelete = await gql(remove, { id: record.id, version: 1 });
        expect(staleDelete.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
        expect(await countAll()).toEqual(beforeRefusals);
        expect((await gql(read, { id: record.id })).data!.node).toEqual(current);

        const history = await gql(
          `query ($id: ID!) { node(id: $id) { ... on ${c.type} { history { totalCount nodes { operation actorName changedFields } } } } }`,
          { id: record.id },
        );
        expect(history.data!.node.history).toEqual({
          totalCount: 2,
          nodes: [
            { operation: 'UPDATE', actorName: 'admin', changedFields: expect.arrayContaining(Object.keys(c.patch)) },
            { operation: 'CREATE', actorName: 'admin', changedFields: expect.any(Array) },
          ],
        });

        const deleted = await gql(remove, { id: record.id, version: 2 });
        expect(deleted.data).toEqual({ [`delete${c.type}`]: { deletedId: record.id } });
        expect((await gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: record.id })).data).toEqual({ node: null });
        expect(await countRows(c.table)).toBe(beforeRefusals[c.table] - 1);
      });
    }
  });

  describe('a partner unit', () => {
    it('sees only its own unit, cadres and pairings, and what these reach', async () => {
      const partner = await server.signIn('partner', 'partner-password');
      const read = await gql(
        `query ($wei: ID!) { helperUnits { nodes { name } } cadres { nodes { name mobile } } cadreHouseholdPairings { nodes { household { householdNumber } } }
           unitVillagePairings { nodes { village { name } } } workTeamAssignments { nodes { role } } visitLogs { nodes { content } } assistanceMeasures { nodes { actionCategory } }
           households { totalCount } node(id: $wei) { id } }`,
        { wei: cadreId('wei') },
        { cookie: partner },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual({
        helperUnits: { nodes: [{ name: '百色供电局' }] },
        cadres: { nodes: [{ name: '黄强', mobile: '139****0003' }] },
        cadreHouseholdPairings: { nodes: [{ household: { householdNumber: householdNumber(2) } }] },
        unitVillagePairings: { nodes: [{ village: { name: '试验2村' } }] },
        workTeamAssignments: { nodes: [{ role: 'TEAM_LEADER' }] },
        visitLogs: { nodes: [{ content: '介绍外出务工岗位' }] },
        assistanceMeasures: { nodes: [{ actionCategory: 'EMPLOYMENT' }] },
        households: { totalCount: 1 },
        node: null,
      });
    });

    it('logs visits for its own pairings, but not for another unit’s, and edits no cadres', async () => {
      const partner = await server.signIn('partner', 'partner-password');
      const log = `mutation ($p: ID!) { createVisitLog(input: { pairingId: $p, visitedOn: "2016-06-01", mode: PHONE, content: "电话回访务工情况" }) { visitLog { visitedOn pairing { lastVisitedOn visitCount } } } }`;
      const own = await gql(log, { p: pairingId('huangH2') }, { cookie: partner });
      expect(own.errors).toBeUndefined();
      expect(own.data!.createVisitLog.visitLog).toEqual({
        visitedOn: '2016-06-01',
        pairing: { lastVisitedOn: '2016-06-01', visitCount: 2 },
      });

      const before = await countAll();
      const other = await gql(log, { p: pairingId('weiH0') }, { cookie: partner });
      expect(other.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'pairingId', message: expect.stringMatching(/范围/) })],
      });
      const cadre = await gql(
        `mutation ($u: ID!) { createCadre(input: { helperUnitId: $u, name: "黄三", sex: MALE, mobile: "13907760099" }) { cadre { id } } }`,
        { u: unitId('power') },
        { cookie: partner },
      );
      expect(cadre.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await countAll()).toEqual(before);
    });
  });
});
