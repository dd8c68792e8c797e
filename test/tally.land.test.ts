import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCounty, type DemoCounty } from './support/demoAccounts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * The households' land in the figures the database keeps (migration 2026-12-06-51): household_size carries each
 * household's arable and forest land, household_tally their sums by group, and householdsStats answers sums and
 * averages of land (and of household size) from the tally. They must be what the rows give, whatever writes.
 */
describe('land in the tallies behind the figures', () => {
  let county: DemoCounty;

  beforeAll(async () => {
    county = await demoCounty();
  });

  /** Groups whose kept land differs from the households' (and households whose size row does): none, when exact. */
  async function drift(): Promise<unknown[]> {
    const { db } = county.database;
    const sizes = await sql`select h.id from household h join household_size s on s.household_id = h.id
      where (s.arable_land_mu, s.forest_land_mu) is distinct from (h.arable_land_mu, h.forest_land_mu)`.execute(db);
    const summed = sql`select village_id, status, identification_year, exit_year, return_year, sum(arable_land_mu) as arable, sum(forest_land_mu) as forest
      from household group by 1, 2, 3, 4, 5`;
    const kept = sql`select village_id, status, identification_year, exit_year, return_year, arable_land_mu, forest_land_mu from household_tally`;
    const tally = await sql`(${kept} except ${summed}) union all (${summed} except ${kept})`.execute(db);
    return [...sizes.rows, ...tally.rows];
  }

  const FIGURES = `township { id } status count people sum { arableLandMu forestLandMu size } avg { arableLandMu forestLandMu size }`;

  /** The same figures from the tally and from the rows (a minimum is asked: only the rows have it), for one user. */
  async function bothWays(user: 'admin' | 'clerk' | 'analyst') {
    const ask = county.as(user);
    const fromTally = await ask(`{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { ${FIGURES} } }`);
    const fromRows = await ask(`{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { ${FIGURES} min { arableLandMu } } }`);
    expect(fromTally.errors).toBeUndefined();
    expect(fromRows.errors).toBeUndefined();
    return {
      fromTally: fromTally.data!.householdsStats as Any[],
      fromRows: (fromRows.data!.householdsStats as Any[]).map(({ min: _min, ...group }) => group),
    };
  }

  it('stay exact through creates, land edits, moves and deletes, and answer sums and averages as the rows do', async () => {
    const admin = county.as('admin');
    expect(await drift()).toEqual([]);
    for (const user of ['admin', 'clerk', 'analyst'] as const) {
      const { fromTally, fromRows } = await bothWays(user);
      expect(fromTally.length).toBeGreaterThan(0);
      expect(fromTally).toEqual(fromRows);
    }

    const { data: ids } = await admin(`{ villages(first: 2) { nodes { id } } }`);
    const [villageA, villageB] = (ids!.villages.nodes as Any[]).map((v) => v.id as string);
    const created = await admin(
      `mutation ($v: ID!) { createHousehold(input: { householdNumber: "4510271000019902", villageId: $v, attribute: GENERAL, status: POOR,
        identificationYear: 2015, mainCause: ILLNESS, arableLandMu: "12.34", forestLandMu: "0.5" }) { household { id version } } }`,
      { v: villageA },
    );
    expect(created.errors).toBeUndefined();
    let household = created.data!.createHousehold.household as Any;
    expect(await drift()).toEqual([]);

    const edited = await admin(
      `mutation ($id: ID!, $version: Int!) { updateHousehold(input: { id: $id, version: $version, patch: { arableLandMu: "20.01" } }) { household { id version } } }`,
      household,
    );
    expect(edited.errors).toBeUndefined();
    household = edited.data!.updateHousehold.household;
    expect(await drift()).toEqual([]);

    // land and group change together: the land leaves one group and joins the other
    const moved = await admin(
      `mutation ($id: ID!, $version: Int!, $v: ID!) { updateHousehold(input: { id: $id, version: $version, patch: { villageId: $v, forestLandMu: "3" } }) { household { id version } } }`,
      { ...household, v: villageB },
    );
    expect(moved.errors).toBeUndefined();
    household = moved.data!.updateHousehold.household;
    expect(await drift()).toEqual([]);
    const { fromTally, fromRows } = await bothWays('admin');
    expect(fromTally).toEqual(fromRows);

    // many households at once (one statement), then the new one deleted
    await sql`update household set arable_land_mu = arable_land_mu + 1 where id % 7 = 0`.execute(county.database.db);
    expect(await drift()).toEqual([]);
    const gone = await admin(
      `mutation ($id: ID!, $version: Int!) { deleteHousehold(input: { id: $id, version: $version }) { deletedId } }`,
      household,
    );
    expect(gone.errors).toBeUndefined();
    expect(await drift()).toEqual([]);
    const after = await bothWays('clerk');
    expect(after.fromTally).toEqual(after.fromRows);
  });
});
