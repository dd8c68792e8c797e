import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmJob, createImportJob, runImport, viewerNamed } from '../schema/src/index';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { buildRegisterFile } from './support/registerSheet';
import { tallyDrift } from './support/tally';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * The figures the database keeps for analysts (migration 2026-12-06-03): household_size (each household's
 * members, insured and dropped-out members, and what it is grouped by) and household_tally (households and
 * people by village × status × years). Each must stay what a direct count of the rows gives, whatever writes.
 */
describe('the tallies behind the figures', () => {
  let county: DemoCounty;

  beforeAll(async () => {
    county = await demoCounty();
  });

  const drift = () => tallyDrift(county.database.db);

  it('stay exact through creates, moves, deletes and an import', async () => {
    const admin = county.as('admin');
    expect(await drift()).toEqual([]);
    const { data: ids } = await admin(
      `{ villages(first: 2) { nodes { id } } households(first: 1, filter: { status: { eq: POOR } }) { nodes { id } } }`,
    );
    const [villageA, villageB] = (ids!.villages.nodes as Any[]).map((v) => v.id as string);

    const created = await admin(
      `mutation ($v: ID!) { createHousehold(input: { householdNumber: "4510271000019901", villageId: $v, attribute: GENERAL, status: POOR,
        identificationYear: 2015, mainCause: ILLNESS }) { household { id version } } }`,
      { v: villageA },
    );
    expect(created.errors).toBeUndefined();
    let household = created.data!.createHousehold.household as Any;
    const member = await admin(
      `mutation ($h: ID!) { createMember(input: { householdId: $h, personNumber: "99990000009901", name: "韦新", sex: MALE, birthDate: "2010-03-01",
        ethnicity: "02", relation: SON, education: PRIMARY, laborAbility: NONE, hasMedicalInsurance: true, schoolStatus: DROPPED_OUT }) { member { id version } } }`,
      { h: household.id },
    );
    expect(member.errors).toBeUndefined();
    expect(await drift()).toEqual([]);

    // the household exits, then moves village: its group in the tally changes, with its people
    const exited = await admin(
      `mutation ($id: ID!, $version: Int!) { updateHousehold(input: { id: $id, version: $version, patch: { status: EXITED, exitYear: 2016 } }) { household { id version } } }`,
      household,
    );
    expect(exited.errors).toBeUndefined();
    household = exited.data!.updateHousehold.household;
    const moved = await admin(
      `mutation ($id: ID!, $version: Int!, $village: ID!) { updateHousehold(input: { id: $id, version: $version, patch: { villageId: $village } }) { household { id version } } }`,
      { ...household, village: villageB },
    );
    expect(moved.errors).toBeUndefined();
    household = moved.data!.updateHousehold.household;
    expect(await drift()).toEqual([]);

    // the member goes back to school and moves to another household, then is deleted, then the household
    const other = ids!.households.nodes[0].id as string;
    let person = member.data!.createMember.member as Any;
    const schooled = await admin(
      `mutation ($id: ID!, $version: Int!, $h: ID!) { updateMember(input: { id: $id, version: $version, patch: { schoolStatus: PRIMARY, householdId: $h } }) { member { id version } } }`,
      { ...person, h: other },
    );
    expect(schooled.errors).toBeUndefined();
    person = schooled.data!.updateMember.member;
    expect(await drift()).toEqual([]);
    const gone = await admin(
      `mutation ($id: ID!, $version: Int!) { deleteMember(input: { id: $id, version: $version }) { deletedId } }`,
      person,
    );
    expect(gone.errors).toBeUndefined();
    const householdGone = await admin(
      `mutation ($id: ID!, $version: Int!) { deleteHousehold(input: { id: $id, version: $version }) { deletedId } }`,
      household,
    );
    expect(householdGone.errors).toBeUndefined();
    expect(await drift()).toEqual([]);

    // an import puts back what the file says: the statuses, insurance and schooling the hub has changed since
    const { db } = county.database;
    const file = await buildRegisterFile(db, { format: 'xlsx', townships: 1, households: 4 });
    const township = await db.selectFrom('township').select('id').orderBy('code').executeTakeFirstOrThrow();
    const inFile = (
      await db
        .selectFrom('household')
        .innerJoin('village', 'village.id', 'household.villageId')
        .select('household.id')
        .where('village.townshipId', '=', township.id)
        .orderBy('householdNumber')
        .limit(4)
        .execute()
    ).map((h) => h.id);
    await db
      .updateTable('member')
      .set({ hasMedicalInsurance: sql`not has_medical_insurance`, schoolStatus: 'DROPPED_OUT' })
      .where('householdId', 'in', inFile)
      .execute();
    const removed = await db
      .updateTable('household')
      .set({ status: 'REMOVED' })
      .where('id', 'in', inFile)
      .where('status', '=', 'POOR')
      .executeTakeFirst();
    expect(Number(removed.numUpdatedRows)).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
    const viewer = (await viewerNamed(db, 'admin'))!;
    let job = await createImportJob(county.database, viewer, { list: 'households', fileName: file.name, content: file.bytes });
    job = await runImport(county.database, job.id);
    expect(job.status).toBe('PREVIEWED');
    await confirmJob(county.database, viewer, job.id);
    job = await runImport(county.database, job.id);
    expect(job.status).toBe('APPLIED');
    expect(job.counts.find((c) => c.recordType === 'Member')!.updated).toBeGreaterThan(0);
    expect(job.counts.find((c) => c.recordType === 'Household')!.updated).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
  });

  /** A household and one member of it, copied from the first household (new numbers), by plain inserts in `tx`. */
  async function copiedHousehold(tx: Parameters<typeof tallyDrift>[0], number: string): Promise<number> {
    const household = await sql<{
      id: number;
    }>`insert into household (household_number, village_id, attribute, status, identification_year, main_cause)
      select ${number}, village_id, attribute, status, identification_year, main_cause from household order by id limit 1 returning id`.execute(
      tx,
    );
    const id = household.rows[0]!.id;
    await sql`insert into member (household_id, person_number, name, sex, birth_date, ethnicity, relation, education, labor_ability, has_medical_insurance)
      select ${id}, ${`${number}01`}, '韦批', sex, birth_date, ethnicity, 'HEAD', education, labor_ability, true from member order by id limit 1`.execute(
      tx,
    );
    return id;
  }

  it('an import’s sizes written once (migration 2026-12-07-01): only the owner marks a transaction, which commits only settled', async () => {
    const { db } = county.database;
    // hub_app (every request) cannot mark its transaction: its households would get no size row
    const refused = await db
      .transaction()
      .execute(async (tx) => {
        await sql`set local role hub_app`.execute(tx);
        await sql`insert into household_size_bulk (xact) values (pg_current_xact_id())`.execute(tx);
      })
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    expect(refused).toBe('42501');
    // a marked transaction that creates a household and does not settle it is refused at its commit, with nothing written
    const unsettled = await db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into household_size_bulk (xact) values (pg_current_xact_id())`.execute(tx);
        const id = await copiedHousehold(tx, '4510279999990001');
        // while marked, the new household has no size row yet
        expect((await sql`select 1 from household_size where household_id = ${id}`.execute(tx)).rows).toEqual([]);
      })
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    expect(unsettled).toBe('55000');
    expect(await db.selectFrom('household').select('id').where('householdNumber', '=', '4510279999990001').execute()).toEqual([]);
    // settled, it commits with the sizes and the tally the rows give; a member added to an existing household meanwhile is counted too
    const existing = await db
      .selectFrom('householdSize')
      .select(['householdId', 'members'])
      .orderBy('householdId')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (tx) => {
      await sql`insert into household_size_bulk (xact) values (pg_current_xact_id())`.execute(tx);
      const id = await copiedHousehold(tx, '4510279999990002');
      await sql`insert into member (household_id, person_number, name, sex, birth_date, ethnicity, relation, education, labor_ability)
        select ${existing.householdId}, '451027999999000299', '韦加', sex, birth_date, ethnicity, 'SON', education, labor_ability from member order by id limit 1`.execute(
        tx,
      );
      await sql`select hub_household_sizes_settle(array[${id}, ${existing.householdId}]::int[])`.execute(tx);
    });
    expect(await drift()).toEqual([]);
    const membersOf = (where: 'existing' | 'new') =>
      db
        .selectFrom('householdSize')
        .innerJoin('household', 'household.id', 'householdSize.householdId')
        .select('householdSize.members')
        .$if(where === 'existing', (q) => q.where('household.id', '=', existing.householdId))
        .$if(where === 'new', (q) => q.where('household.householdNumber', '=', '4510279999990002'))
        .executeTakeFirstOrThrow();
    expect(await membersOf('existing')).toEqual({ members: existing.members + 1 });
    expect(await membersOf('new')).toEqual({ members: 1 });
    // the settle, called by anyone, only writes rows that are missing: on households that have theirs it changes nothing
    await db.transaction().execute(async (tx) => {
      await sql`set local role hub_app`.execute(tx);
      await sql`select hub_household_sizes_settle(array(select household_id from household_size))`.execute(tx);
    });
    expect(await drift()).toEqual([]);
  });

  it('give the grouped figures the rows give, for the county and for a clerk', async () => {
    for (const user of ['analyst', 'clerk'] as const) {
      // a filter that every household passes makes the grouped figures count the rows rather than read the tally
      const { data, errors } = await county.as(user)(`{
        tally: householdsStats(groupBy: [TOWNSHIP, STATUS, EXIT_YEAR]) { township { id } status exitYear count people }
        rows: householdsStats(groupBy: [TOWNSHIP, STATUS, EXIT_YEAR], filter: { identificationYear: { gte: 2000 } }) { township { id } status exitYear count people } }`);
      expect(errors).toBeUndefined();
      expect(data!.tally.length).toBeGreaterThan(3);
      expect(data!.tally).toEqual(data!.rows);
    }
  });
});
