import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { makeResidentId } from '../schema/src/households/residentId';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * Every record type of divisions, incomes and analytics goes through the same life: created, found in its
 * list and by `node`, filtered and sorted, updated with its version, refused with a stale one, refused
 * bad input with nothing changed, deleted. (Households, projects and twinning have files of their own
 * with their special rules.)
 */
interface Case {
  type: string;
  list: string;
  input: () => Any;
  /** a field to change, and its new value */
  patch: Any;
  /** a patch that must be refused at `field` */
  bad: { patch: Any; field: string };
  /** a filter that finds the created record, and a sort field */
  filter: Any;
  sort: string;
  select: string;
}

describe('create, read, update and delete for every record type', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const gql = (query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie });

  beforeAll(async () => {
    database = await freshDatabase();
    county = await smallCounty(database.db, { villages: 2, households: 2, members: 1 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
  });

  const cases: Case[] = [
    {
      type: 'County',
      list: 'counties',
      input: () => ({ code: '451028000000', name: '乐业县' }),
      patch: { name: '乐业县（改）' },
      bad: { patch: { code: '4510280' }, field: 'code' },
      filter: { code: { eq: '451028000000' } },
      sort: 'CODE',
      select: 'code name',
    },
    {
      type: 'Township',
      list: 'townships',
      input: () => ({ countyId: globalId('County', county.county.id), code: '451027102000', name: '加尤镇' }),
      patch: { name: '加尤镇（改）' },
      bad: { patch: { name: '' }, field: 'name' },
      filter: { name: { startsWith: '加尤' } },
      sort: 'NAME',
      select: 'code name county { name }',
    },
    {
      type: 'Village',
      list: 'villages',
      input: () => ({
        townshipId: globalId('Township', county.townships[0]!.id),
        code: '451027100099',
        name: '新村',
        ruralPopulation: 900,
        isPoorVillage: true,
        plannedExitYear: 2017,
      }),
      patch: { exitYear: 2017 },
      bad: { patch: { ruralPopulation: -3 }, field: 'ruralPopulation' },
      filter: { plannedExitYear: { in: [2017, 2018] }, name: { contains: '新' } },
      sort: 'PLANNED_EXIT_YEAR',
      select: 'code name ruralPopulation isPoorVillage plannedExitYear exitYear township { name }',
    },
    {
      type: 'VillageGroup',
      list: 'villageGroups',
      input: () => ({ villageId: globalId('Village', county.villages[0]!.id), name: '那坡屯' }),
      patch: { name: '那坡屯（改）' },
      bad: { patch: { name: 'x'.repeat(51) }, field: 'name' },
      filter: { name: { contains: '那坡' } },
      sort: 'NAME',
      select: 'name village { name }',
    },
    {
      type: 'Member',
      list: 'members',
      input: () => ({
        householdId: globalId('Household', county.households[1]!.id),
        personNumber: '451027100001000299',
        residentId: makeResidentId('451027', '2008-09-01', 44),
        name: '黄小梅',
        sex: 'FEMALE',
        birthDate: '2008-09-01',
        ethnicity: '08',
        relation: 'DAUGHTER',
        education: 'PRIMARY',
        schoolStatus: 'PRIMARY',
        laborAbility: 'NONE',
      }),
      patch: { schoolStatus: 'JUNIOR', education: 'JUNIOR' },
      bad: { patch: { migrantWorkMonths: 13 }, field: 'migrantWorkMonths' },
      filter: { schoolStatus: { in: ['PRIMARY', 'JUNIOR'] }, name: { eq: '黄小梅' } },
      sort: 'BIRTH_DATE',
      select: 'name sex birthDate age schoolStatus education maskedResidentId household { householdNumber }',
    },
    {
      type: 'HouseholdIncome',
      list: 'householdIncomes',
      input: () => ({ householdId: globalId('Household', county.households[0]!.id), year: 2016, wages: '5000', businessExpenses: '800' }),
      patch: { transferEco: '120.35' },
      bad: { patch: { wages: '12.345' }, field: 'wages' },
      filter: { year: { gte: 2016 } },
      sort: 'YEAR',
      select: 'year wages transferEco netIncome perCapitaNetIncome household { householdNumber }',
    },
    {
      type: 'PovertyLine',
      list: 'povertyLines',
      input: () => ({ year: 2016, amount: '2952', source: '国家扶贫标准（现价）' }),
      patch: { amount: '2952.00' },
      bad: { patch: { amount: '0' }, field: 'amount' },
      filter: { year: { eq: 2016 } },
      sort: 'YEAR',
      select: 'year amount source',
    },
    {
      type: 'Target',
      list: 'targets',
      input: () => ({ year: 2016, level: 'COUNTY', subject: 'PEOPLE_EXITED', goal: 16000, dueDate: '2016-12-31' }),
      patch: { goal: 16500 },
      bad: { patch: { level: 'TOWNSHIP' }, field: 'townshipId' },
      filter: { year: { eq: 2016 } },
      sort: 'YEAR',
      select: 'year level subject goal dueDate',
    },
    {
      type: 'PublishedIndicator',
      list: 'publishedIndicators',
      input: () => ({ year: 2015, indicator: 'RURAL_NET_INCOME_PER_CAPITA', value: '5391', source: '凌云县2016年脱贫攻坚部署会' }),
      patch: { value: '5391.00' },
      bad: { patch: { year: 1900 }, field: 'year' },
      filter: { indicator: { eq: 'RURAL_NET_INCOME_PER_CAPITA' } },
      sort: 'YEAR',
      select: 'year indicator value source',
    },
  ];

  for (const c of cases) {
    it(`${c.type}: creates, lists, filters, sorts, updates, refuses stale versions and bad input, deletes`, async () => {
      const field = c.type[0]!.toLowerCase() + c.type.slice(1);
      const created = await gql(
        `mutation ($input: Create${c.type}Input!) { create${c.type}(input: $input) { ${field} { id version ${c.select} } } }`,
        { input: c.input() },
      );
      expect(created.errors).toBeUndefined();
      const record = created.data![`create${c.type}`][field];
      expect(record.version).toBe(1);

      const listed = await gql(
        `query ($f: ${c.type}Filter) { ${c.list}(filter: $f, orderBy: [{ field: ${c.sort}, direction: DESC }]) { totalCount nodes { id } } }`,
        { f: c.filter },
      );
      expect(listed.errors).toBeUndefined();
      expect(listed.data![c.list].nodes.map((n: Any) => n.id)).toContain(record.id);
      const excluded = await gql(`query ($f: ${c.type}Filter) { ${c.list}(filter: { not: $f }) { nodes { id } } }`, { f: c.filter });
      expect(excluded.data![c.list].nodes.map((n: Any) => n.id)).not.toContain(record.id);
      const found = await gql(`query ($id: ID!) { node(id: $id) { id ... on ${c.type} { version } } }`, { id: record.id });
      expect(found.data!.node).toEqual({ id: record.id, version: 1 });

      const updated = await gql(
        `mutation ($id: ID!, $patch: ${c.type}Patch!) { update${c.type}(input: { id: $id, version: 1, patch: $patch }) { ${field} { version ${c.select} } } }`,
        { id: record.id, patch: c.patch },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data![`update${c.type}`][field].version).toBe(2);

      const stale = await gql(
        `mutation ($id: ID!, $patch: ${c.type}Patch!) { update${c.type}(input: { id: $id, version: 1, patch: $patch }) { ${field} { version } } }`,
        { id: record.id, patch: c.patch },
      );
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

      const bad = await gql(
        `mutation ($id: ID!, $patch: ${c.type}Patch!) { update${c.type}(input: { id: $id, version: 2, patch: $patch }) { ${field} { version } } }`,
        { id: record.id, patch: c.bad.patch },
      );
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: c.bad.field })],
      });
      const after = await gql(`query ($id: ID!) { node(id: $id) { ... on ${c.type} { version ${c.select} } } }`, { id: record.id });
      expect(after.data!.node).toEqual(updated.data![`update${c.type}`][field]);

      const history = await gql(`query ($id: ID!) { node(id: $id) { ... on ${c.type} { history { totalCount nodes { operation } } } } }`, {
        id: record.id,
      });
      expect(history.data!.node.history).toEqual({ totalCount: 2, nodes: [{ operation: 'UPDATE' }, { operation: 'CREATE' }] });

      const deleted = await gql(`mutation ($id: ID!) { delete${c.type}(input: { id: $id, version: 2 }) { deletedId } }`, { id: record.id });
      expect(deleted.data).toEqual({ [`delete${c.type}`]: { deletedId: record.id } });
      const gone = await gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: record.id });
      expect(gone.data).toEqual({ node: null });
    });
  }
});
