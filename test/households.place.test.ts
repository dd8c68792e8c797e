import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { asViewer, viewerNamed } from '../schema/src/index';
import { demoCounty, type DemoCounty } from './support/demoAccounts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** The record types placed through a household, and those placed through a cadre–household pairing. */
const BY_HOUSEHOLD = ['member', 'household_income', 'cadre_household_pairing'] as const;
const BY_PAIRING = ['visit_log', 'assistance_measure'] as const;
const PLACED = [...BY_HOUSEHOLD, ...BY_PAIRING];

/**
 * Members, incomes and cadre–household pairings carry their household's village, visit logs and assistance
 * measures their pairing's (migration 2026-12-06-23),
 * which a clerk's scope and row security test. The database alone keeps it: whatever writes, each row's
 * village is its household's, and a clerk's reads follow a household that moves out of her township.
 */
describe('the village of records placed through a household', () => {
  let county: DemoCounty;

  beforeAll(async () => {
    county = await demoCounty();
  });

  /** A village outside the clerk's township. */
  const villageElsewhere = () =>
    county.database.db
      .selectFrom('village')
      .select('id')
      .where('townshipId', '<>', county.townshipId)
      .orderBy('id')
      .executeTakeFirstOrThrow();

  /** Rows, by table, whose village is not their household's: none, when the places are kept. */
  async function misplaced(): Promise<Any[]> {
    const found: Any[] = [];
    for (const table of BY_HOUSEHOLD) {
      const { rows } =
        await sql<Any>`select ${table}::text as "table", r.id from ${sql.table(table)} r join household h on h.id = r.household_id
        where r.village_id is distinct from h.village_id`.execute(county.database.db);
      found.push(...rows);
    }
    for (const table of BY_PAIRING) {
      const { rows } = await sql<Any>`select ${table}::text as "table", r.id from ${sql.table(table)} r
        join cadre_household_pairing p on p.id = r.cadre_household_pairing_id where r.village_id is distinct from p.village_id`.execute(
        county.database.db,
      );
      found.push(...rows);
    }
    return found;
  }

  /** What the clerk counts of each placed type, through the graph and through raw SQL under row security. */
  async function clerkCounts() {
    const { data, errors } = await county.as('clerk')(
      `{ members { totalCount } householdIncomes { totalCount } cadreHouseholdPairings { totalCount } visitLogs { totalCount } assistanceMeasures { totalCount } }`,
    );
    expect(errors).toBeUndefined();
    const clerk = (await viewerNamed(county.database.db, 'clerk'))!;
    const raw = await asViewer(county.database, { viewer: clerk }, async (db) => {
      const counts: number[] = [];
      for (const table of PLACED) {
        counts.push((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
      }
      return counts;
    });
    return {
      graph: ['members', 'householdIncomes', 'cadreHouseholdPairings', 'visitLogs', 'assistanceMeasures'].map(
        (list) => data![list].totalCount as number,
      ),
      raw,
    };
  }

  it('follow a household that moves out of the clerk’s township, and a member that moves household', async () => {
    const { db } = county.database;
    expect(await misplaced()).toEqual([]);
    // a household of the clerk's township with members, incomes and a visited pairing, and a village elsewhere
    const household = await db
      .selectFrom('household as h')
      .innerJoin('village as v', 'v.id', 'h.villageId')
      .select(['h.id', 'h.version'])
      .where('v.townshipId', '=', county.townshipId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('visitLog as l')
            .innerJoin('cadreHouseholdPairing as p', 'p.id', 'l.cadreHouseholdPairingId')
            .select('l.id')
            .whereRef('p.householdId', '=', 'h.id'),
        ),
      )
      .where((eb) => eb.exists(eb.selectFrom('householdIncome as i').select('i.id').whereRef('i.householdId', '=', 'h.id')))
      .where((eb) =>
        eb.exists(eb.selectFrom('member as m').select('m.id').whereRef('m.householdId', '=', 'h.id').where('m.relation', '<>', 'HEAD')),
      )
      .orderBy('h.id')
      .executeTakeFirstOrThrow();
    const elsewhere = await villageElsewhere();
    const pairingsOf = sql`select id from cadre_household_pairing where household_id = ${household.id}`;
    const owned = await Promise.all(
      PLACED.map(async (table) =>
        Number(
          (
            await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}
              where ${BY_PAIRING.includes(table as never) ? sql`cadre_household_pairing_id in (${pairingsOf})` : sql`household_id = ${household.id}`}`.execute(
              db,
            )
          ).rows[0]!.n,
        ),
      ),
    );
    // members, incomes, pairings and visit logs (measures are rarer: counted whatever they are)
    expect(owned.slice(0, 4).every((n) => n > 0)).toBe(true);
    const before = await clerkCounts();
    expect(before.graph).toEqual(before.raw);

    const versions = () =>
      db.selectFrom('member').select(['id', 'version']).where('householdId', '=', household.id).orderBy('id').execute();
    const versionsBefore = await versions();
    const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
    const moved = await county.as('admin')(
      `mutation ($id: ID!, $version: Int!, $village: ID!) { updateHousehold(input: { id: $id, version: $version, patch: { villageId: $village } }) { household { id } } }`,
      { id: gid('Household', household.id), version: household.version, village: gid('Village', elsewhere.id) },
    );
    expect(moved.errors).toBeUndefined();
    expect(await misplaced()).toEqual([]);
    const after = await clerkCounts();
    expect(after.graph).toEqual(after.raw);
    // the move is the household's change, not its members': a form open on one of them still saves
    expect(await versions()).toEqual(versionsBefore);
    expect(after.graph).toEqual(before.graph.map((n, i) => n - owned[i]!));

    // one of its members comes back to a household of the clerk's township: she sees it again
    // (not its head: the household it joins has one)
    const member = await db
      .selectFrom('member')
      .select(['id', 'version'])
      .where('householdId', '=', household.id)
      .where('relation', '<>', 'HEAD')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const home = await db
      .selectFrom('household as h')
      .innerJoin('village as v', 'v.id', 'h.villageId')
      .select('h.id')
      .where('v.townshipId', '=', county.townshipId)
      .orderBy('h.id')
      .executeTakeFirstOrThrow();
    const back = await county.as('admin')(
      `mutation ($id: ID!, $version: Int!, $h: ID!) { updateMember(input: { id: $id, version: $version, patch: { householdId: $h } }) { member { id } } }`,
      { id: gid('Member', member.id), version: member.version, h: gid('Household', home.id) },
    );
    expect(back.errors).toBeUndefined();
    expect(await misplaced()).toEqual([]);
    expect((await clerkCounts()).graph[0]).toBe(after.graph[0]! + 1);
  });

  it('cannot be written by anyone: a clerk’s raw update naming another village gets the household’s, an insert naming it is refused', async () => {
    const { db } = county.database;
    const clerk = (await viewerNamed(db, 'clerk'))!;
    const elsewhere = await villageElsewhere();
    const { id: mine } = await db
      .selectFrom('member as m')
      .innerJoin('village as v', 'v.id', 'm.villageId')
      .select('m.id')
      .where('v.townshipId', '=', county.townshipId)
      .orderBy('m.id')
      .executeTakeFirstOrThrow();
    const insert = (village: number | null) => sql<{ village_id: number; household_village: number }>`
      insert into member (household_id, village_id, person_number, name, sex, birth_date, ethnicity, relation, education, labor_ability)
      select household_id, ${village}::int, '99990000009977', '韦放', 'FEMALE', '2001-02-03', '02', 'DAUGHTER', 'SENIOR', 'NORMAL' from member where id = ${mine}
      returning village_id, (select h.village_id from household h where h.id = household_id) as household_village`;
    const result = await asViewer(county.database, { viewer: clerk }, async (tx) => {
      await sql`update member set village_id = ${elsewhere.id} where id = ${mine}`.execute(tx);
      await sql`update household_income set village_id = ${elsewhere.id}`.execute(tx);
      await sql`update visit_log set village_id = ${elsewhere.id}`.execute(tx);
      // an insert that names no village gets its household's (migration 2026-12-06-40: the trigger fills it)
      const inserted = await insert(null).execute(tx);
      await sql`delete from member where person_number = '99990000009977'`.execute(tx);
      return inserted.rows[0]!;
    });
    expect(result.village_id).toBe(result.household_village);
    expect(result.village_id).not.toBe(elsewhere.id);
    expect(await misplaced()).toEqual([]);
    // one that names another village than its household's is refused, and nothing is written: the clerk's by row
    // security already (its row would be outside her villages), the tables' owner's by the place check
    await expect(asViewer(county.database, { viewer: clerk }, (tx) => insert(elsewhere.id).execute(tx))).rejects.toMatchObject({
      code: '42501',
    });
    const refused = insert(elsewhere.id).execute(db);
    await expect(refused).rejects.toMatchObject({ code: '23503', constraint: 'member_place' });
    await expect(refused).rejects.toThrow(/不是其所在户的行政村.*must be its household's/);
    expect(await db.selectFrom('member').select('id').where('personNumber', '=', '99990000009977').execute()).toEqual([]);
    expect(await misplaced()).toEqual([]);
  });
});
