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
    const { data } = await gql(`{ householdIncomesStats(groupBy: [YEAR], filter: { year: { in: [2015, 2016] } }) { year count sum { transferDibao } avg { wages } }
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
