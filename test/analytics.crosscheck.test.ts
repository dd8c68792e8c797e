import { beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** Still registered poor at the end of 2015, as a plain list filter (the returned households returned later: checked below). */
const POOR_AT_END_OF_2015 = `{ identificationYear: { lte: 2015 }, status: { notIn: [REMOVED] }, or: [{ exitYear: { isNull: true } }, { exitYear: { gt: 2015 } }] }`;

/**
 * Every figure of the demo county's overview and targets, re-derived from the plain list filters and the
 * grouped figures (which share the lists' filter), for the county and for each township.
 */
describe('the demo county’s figures against the plain lists', () => {
  let server: TestServer;
  let analyst: string;
  let townships: { id: string; name: string }[];
  const gql = async (query: string, variables: Any = {}, cookie = analyst) => {
    const result = await server.graphql<Any>(query, variables, { cookie });
    expect(result.errors).toBeUndefined();
    return result.data!;
  };

  beforeAll(async () => {
    server = await startServer(await freshDatabase('demo'));
    analyst = await server.signIn('analyst', inject('demoPassword'));
    townships = (await gql(`{ townships { nodes { id name } } }`)).townships.nodes;
  });

  it('derives the county’s 2015 overview from list filters', async () => {
    const data = await gql(`{
      overview: povertyOverview(year: 2015) { ruralPopulation poorPeople poorHouseholds incidence exitedPeople exitedHouseholds villagesExited villagesPlanned }
      poor: households(filter: ${POOR_AT_END_OF_2015}) { totalCount }
      poorPeople: householdsStats(groupBy: [], filter: ${POOR_AT_END_OF_2015}) { people }
      returned: householdsStats(groupBy: [RETURN_YEAR], filter: { status: { eq: RETURNED } }) { returnYear count }
      exited: households(filter: { exitYear: { eq: 2015 } }) { totalCount }
      exitedPeople: householdsStats(groupBy: [], filter: { exitYear: { eq: 2015 } }) { people sum { size } }
      rural: villagesStats(groupBy: []) { sum { ruralPopulation } }
      villagesExited: villages(filter: { isPoorVillage: { eq: true }, exitYear: { lte: 2015 } }) { totalCount }
      villagesPlanned: villages(filter: { isPoorVillage: { eq: true }, plannedExitYear: { eq: 2015 } }) { totalCount }
    }`);
    const o = data.overview;
    // the filter leaves out a returned household only if it returned after 2015, when it was not poor at the year's end
    expect((data.returned as Any[]).every((r) => r.returnYear > 2015)).toBe(true);
    expect(o.poorHouseholds).toBe(data.poor.totalCount);
    expect(o.poorPeople).toBe(data.poorPeople[0].people);
    expect(o.exitedHouseholds).toBe(data.exited.totalCount);
    expect(o.exitedPeople).toBe(data.exitedPeople[0].people);
    expect(o.exitedPeople).toBe(data.exitedPeople[0].sum.size);
    expect(o.ruralPopulation).toBe(data.rural[0].sum.ruralPopulation);
    expect(o.incidence).toBe(Math.round((o.poorPeople * 1000) / o.ruralPopulation) / 10);
    expect(o.villagesExited).toBe(data.villagesExited.totalCount);
    expect(o.villagesPlanned).toBe(data.villagesPlanned.totalCount);
    expect(o).toMatchObject({ incidence: 25.3, exitedPeople: 12_800, villagesExited: 25 });
  });

  it('derives every township’s overview from the lists filtered to the township', async () => {
    const fields = townships
      .map(
        (
          t,
          i,
        ) => `o${i}: povertyOverview(year: 2015, divisionId: "${t.id}") { poorHouseholds poorPeople exitedHouseholds exitedPeople ruralPopulation }
          p${i}: householdsStats(groupBy: [], filter: { townshipId: "${t.id}", and: [${POOR_AT_END_OF_2015}] }) { count people }
          e${i}: householdsStats(groupBy: [], filter: { townshipId: "${t.id}", exitYear: { eq: 2015 } }) { count people }
          r${i}: villagesStats(groupBy: [], filter: { townshipId: "${t.id}" }) { sum { ruralPopulation } }`,
      )
      .join('\n');
    const data = await gql(`{ ${fields} }`);
    expect(townships).toHaveLength(8);
    townships.forEach((_t, i) => {
      expect(data[`o${i}`]).toEqual({
        poorHouseholds: data[`p${i}`][0].count,
        poorPeople: data[`p${i}`][0].people,
        exitedHouseholds: data[`e${i}`][0].count,
        exitedPeople: data[`e${i}`][0].people,
        ruralPopulation: data[`r${i}`][0].sum.ruralPopulation,
      });
    });
  });

  it('derives the 2016 targets’ progress from list filters, county and townships', async () => {
    const data = await gql(`{
      targetProgress(year: 2016) { level subject goal progress township { id } }
      exited2016: householdsStats(groupBy: [], filter: { exitYear: { eq: 2016 } }) { people }
      byTownship: householdsStats(groupBy: [TOWNSHIP], filter: { exitYear: { eq: 2016 } }) { township { id } people }
      villagesExited: villages(filter: { isPoorVillage: { eq: true }, exitYear: { eq: 2016 } }) { totalCount }
      plans: villages(filter: { isPoorVillage: { eq: true }, plannedExitYear: { in: [2017, 2018] } }) { totalCount }
    }`);
    const targets = data.targetProgress as Any[];
    const county = (subject: string) => targets.find((t) => t.level === 'COUNTY' && t.subject === subject)!;
    expect(county('PEOPLE_EXITED')).toMatchObject({ goal: 16_000, progress: data.exited2016[0].people });
    expect(county('VILLAGES_EXITED')).toMatchObject({ goal: 17, progress: data.villagesExited.totalCount });
    expect(county('VILLAGE_EXIT_PLANS')).toMatchObject({ goal: 36, progress: data.plans.totalCount });
    expect(data.plans.totalCount).toBe(36);
    const peopleByTownship = new Map((data.byTownship as Any[]).map((r) => [r.township.id, r.people]));
    const townshipTargets = targets.filter((t) => t.level === 'TOWNSHIP' && t.subject === 'PEOPLE_EXITED');
    expect(townshipTargets).toHaveLength(8);
    for (const t of townshipTargets) expect(t.progress).toBe(peopleByTownship.get(t.township.id) ?? 0);
  });

  it('groups households by township exactly as the township lists count them', async () => {
    const fields = townships.map((t, i) => `t${i}: households(filter: { townshipId: "${t.id}" }) { totalCount }`).join('\n');
    const data = await gql(`{ householdsStats(groupBy: [TOWNSHIP]) { township { id } count } ${fields} }`);
    const counts = new Map((data.householdsStats as Any[]).map((r) => [r.township.id, r.count]));
    townships.forEach((t, i) => expect(counts.get(t.id)).toBe(data[`t${i}`].totalCount));
  });

  it('lists for review exactly the township’s 2015 exits whose check fails, on the demo county', async () => {
    const township = townships.find((t) => t.name === '泗城镇')!;
    const data = await gql(
      `query ($t: ID!) { exitReviews(year: 2015, filter: { townshipId: $t }, first: 500) { totalCount nodes { id } } }`,
      { t: township.id },
    );
    // every 2015 exit of the township with its check, page by page
    const failing: string[] = [];
    let after: string | null = null;
    do {
      const page: Any = (
        await gql(
          `query ($t: ID!, $after: String) { households(filter: { townshipId: $t, status: { eq: EXITED }, exitYear: { eq: 2015 } }, first: 200, after: $after) {
            pageInfo { hasNextPage endCursor } nodes { id exitCheck(year: 2015) { met } } } }`,
          { t: township.id, after },
        )
      ).households;
      failing.push(...(page.nodes as Any[]).filter((h) => !h.exitCheck.met).map((h) => h.id as string));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(failing.length).toBeGreaterThan(0);
    expect(new Set((data.exitReviews.nodes as Any[]).map((n) => n.id))).toEqual(new Set(failing));
    expect(data.exitReviews.totalCount).toBe(failing.length);
  });
});
