import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';

/** The demo's four accounts, each on the paths a curious user would try. */
describe('who may see what, on the demo county', () => {
  let database: TestDatabase;
  let as: DemoCounty['as'];
  let own: { id: number; villageId: number };
  let foreign: { id: number; villageId: number };
  let townshipId: number;

  beforeAll(async () => {
    ({ database, as, townshipId } = await demoCounty());
    const inTownship = sql<boolean>`village_id in (select id from village where township_id = ${townshipId})`;
    own = await database.db.selectFrom('household').select(['id', 'villageId']).where(inTownship).orderBy('id').executeTakeFirstOrThrow();
    foreign = await database.db
      .selectFrom('household')
      .select(['id', 'villageId'])
      .where((eb) => eb.not(inTownship))
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });

  it('shows a clerk only her township’s households, in lists, counts, nested lists and node', async () => {
    const clerk = as('clerk');
    const admin = as('admin');
    const mine = (
      await admin(`query ($t: ID!) { households(filter: { townshipId: $t }) { totalCount } }`, { t: globalId('Township', townshipId) })
    ).data!.households.totalCount;
    expect((await clerk(`{ households { totalCount } }`)).data!.households.totalCount).toBe(mine);
    expect((await clerk(`{ members(filter: { relation: { eq: HEAD } }) { totalCount } }`)).data!.members.totalCount).toBe(mine);
    expect((await clerk(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('Household', foreign.id) })).data).toEqual({
      node: null,
    });
    const village = await clerk(`query ($id: ID!) { node(id: $id) { ... on Village { households { totalCount } } } }`, {
      id: globalId('Village', foreign.villageId),
    });
    expect(village.data!.node.households.totalCount).toBe(0);
    // filtering on a hidden record reveals nothing either
    const probe = await clerk(`query ($v: ID!) { households(filter: { village: { eq: $v } }) { totalCount } }`, {
      v: globalId('Village', foreign.villageId),
    });
    expect(probe.data!.households.totalCount).toBe(0);
  });

  it('refuses a clerk’s writes outside her township, and moving a household out of it', async () => {
    const clerk = as('clerk');
    const outside = await clerk(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
      { id: globalId('Household', foreign.id) },
    );
    expect(outside.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const move = await clerk(
      `mutation ($id: ID!, $v: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { villageId: $v } }) { household { id } } }`,
      { id: globalId('Household', own.id), v: globalId('Village', foreign.villageId) },
    );
    expect(move.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const still = await database.db
      .selectFrom('household')
      .select(['villageId', 'version'])
      .where('id', '=', own.id)
      .executeTakeFirstOrThrow();
    expect(still).toEqual({ villageId: own.villageId, version: 1 });
    const county = await clerk(`mutation { createPovertyLine(input: { year: 2017, amount: "3000" }) { povertyLine { id } } }`);
    expect(county.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows an analyst everything with ID and phone numbers masked, lets it write nothing, and refuses filters on masked fields', async () => {
    const analyst = as('analyst');
    const page = await analyst(
      `{ members(first: 5) { nodes { residentId maskedResidentId phone } } households(first: 5) { totalCount nodes { phone } } }`,
    );
    for (const m of page.data!.members.nodes) {
      expect(m.residentId).toMatch(/^451027\*{8}[0-9]{3}[0-9X]$/);
      expect(m.residentId).toBe(m.maskedResidentId);
    }
    for (const h of page.data!.households.nodes) if (h.phone) expect(h.phone).toMatch(/^1[0-9]{2}\*{4}[0-9]{4}$/);
    expect(page.data!.households.totalCount).toBe(
      Number(
        (
          await database.db
            .selectFrom('household')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const probe = await analyst(`{ members(filter: { residentId: { startsWith: "4510271980" } }) { totalCount } }`);
    expect(probe.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sortProbe = await analyst(`{ households(orderBy: [{ field: PHONE }]) { totalCount } }`);
    expect(sortProbe.errors).toBeDefined();
    const write = await analyst(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
      { id: globalId('Household', own.id) },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows a partner its own unit’s pairings and the households they reach, and nothing else', async () => {
    const partner = as('partner');
    const unit = (
      await database.db.selectFrom('appUser').select('helperUnitId').where('username', '=', 'partner').executeTakeFirstOrThrow()
    ).helperUnitId!;
    const reached = await database.db
      .selectFrom('cadreHouseholdPairing')
      .innerJoin('cadre', 'cadre.id', 'cadreHouseholdPairing.cadreId')
      .select((eb) => eb.fn.count<number>('cadreHouseholdPairing.householdId').distinct().as('n'))
      .where('cadre.helperUnitId', '=', unit)
      .executeTakeFirstOrThrow();
    const seen = await partner(
      `{ households { totalCount } cadreHouseholdPairings { totalCount } members(first: 1) { nodes { residentId } } }`,
    );
    expect(seen.data!.households.totalCount).toBe(Number(reached.n));
    expect(seen.data!.households.totalCount).toBeGreaterThan(0);
    expect(seen.data!.members.nodes[0].residentId).toMatch(/\*{8}/);
    const other = await database.db
      .selectFrom('household')
      .select('id')
      .where(
        'id',
        'not in',
        database.db
          .selectFrom('cadreHouseholdPairing')
          .innerJoin('cadre', 'cadre.id', 'cadreHouseholdPairing.cadreId')
          .select('cadreHouseholdPairing.householdId')
          .where('cadre.helperUnitId', '=', unit),
      )
      .executeTakeFirstOrThrow();
    expect((await partner(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('Household', other.id) })).data).toEqual({
      node: null,
    });
    const write = await partner(
      `mutation ($id: ID!) { updateHousehold(input: { id: $id, version: 1, patch: { note: "x" } }) { household { id } } }`,
      { id: globalId('Household', other.id) },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
