import { beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** Grouped figures, one design for every type, checked against the lists and within the reader's scope. */
describe('grouped figures for analysts', () => {
  let server: TestServer;
  let analyst: string;
  const gql = (query: string, variables: Any = {}, cookie = analyst) => server.graphql<Any>(query, variables, { cookie });

  beforeAll(async () => {
    server = await startServer(await freshDatabase('demo'));
    analyst = await server.signIn('analyst', inject('demoPassword'));
  });

  it('counts households and their people by township and status, adding up to the lists', async () => {
    const { data, errors } = await gql(`{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { township { name } status count sum { size } }
      households { totalCount } members { totalCount } poor: households(filter: { status: { eq: POOR } }) { totalCount } }`);
    expect(errors).toBeUndefined();
    const rows = data!.householdsStats as Any[];
    expect(new Set(rows.map((r) => r.township.name)).size).toBe(8);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(data!.households.totalCount);
    expect(rows.reduce((s, r) => s + r.sum.size, 0)).toBe(data!.members.totalCount);
    expect(rows.filter((r) => r.status === 'POOR').reduce((s, r) => s + r.count, 0)).toBe(data!.poor.totalCount);
  });

  it('filters before grouping, and sums money exactly', async () => {
    const { data } =
      await gql(`{ householdIncomesStats(groupBy: [YEAR], filter: { year: { in: [2015, 2016] } }) { year count sum { transferDibao } avg { wages } }
      fundAllocationsStats(groupBy: [FUND_SOURCE]) { count sum { amount } } }`);
    expect((data!.householdIncomesStats as Any[]).map((r) => r.year)).toEqual([2015, 2016]);
    expect(data!.householdIncomesStats[0].sum.transferDibao).toMatch(/^[0-9]+\.[0-9]{2}$/);
    expect(typeof data!.householdIncomesStats[0].avg.wages).toBe('number');
    expect((data!.fundAllocationsStats as Any[]).every((r) => /^[0-9]+\.[0-9]{2}$/.test(r.sum.amount))).toBe(true);
  });

  it('groups a clerk’s figures only over her township, and refuses more than three dimensions', async () => {
    const clerk = await server.signIn('clerk', inject('demoPassword'));
    const { data } = await gql(`{ membersStats(groupBy: [TOWNSHIP, SEX]) { township { name } sex count } }`, {}, clerk);
    expect(new Set((data!.membersStats as Any[]).map((r) => r.township.name))).toEqual(new Set(['泗城镇']));
    const tooMany = await gql(`{ membersStats(groupBy: [TOWNSHIP, VILLAGE, SEX, HEALTH]) { count } }`);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

/** Household sizes are kept by the database (household_size): they follow every member written through the graph. */
describe('household sizes behind the people figures', () => {
  it('follow members created, moved to another household and deleted', async () => {
    const server = await startServer(await freshDatabase('demo'));
    const admin = await server.signIn('admin', inject('demoPassword'));
    const gql = (query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie: admin });
    const pick = await gql(`{ households(first: 2) { nodes { id } } }`);
    const [a, b] = (pick.data!.households.nodes as Any[]).map((n) => n.id as string);
    const check = async () => {
      const { data } = await gql(
        `query ($ids: [ID!]) { householdsStats(groupBy: [], filter: { id: { in: $ids } }) { people sum { size } }
        households(filter: { id: { in: $ids } }) { nodes { members { id } } } }`,
        { ids: [a, b] },
      );
      const counted = (data!.households.nodes as Any[]).reduce((n, h) => n + h.members.length, 0);
      expect(data!.householdsStats).toEqual([{ people: counted, sum: { size: counted } }]);
      return counted;
    };
    const before = await check();
    const created = await gql(
      `mutation ($h: ID!) { createMember(input: { householdId: $h, personNumber: "99990000000101", name: "新成员", sex: FEMALE, birthDate: "2016-05-01", ethnicity: "08", relation: GRANDDAUGHTER, education: PRESCHOOL, laborAbility: NONE }) { member { id version } } }`,
      { h: a },
    );
    expect(created.errors).toBeUndefined();
    expect(await check()).toBe(before + 1);
    const member = created.data!.createMember.member;
    const moved = await gql(
      `mutation ($id: ID!, $v: Int!, $h: ID!) { updateMember(input: { id: $id, version: $v, patch: { householdId: $h } }) { member { version } } }`,
      { id: member.id, v: member.version, h: b },
    );
    expect(moved.errors).toBeUndefined();
    expect(await check()).toBe(before + 1);
    const byHousehold = await gql(`query ($ids: [ID!]) { householdsStats(groupBy: [], filter: { id: { in: $ids } }) { people } }`, {
      ids: [b],
    });
    const bMembers = await gql(`query ($h: ID!) { members(filter: { household: { eq: $h } }) { totalCount } }`, { h: b });
    expect(byHousehold.data!.householdsStats[0].people).toBe(bMembers.data!.members.totalCount);
    const deleted = await gql(`mutation ($id: ID!, $v: Int!) { deleteMember(input: { id: $id, version: $v }) { deletedId } }`, {
      id: member.id,
      v: moved.data!.updateMember.member.version,
    });
    expect(deleted.errors).toBeUndefined();
    expect(await check()).toBe(before);
  });
});
