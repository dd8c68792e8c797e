import { beforeAll, describe, expect, inject, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** The seed's figures, asked of the graph as an analyst would, and cross-checked against the plain lists. */
describe('the county’s figures through the graph', () => {
  let server: TestServer;
  let analyst: string;
  let township: { id: string; name: string };
  const gql = (query: string, variables: Any = {}, cookie = analyst) => server.graphql<Any>(query, variables, { cookie });

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database);
    analyst = await server.signIn('analyst', inject('demoPassword'));
    const row = await database.db.selectFrom('township').select(['id', 'name']).where('name', '=', '泗城镇').executeTakeFirstOrThrow();
    township = { id: globalId('Township', row.id), name: row.name };
  });

  it('shows 2015: incidence 25.3 %, 12,800 people exited, 25 villages exited', async () => {
    const { data } = await gql(
      `{ povertyOverview(year: 2015) { incidence exitedPeople villagesExited poorPeople ruralPopulation exitedHouseholds } }`,
    );
    expect(data!.povertyOverview).toMatchObject({ incidence: 25.3, exitedPeople: 12_800, villagesExited: 25 });
    // the same figures from the plain list filters
    const lists = await gql(
      `{ households(filter: { exitYear: { eq: 2015 } }) { totalCount } villages(filter: { exitYear: { lte: 2015 }, isPoorVillage: { eq: true } }) { totalCount } }`,
    );
    expect(lists.data!.households.totalCount).toBe(data!.povertyOverview.exitedHouseholds);
    expect(lists.data!.villages.totalCount).toBe(25);
  });

  it('shows the 2016 targets of 16,000 people and 17 villages with their progress, and the 36 exit plans', async () => {
    const { data } = await gql(
      `{ targetProgress(year: 2016) { level subject goal progress dueDate township { name } } povertyOverview(year: 2016) { exitedPeople villagesExited villagesPlanned } }`,
    );
    const county = (data!.targetProgress as Any[]).filter((t) => t.level === 'COUNTY');
    const people = county.find((t) => t.subject === 'PEOPLE_EXITED')!;
    const villages = county.find((t) => t.subject === 'VILLAGES_EXITED');
    const plans = county.find((t) => t.subject === 'VILLAGE_EXIT_PLANS');
    expect(people).toMatchObject({ goal: 16_000, progress: data!.povertyOverview.exitedPeople, dueDate: '2016-12-31' });
    expect(people.progress).toBeGreaterThan(0);
    expect(villages).toMatchObject({ goal: 17, progress: 12 });
    expect(plans).toMatchObject({ goal: 36, progress: 36, dueDate: '2016-04-30' });
    expect(data!.povertyOverview.villagesPlanned).toBe(17);
    const townships = (data!.targetProgress as Any[]).filter((t) => t.level === 'TOWNSHIP' && t.subject === 'PEOPLE_EXITED');
    expect(townships.reduce((sum, t) => sum + t.goal, 0)).toBe(16_000);
    expect(townships.reduce((sum, t) => sum + t.progress, 0)).toBe(people.progress);
  });

  it('adds up: the townships’ figures sum to the county’s', async () => {
    const { data } = await gql(
      `{ townships { nodes { id } } county: povertyOverview(year: 2015) { poorPeople ruralPopulation exitedPeople } }`,
    );
    let poor = 0;
    let rural = 0;
    for (const { id } of data!.townships.nodes as Any[]) {
      const part = (await gql(`query ($d: ID!) { povertyOverview(year: 2015, divisionId: $d) { poorPeople ruralPopulation } }`, { d: id }))
        .data!.povertyOverview;
      poor += part.poorPeople;
      rural += part.ruralPopulation;
    }
    expect({ poor, rural }).toEqual({ poor: data!.county.poorPeople, rural: data!.county.ruralPopulation });
  });

  it('lets a clerk read her township’s figures and targets only, and a partner none', async () => {
    const clerk = await server.signIn('clerk', inject('demoPassword'));
    const own = await gql(`query ($d: ID!) { povertyOverview(year: 2015, divisionId: $d) { poorPeople } }`, { d: township.id }, clerk);
    expect(own.errors).toBeUndefined();
    expect((await gql(`{ povertyOverview(year: 2015) { poorPeople } }`, {}, clerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const targets = (await gql(`{ targetProgress(year: 2016) { level township { name } } }`, {}, clerk)).data!.targetProgress as Any[];
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => t.level === 'TOWNSHIP' && t.township.name === township.name)).toBe(true);
    const partner = await server.signIn('partner', inject('demoPassword'));
    expect((await gql(`{ povertyOverview(year: 2015) { poorPeople } }`, {}, partner)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
