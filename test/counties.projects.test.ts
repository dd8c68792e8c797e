import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../schema/src/demo/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { confirm, preview, undo } from './support/importJobs';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * A project's money and beneficiaries stay in its county (migration 2026-12-06-73): a beneficiary, a payee
 * household or village collective, a site and a fund source of another county are refused with a message on
 * the field at fault, by every path that writes (the graph, the import of the hub's own export, an undo), and
 * so is moving a project, a fund source, a household, a village or a township out of the county of the
 * projects that name it. The two-county demo seed loads under these checks and breaks none of them.
 */
describe('a project’s records in its own county', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let leyeCookie = '';
  const password = inject('demoPassword');
  const gql = (query: string, variables: Any = {}, headers: Record<string, string> = {}) =>
    server.graphql<Any>(query, variables, { cookie, headers });

  /** per county (1 Lingyun, 2 Leye): a project with a site, its allocation, a household and a village of the county */
  interface County {
    project: number;
    allocation: number;
    village: number;
    township: number;
    /** a household no project names, and one a project of the county names as beneficiary */
    freeHousehold: number;
    beneficiary: number;
  }
  const counties = new Map<number, County>();

  /** What a refused write must leave as it was: the rows of the tables it touches and the audit log's size. */
  const state = async () =>
    (
      await sql<{ n: string }>`select (select count(*) from project_beneficiary) || '/' || (select count(*) from disbursement) || '/' ||
        (select count(*) from project_site) || '/' || (select count(*) from fund_allocation) || '/' || (select count(*) from audit_log) || '/' ||
        (select string_agg(h.id || ':' || h.village_id || ':' || h.version, ',' order by h.id) from household h) as n`.execute(database.db)
    ).rows[0]!.n;

  /** the statements the hub sent, as text: the members export's pages are read from them */
  const statements: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase('empty', { onQuery: (text) => statements.push(text) });
    await seedDemo(database, { password, counties: 2, households: 400 });
    server = await startServer(database);
    cookie = await server.signIn('admin', password);
    for (const countyId of [1, 2]) {
      const { rows } = await sql<County>`
        with room as (
          select a.id, a.project_id from fund_allocation a
          where a.amount >= 1 + (select coalesce(sum(d.amount), 0) from disbursement d where d.fund_allocation_id = a.id)),
        site as (
          select s.project_id, s.village_id, min(room.id) as allocation from project_site s join project p on p.id = s.project_id
          join room on room.project_id = p.id where p.county_id = ${countyId}
          group by s.project_id, s.village_id order by s.project_id limit 1)
        select site.project_id as project, site.allocation,
          site.village_id as village,
          (select township_id from village where id = site.village_id) as township,
          (select min(h.id) from household h join village v on v.id = h.village_id join township t on t.id = v.township_id
            where t.county_id = ${countyId}
              and not exists (select 1 from project_beneficiary b where b.household_id = h.id)
              and not exists (select 1 from disbursement d where d.payee_household_id = h.id)) as "freeHousehold",
          (select min(b.household_id) from project_beneficiary b join project p on p.id = b.project_id where p.county_id = ${countyId}) as beneficiary
        from site`.execute(database.db);
      counties.set(countyId, rows[0]!);
    }
  }, 180_000);

  const county = (id: number) => counties.get(id)!;
  /** The first field error of a refused write, as the graph answers it. */
  const refusal = (result: Any) => {
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return result.errors[0].extensions.fields[0];
  };

  it('loads the two-county demo seed under the checks, with every link inside its project’s county', async () => {
    const { rows } = await sql<{ crossed: string }>`
      with project_county as (select id, county_id from project),
      village_county as (select v.id, t.county_id from village v join township t on t.id = v.township_id),
      household_county as (select h.id, vc.county_id from household h join village_county vc on vc.id = h.village_id)
      select (select count(*) from project_beneficiary b join project_county p on p.id = b.project_id
                join household_county h on h.id = b.household_id where h.county_id <> p.county_id)
           + (select count(*) from disbursement d join fund_allocation a on a.id = d.fund_allocation_id
                join project_county p on p.id = a.project_id left join household_county h on h.id = d.payee_household_id
                left join village_county v on v.id = d.payee_village_id
                where h.county_id <> p.county_id or v.county_id <> p.county_id)
           + (select count(*) from project_site s join project_county p on p.id = s.project_id
                join village_county v on v.id = s.village_id where v.county_id <> p.county_id) as crossed`.execute(database.db);
    expect(Number(rows[0]!.crossed)).toBe(0);
    // and the seed made the links these tests cross: beneficiaries and household payees in both counties
    const { rows: made } = await sql<{ county: number; beneficiaries: string; payees: string }>`
      select p.county_id as county, count(distinct b.id) as beneficiaries, count(distinct d.id) as payees
      from project p left join project_beneficiary b on b.project_id = p.id
      left join fund_allocation a on a.project_id = p.id left join disbursement d on d.fund_allocation_id = a.id and d.payee_household_id is not null
      group by p.county_id order by 1`.execute(database.db);
    expect(made.map((m) => m.county)).toEqual([1, 2]);
    for (const m of made) expect(Number(m.beneficiaries) * Number(m.payees)).toBeGreaterThan(0);
  });

  it('refuses a beneficiary household of another county, in Chinese and in English, and keeps one of the county', async () => {
    const before = await state();
    const create = (household: number, headers: Record<string, string> = {}) =>
      gql(
        `mutation ($p: ID!, $h: ID!) { createProjectBeneficiary(input: { projectId: $p, householdId: $h }) { projectBeneficiary { id } } }`,
        { p: globalId('Project', county(1).project), h: globalId('Household', household) },
        headers,
      );
    expect(refusal(await create(county(2).freeHousehold))).toEqual({
      field: 'householdId',
      message: '受益贫困户不在该项目所属的县',
      messages: { zh: '受益贫困户不在该项目所属的县', en: 'The household is not in the project’s county' },
    });
    expect(refusal(await create(county(2).freeHousehold, { 'accept-language': 'en' })).message).toBe(
      'The household is not in the project’s county',
    );
    expect(await state()).toBe(before);
    const ok = await create(county(1).freeHousehold);
    expect(ok.errors).toBeUndefined();
    // nor does an edit point an existing beneficiary at another county's household
    const moved = await gql(
      `mutation ($id: ID!, $h: ID!) { updateProjectBeneficiary(input: { id: $id, version: 1, patch: { householdId: $h } }) { projectBeneficiary { id } } }`,
      { id: ok.data!.createProjectBeneficiary.projectBeneficiary.id, h: globalId('Household', county(2).freeHousehold) },
    );
    expect(refusal(moved)).toMatchObject({ field: 'householdId', message: '受益贫困户不在该项目所属的县' });
    await gql(`mutation ($id: ID!) { deleteProjectBeneficiary(input: { id: $id, version: 1 }) { deletedId } }`, {
      id: ok.data!.createProjectBeneficiary.projectBeneficiary.id,
    });
  });

  it('refuses a payment to a household or a village collective of another county, and pays the county’s own', async () => {
    const before = await state();
    const pay = (payee: Any) =>
      gql(`mutation ($input: CreateDisbursementInput!) { createDisbursement(input: $input) { disbursement { id } } }`, {
        input: {
          fundAllocationId: globalId('FundAllocation', county(1).allocation),
          amount: '1.00',
          paidOn: '2016-05-01',
          payeeName: '收款方',
          ...payee,
        },
      });
    expect(refusal(await pay({ payeeType: 'HOUSEHOLD', payeeHouseholdId: globalId('Household', county(2).freeHousehold) }))).toEqual({
      field: 'payeeHouseholdId',
      message: '收款贫困户不在该项目所属的县',
      messages: { zh: '收款贫困户不在该项目所属的县', en: 'The payee household is not in the project’s county' },
    });
    expect(refusal(await pay({ payeeType: 'VILLAGE_COLLECTIVE', payeeVillageId: globalId('Village', county(2).village) }))).toEqual({
      field: 'payeeVillageId',
      message: '收款村集体不在该项目所属的县',
      messages: { zh: '收款村集体不在该项目所属的县', en: 'The payee village is not in the project’s county' },
    });
    expect(await state()).toBe(before);
    const own = await pay({ payeeType: 'VILLAGE_COLLECTIVE', payeeVillageId: globalId('Village', county(1).village) });
    expect(own.errors).toBeUndefined();
    await gql(`mutation ($id: ID!) { deleteDisbursement(input: { id: $id, version: 1 }) { deletedId } }`, {
      id: own.data!.createDisbursement.disbursement.id,
    });
  });

  it('says which field is at fault for a site or a fund source of another county', async () => {
    const before = await state();
    const site = await gql(
      `mutation ($p: ID!, $v: ID!) { createProjectSite(input: { projectId: $p, villageId: $v }) { projectSite { id } } }`,
      {
        p: globalId('Project', county(1).project),
        v: globalId('Village', county(2).village),
      },
    );
    expect(refusal(site)).toEqual({
      field: 'villageId',
      message: '实施村不在该项目所属的县',
      messages: { zh: '实施村不在该项目所属的县', en: 'The village is not in the project’s county' },
    });
    const source = await database.db
      .selectFrom('fundAllocation')
      .select('fundSourceId')
      .where('id', '=', county(2).allocation)
      .executeTakeFirstOrThrow();
    const allocation = await gql(
      `mutation ($s: ID!, $p: ID!) { createFundAllocation(input: { fundSourceId: $s, projectId: $p, amount: "1" }) { fundAllocation { id } } }`,
      { s: globalId('FundSource', source.fundSourceId), p: globalId('Project', county(1).project) },
    );
    expect(refusal(allocation)).toEqual({
      field: 'fundSourceId',
      message: '资金来源与项目不属于同一个县',
      messages: { zh: '资金来源与项目不属于同一个县', en: 'The fund source and the project are of different counties' },
    });
    expect(await state()).toBe(before);
  });

  it('keeps a project, a fund source, a household, a village and a township from leaving the county of the projects naming them', async () => {
    const before = await state();
    const move = async (type: string, id: number, patch: Any) => {
      const { version } = await sql<{
        version: number;
      }>`select version from ${sql.table(type.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase()))} where id = ${id}`
        .execute(database.db)
        .then((r) => r.rows[0]!);
      const field = type[0]!.toLowerCase() + type.slice(1);
      return refusal(
        await gql(`mutation ($input: Update${type}Input!) { update${type}(input: $input) { ${field} { id } } }`, {
          input: { id: globalId(type, id), version, patch },
        }),
      );
    };
    const leye = globalId('County', 2);
    expect(await move('Project', county(1).project, { countyId: leye })).toMatchObject({
      field: 'countyId',
      message: '该项目的实施村、资金来源、受益户或收款方属于原来的县，不能改为其他县',
    });
    const source = await database.db
      .selectFrom('fundAllocation')
      .select('fundSourceId')
      .where('id', '=', county(1).allocation)
      .executeTakeFirstOrThrow();
    expect(await move('FundSource', source.fundSourceId, { countyId: leye })).toMatchObject({
      field: 'countyId',
      message: '该资金已分配给原来所属县的项目，不能改为其他县',
    });
    expect(await move('Household', county(1).beneficiary, { villageId: globalId('Village', county(2).village), groupId: null })).toEqual({
      field: 'villageId',
      message: '该户是本县项目的受益户或收款户，不能迁到其他县的村',
      messages: {
        zh: '该户是本县项目的受益户或收款户，不能迁到其他县的村',
        en: 'The household benefits from or is paid by projects of its county: it cannot move to a village of another county',
      },
    });
    expect(
      await move('Village', county(1).village, { townshipId: globalId('Township', county(2).township), name: '划转测试村' }),
    ).toMatchObject({
      field: 'townshipId',
      message: '该村有本县项目的实施点、受益户或收款方，不能划到其他县的乡镇',
    });
    expect(await move('Township', county(1).township, { countyId: leye })).toMatchObject({
      field: 'countyId',
      message: '该乡镇有本县项目的实施村、受益户或收款方，不能划到其他县',
    });
    expect(await state()).toBe(before);
  });

  it('refuses the same in the import of the hub’s own export, and an undo that would take a beneficiary out of its project’s county', async () => {
    /** one household's row of the hub administrator's export (it names each row's county) */
    const exported = async (household: number) => {
      const filter = encodeURIComponent(JSON.stringify({ id: { eq: globalId('Household', household) } }));
      const response = await fetch(`${server.url}/export/households.csv?filter=${filter}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const text = Buffer.from(await response.arrayBuffer())
        .subarray(3)
        .toString('utf8');
      return (parse(text, { columns: true }) as Record<string, string>[])[0]!;
    };
    const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
    const file = (record: Record<string, string>) =>
      Buffer.from(`\uFEFF${line(Object.keys(record))}\n${line(Object.values(record))}\n`, 'utf8');
    const lingyunVillage = await database.db
      .selectFrom('village')
      .select('name')
      .where('id', '=', county(1).village)
      .executeTakeFirstOrThrow();
    const moved = (record: Record<string, string>) => ({ ...record, 行政村: lingyunVillage.name, 县: '凌云县', 村民小组: '' });
    const villageOf = async (household: number) =>
      (await database.db.selectFrom('household').select('villageId').where('id', '=', household).executeTakeFirstOrThrow()).villageId;

    // a Leye beneficiary moved to a Lingyun village: the row is refused, on its village, and nothing is written
    const beneficiary = await exported(county(2).beneficiary);
    const refused = await preview(server, cookie, 'households', 'move.csv', file(moved(beneficiary)));
    expect(refused.problems).toEqual([
      expect.objectContaining({ row: 2, header: '行政村', message: '该户是本县项目的受益户或收款户，不能迁到其他县的村' }),
    ]);
    const was = await villageOf(county(2).beneficiary);

    // a Leye household no project names moves to Lingyun, then becomes a Lingyun project's beneficiary
    const free = county(2).freeHousehold;
    const leyeVillage = await villageOf(free);
    const job = await preview(server, cookie, 'households', 'move.csv', file(moved(await exported(free))));
    expect(job.problems).toEqual([]);
    expect((await confirm(server, cookie, job.id)).status).toBe('APPLIED');
    expect(await villageOf(free)).toBe(county(1).village);
    expect(await villageOf(county(2).beneficiary)).toBe(was);
    const made = await gql(
      `mutation ($p: ID!, $h: ID!) { createProjectBeneficiary(input: { projectId: $p, householdId: $h }) { projectBeneficiary { id } } }`,
      { p: globalId('Project', county(1).project), h: globalId('Household', free) },
    );
    expect(made.errors).toBeUndefined();
    // the undo would put the household back in Leye, a Lingyun project's beneficiary: nothing is undone
    const undone = await undo(server, cookie, job.id);
    expect(undone.status).toBe('APPLIED');
    expect(undone.failure).toContain('undo failed, nothing was undone');
    expect(undone.failure).toContain(`household ${free} is a site, beneficiary or payee of projects of another county`);
    expect(await villageOf(free)).toBe(county(1).village);
    // once the beneficiary is gone, the undo goes through
    await gql(`mutation ($id: ID!) { deleteProjectBeneficiary(input: { id: $id, version: 1 }) { deletedId } }`, {
      id: made.data!.createProjectBeneficiary.projectBeneficiary.id,
    });
    expect((await undo(server, cookie, job.id)).status).toBe('UNDONE');
    expect(await villageOf(free)).toBe(leyeVillage);
  });

  it('gives the pages of a county’s members export the bound of her county’s first household, later pages their cursor’s', async () => {
    leyeCookie = await server.signIn('admin.451028', password);
    statements.length = 0;
    const response = await fetch(`${server.url}/export/members.csv`, { headers: { cookie: leyeCookie } });
    expect(response.status).toBe(200);
    const rows = parse(
      Buffer.from(await response.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      { columns: true },
    ) as Record<string, string>[];
    // every member of Leye, none of Lingyun: the bound drops no row of hers
    const { rows: leye } = await sql<{ id: number }>`select m.id from member m join village v on v.id = m.village_id
      join township t on t.id = v.township_id where t.county_id = 2 order by m.household_id, m.id`.execute(database.db);
    expect(rows.map((r) => Number(Buffer.from(r['记录标识']!, 'base64').toString().split(':')[1]))).toEqual(leye.map((m) => m.id));
    const pages = statements.filter((text) => /from "member"/.test(text) && / limit /.test(text));
    expect(pages.length).toBe(Math.ceil((leye.length + 1) / 500));
    // the first page starts at her county's first household, as the later ones start at their cursor's
    const first = await database.db
      .selectFrom('household')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select((eb) => eb.fn.min('household.id').as('id'))
      .where('township.countyId', '=', 2)
      .executeTakeFirstOrThrow();
    expect(Number(first.id)).toBeGreaterThan(1);
    expect(pages[0]).toMatch(/"member"\."household_id" between \$\d+ and \$\d+\) order by "member"\."household_id" asc/);
    expect(pages[0]).not.toMatch(/"household_id" <> /);
    for (const page of pages.slice(1)) expect(page).toMatch(/"member"\."household_id" >= \$\d+ and \("member"\."household_id" <> \$\d+ or/);
  });
});
