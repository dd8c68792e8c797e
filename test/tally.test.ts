import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmJob, createImportJob, runImport, viewerNamed } from '../schema/src/index';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { buildRegisterFile } from './support/registerSheet';

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

  /** What the direct counts give and the tallies do not (and the reverse): nothing, when they are exact. */
  async function drift(): Promise<unknown[]> {
    const { db } = county.database;
    const sizes = await sql`
      select h.id, s.household_id from household h
        left join household_size s on s.household_id = h.id
        left join (select household_id, count(*)::int as members, (count(*) filter (where has_medical_insurance))::int as insured,
                     (count(*) filter (where school_status = 'DROPPED_OUT'))::int as dropouts from member group by household_id) m on m.household_id = h.id
      where (s.members, s.insured, s.dropouts, s.village_id, s.status, s.identification_year, s.exit_year, s.return_year)
        is distinct from (coalesce(m.members, 0), coalesce(m.insured, 0), coalesce(m.dropouts, 0), h.village_id, h.status, h.identification_year, h.exit_year, h.return_year)
      union all
      select null, s.household_id from household_size s where not exists (select 1 from household h where h.id = s.household_id)`.execute(
      db,
    );
    const counted = sql`select h.village_id, h.status, h.identification_year, h.exit_year, h.return_year, count(*)::int as households,
        sum((select count(*) from member m where m.household_id = h.id))::int as people
      from household h group by 1, 2, 3, 4, 5`;
    const kept = sql`select village_id, status, identification_year, exit_year, return_year, households, people from household_tally`;
    const tally = await sql`(${kept} except ${counted}) union all (${counted} except ${kept})`.execute(db);
    return [...sizes.rows, ...tally.rows];
  }

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
