import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../schema/src/demo/index';
import { freshDatabase, type TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * Every date and timestamp column of the database, classified. HAPPENED: the date of something that has
 * happened, at or before the county's day of record. PLANNED: a plan or a deadline, which may lie after it.
 * INSTALLED: written by the hub's own migrations when the database is made, not a record of the county.
 * A new date column fails the first test until it is classified here.
 */
const DATE_COLUMNS: Record<string, 'HAPPENED' | 'PLANNED' | 'INSTALLED'> = {
  'api_token.created_at': 'HAPPENED',
  'api_token.updated_at': 'HAPPENED',
  'api_token.last_used_at': 'HAPPENED',
  'api_token.revoked_at': 'HAPPENED',
  'api_token.expires_at': 'PLANNED',
  'app_user.created_at': 'HAPPENED',
  'app_user.updated_at': 'HAPPENED',
  'app_user.disabled_at': 'HAPPENED',
  'assistance_measure.created_at': 'HAPPENED',
  'assistance_measure.updated_at': 'HAPPENED',
  'assistance_measure.started_on': 'HAPPENED',
  'audit_log.at': 'HAPPENED',
  'cadre.created_at': 'HAPPENED',
  'cadre.updated_at': 'HAPPENED',
  'cadre_household_pairing.created_at': 'HAPPENED',
  'cadre_household_pairing.updated_at': 'HAPPENED',
  'cadre_household_pairing.start_date': 'HAPPENED',
  'cadre_household_pairing.end_date': 'HAPPENED',
  'county.created_at': 'HAPPENED',
  'county.updated_at': 'HAPPENED',
  'county.as_of': 'HAPPENED',
  'disbursement.created_at': 'HAPPENED',
  'disbursement.updated_at': 'HAPPENED',
  'disbursement.paid_on': 'HAPPENED',
  'exit_criteria_set.created_at': 'INSTALLED',
  'exit_criteria_set.updated_at': 'INSTALLED',
  'exit_criterion.created_at': 'INSTALLED',
  'exit_criterion.updated_at': 'INSTALLED',
  'fund_allocation.created_at': 'HAPPENED',
  'fund_allocation.updated_at': 'HAPPENED',
  'fund_allocation.allocated_on': 'HAPPENED',
  'fund_source.created_at': 'HAPPENED',
  'fund_source.updated_at': 'HAPPENED',
  'fund_source.received_on': 'HAPPENED',
  'helper_unit.created_at': 'HAPPENED',
  'helper_unit.updated_at': 'HAPPENED',
  'household.created_at': 'HAPPENED',
  'household.updated_at': 'HAPPENED',
  'household_income.created_at': 'HAPPENED',
  'household_income.updated_at': 'HAPPENED',
  'import_job.created_at': 'HAPPENED',
  'import_job.updated_at': 'HAPPENED',
  'import_job.finished_at': 'HAPPENED',
  'import_job.undone_at': 'HAPPENED',
  'import_job.data_date': 'HAPPENED',
  'member.created_at': 'HAPPENED',
  'member.updated_at': 'HAPPENED',
  'member.birth_date': 'HAPPENED',
  'poverty_line.created_at': 'HAPPENED',
  'poverty_line.updated_at': 'HAPPENED',
  'project.created_at': 'HAPPENED',
  'project.updated_at': 'HAPPENED',
  'project.start_date': 'HAPPENED',
  'project.end_date': 'HAPPENED',
  'project_beneficiary.created_at': 'HAPPENED',
  'project_beneficiary.updated_at': 'HAPPENED',
  'project_site.created_at': 'HAPPENED',
  'project_site.updated_at': 'HAPPENED',
  'published_indicator.created_at': 'HAPPENED',
  'published_indicator.updated_at': 'HAPPENED',
  'target.created_at': 'HAPPENED',
  'target.updated_at': 'HAPPENED',
  'target.due_date': 'PLANNED',
  'township.created_at': 'HAPPENED',
  'township.updated_at': 'HAPPENED',
  'twinning_change.at': 'HAPPENED',
  'unit_village_pairing.created_at': 'HAPPENED',
  'unit_village_pairing.updated_at': 'HAPPENED',
  'unit_village_pairing.start_date': 'HAPPENED',
  'unit_village_pairing.end_date': 'HAPPENED',
  'sign_in_failure.failed_at': 'HAPPENED',
  'user_scope.created_at': 'HAPPENED',
  'user_scope.updated_at': 'HAPPENED',
  'user_session.created_at': 'HAPPENED',
  'user_session.last_seen_at': 'HAPPENED',
  'user_session.expires_at': 'PLANNED',
  'village.created_at': 'HAPPENED',
  'village.updated_at': 'HAPPENED',
  'village_group.created_at': 'HAPPENED',
  'village_group.updated_at': 'HAPPENED',
  'visit_log.created_at': 'HAPPENED',
  'visit_log.updated_at': 'HAPPENED',
  'visit_log.visited_on': 'HAPPENED',
  'visit_log.follow_up_due': 'PLANNED',
  'work_team_assignment.created_at': 'HAPPENED',
  'work_team_assignment.updated_at': 'HAPPENED',
  'work_team_assignment.start_date': 'HAPPENED',
  'work_team_assignment.end_date': 'HAPPENED',
};

/**
 * The demo county as of its day of record: nothing that has happened is dated after it, the exit work of
 * mid-2016 is there to see for every role within its scope, and payees are named as people name them.
 */
describe('the demo county as of its day of record', () => {
  let county: DemoCounty;
  /** the demo county as seeded, before anyone signs in (a sign-in is dated the day it happens) */
  let seeded: TestDatabase;

  beforeAll(async () => {
    [county, seeded] = await Promise.all([demoCounty(), freshDatabase('demo')]);
  });

  it('keeps its day of record, mid-2016, as the county’s own', async () => {
    const row = await seeded.db
      .selectFrom('county')
      .select(sql<string>`as_of::text`.as('asOf'))
      .executeTakeFirstOrThrow();
    expect(row.asOf).toBe('2016-06-30');
    expect(DEMO.asOf).toBe('2016-06-30');
  });

  it('dates nothing that has happened after the day of record, in any table (a new date column must be classified)', async () => {
    const { rows: columns } = await sql<{ tableName: string; columnName: string; dataType: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and data_type in ('date', 'timestamp with time zone', 'timestamp without time zone')
      order by table_name, column_name`.execute(seeded.db);
    const names = columns.map((c) => `${c.tableName}.${c.columnName}`);
    expect(
      names.filter((n) => !(n in DATE_COLUMNS)),
      'unclassified date columns',
    ).toEqual([]);
    expect(
      Object.keys(DATE_COLUMNS).filter((n) => !names.includes(n)),
      'classified columns that no longer exist',
    ).toEqual([]);
    // one statement: each happened column's latest day in the county (timestamps read in Asia/Shanghai)
    const happened = columns.filter((c) => DATE_COLUMNS[`${c.tableName}.${c.columnName}`] === 'HAPPENED');
    const day = (c: (typeof columns)[number]) =>
      c.dataType === 'date' ? sql.ref(c.columnName) : sql`(${sql.ref(c.columnName)} at time zone 'Asia/Shanghai')::date`;
    const { rows } = await sql<{ column: string; latest: string | null }>`${sql.join(
      happened.map(
        (c) =>
          sql`select ${`${c.tableName}.${c.columnName}`}::text as column, max(${day(c)})::text as latest from ${sql.table(c.tableName)}`,
      ),
      sql` union all `,
    )}`.execute(seeded.db);
    expect(rows.filter((r) => r.latest !== null && r.latest > DEMO.asOf)).toEqual([]);
    // the rows the story is about reach up to the day, not short of it
    const latest = Object.fromEntries(rows.map((r) => [r.column, r.latest]));
    expect(latest['disbursement.paid_on']! >= '2016-06-01').toBe(true);
    expect(latest['visit_log.visited_on']! >= '2016-06-01').toBe(true);
    expect(latest['household.created_at']).toBe(DEMO.asOf);
  });

  it('leaves plans and deadlines after the day of record where they are: the targets are due at the year’s end', async () => {
    const row = await seeded.db
      .selectFrom('target')
      .select(sql<string>`max(due_date)::text`.as('due'))
      .where('year', '=', 2016)
      .executeTakeFirstOrThrow();
    expect(row.due).toBe('2016-12-31');
  });

  it('tells the day to readers: dayOfRecord and povertyOverview.asOf, with the years the records cover', async () => {
    const answer = await county.as('analyst')(
      '{ dayOfRecord { asOf configured firstYear latestYear } povertyOverview(year: 2016) { year asOf } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      dayOfRecord: { asOf: '2016-06-30', configured: true, firstYear: 2014, latestYear: 2016 },
      povertyOverview: { year: 2016, asOf: '2016-06-30' },
    });
  });

  it('titles an export with the day of record', async () => {
    const response = await fetch(`${county.server.url}/export/villages.csv`, { headers: { cookie: county.sessions.analyst } });
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get('content-disposition') ?? '')).toContain("filename*=UTF-8''行政村-2016-06-30.csv");
    await response.arrayBuffer();
  });

  /** Households still poor that meet every 八有一超 item for 2016, decided from the rows in SQL of the test's own. */
  const meetingEveryItem = (where: ReturnType<typeof sql>) => sql<{ id: number }>`
    select h.id from household h
    join household_income i on i.household_id = h.id and i.year = 2016
    where ${where}
      and h.housing_danger_level = 'NONE' and h.has_road and h.has_safe_water and h.has_power and h.has_tv
      and not exists (select 1 from member m where m.household_id = h.id and (not m.has_medical_insurance or m.school_status = 'DROPPED_OUT'))
      and (i.net_income > 0 or h.attribute in ('DIBAO', 'DIBAO_TEKUN'))
      and i.net_income / (select count(*) from member m where m.household_id = h.id) > (select amount from poverty_line where year = 2016)`;

  it('lists a few dozen exit candidates for 2016, every one meeting every criterion in its rows, and no other', async () => {
    const answer = await county.as('analyst')('{ exitCandidates(year: 2016, first: 500) { totalCount nodes { householdNumber } } }');
    expect(answer.errors).toBeUndefined();
    const listed: string[] = answer.data!.exitCandidates.nodes.map((n: Any) => n.householdNumber);
    expect(answer.data!.exitCandidates.totalCount).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(24);
    expect(listed.length).toBeLessThanOrEqual(100);
    const { rows } = await sql<{
      householdNumber: string;
    }>`select household_number from household where id in (${meetingEveryItem(sql`h.status = 'POOR' and h.identification_year <= 2016`)})`.execute(
      county.database.db,
    );
    expect([...listed].sort()).toEqual(rows.map((r) => r.householdNumber).sort());
  });

  it('has households of the 2016 batch one criterion short, and 2016 exits to review that fail exactly one', async () => {
    // poor households whose rows meet all but one item: the income just under the line, or one item not yet met
    const { rows } = await sql<{ short: number; underLine: number }>`
      with h as (
        select h.id, i.net_income / (select count(*) from member m where m.household_id = h.id) as per_capita,
          (h.housing_danger_level <> 'NONE')::int + (not h.has_road)::int + (not h.has_safe_water)::int + (not h.has_power)::int + (not h.has_tv)::int
          + (exists (select 1 from member m where m.household_id = h.id and not m.has_medical_insurance))::int
          + (exists (select 1 from member m where m.household_id = h.id and m.school_status = 'DROPPED_OUT'))::int as items_missed
        from household h join household_income i on i.household_id = h.id and i.year = 2016
        where h.status = 'POOR' and h.planned_exit_year = 2016)
      select count(*) filter (where items_missed = 1 and per_capita > 2952) as short,
             count(*) filter (where items_missed = 0 and per_capita between 2952 * 0.9 and 2952) as under_line from h`.execute(
      county.database.db,
    );
    expect(rows[0]!.short).toBeGreaterThanOrEqual(12);
    expect(rows[0]!.underLine).toBeGreaterThanOrEqual(4);

    const answer = await county.as('analyst')(
      '{ exitReviews(year: 2016, first: 200) { totalCount nodes { exitCheck(year: 2016) { results { outcome } } } } }',
    );
    expect(answer.errors).toBeUndefined();
    const reviews = answer.data!.exitReviews;
    expect(reviews.totalCount).toBeGreaterThanOrEqual(24);
    expect(reviews.totalCount).toBeLessThanOrEqual(100);
    const failures = reviews.nodes.map((n: Any) => n.exitCheck.results.filter((r: Any) => r.outcome === 'FAIL').length);
    expect(failures.every((f: number) => f === 1)).toBe(true);
  });

  it('has the 2016 villages’ checks to show: exited villages to review, and villages waiting only on their households', async () => {
    const answer = await county.as('analyst')(`{
      villageExitReviews(year: 2016, first: 50) { totalCount }
      waiting: villages(first: 50, filter: { isPoorVillage: { eq: true }, exitYear: { isNull: true }, plannedExitYear: { eq: 2016 } }) {
        nodes { exitCheck(year: 2016) { results { criterion { code } outcome } } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.villageExitReviews.totalCount).toBeGreaterThanOrEqual(3);
    const waiting = answer.data!.waiting.nodes.map((n: Any) =>
      n.exitCheck.results.filter((r: Any) => r.outcome === 'FAIL').map((r: Any) => r.criterion.code),
    );
    expect(waiting.length).toBe(DEMO.villages.planned2016 - DEMO.villages.exited2016);
    expect(waiting).toEqual(waiting.map(() => ['INCIDENCE']));
  });

  it('raises a few dozen alerts on its day of record by default: households whose cadre left, cadres with no visit this year', async () => {
    const query = '{ alerts { asOf householdsWithoutCadre { totalCount } cadresWithoutVisits { totalCount } } }';
    const analyst = await county.as('analyst')(query);
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data!.alerts.asOf).toBe('2016-06-30');
    expect(analyst.data!.alerts.householdsWithoutCadre.totalCount).toBeGreaterThanOrEqual(24);
    expect(analyst.data!.alerts.cadresWithoutVisits.totalCount).toBeGreaterThanOrEqual(24);
    // checked against the rows: no pairing in force on the day, no visit in the 180 days up to it
    const { rows } = await sql<{ households: number; cadres: number }>`select
      (select count(*) from household h where h.status in ('POOR', 'RETURNED') and not exists (select 1 from cadre_household_pairing p
        where p.household_id = h.id and p.start_date <= '2016-06-30' and (p.end_date is null or p.end_date >= '2016-06-30'))) as households,
      (select count(*) from cadre c where exists (select 1 from cadre_household_pairing p where p.cadre_id = c.id and p.end_date is null)
        and not exists (select 1 from cadre_household_pairing p join visit_log v on v.cadre_household_pairing_id = p.id
                        where p.cadre_id = c.id and v.visited_on > date '2016-06-30' - 180)) as cadres`.execute(county.database.db);
    expect(analyst.data!.alerts.householdsWithoutCadre.totalCount).toBe(rows[0]!.households);
    expect(analyst.data!.alerts.cadresWithoutVisits.totalCount).toBe(rows[0]!.cadres);
  });

  it('shows the clerk of 泗城镇 some of each within her township, and the administrator all of them', async () => {
    const query = `{ exitCandidates(year: 2016) { totalCount } exitReviews(year: 2016) { totalCount } villageExitReviews(year: 2016) { totalCount }
      alerts { householdsWithoutCadre { totalCount } cadresWithoutVisits { totalCount } } }`;
    const [clerk, admin, analyst] = await Promise.all([county.as('clerk')(query), county.as('admin')(query), county.as('analyst')(query)]);
    expect(clerk.errors).toBeUndefined();
    // households: a part of the county's; cadres: those whose 泗城镇 households had no visit (her view of them)
    const households = (a: Any) => [a.exitCandidates.totalCount, a.exitReviews.totalCount, a.alerts.householdsWithoutCadre.totalCount];
    for (const [i, n] of households(clerk.data!).entries()) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(households(analyst.data!)[i]!);
    }
    expect(clerk.data!.alerts.cadresWithoutVisits.totalCount).toBeGreaterThan(0);
    expect(admin.data).toEqual(analyst.data);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from household h join village v on v.id = h.village_id
      where v.township_id = ${county.townshipId} and h.id in (${meetingEveryItem(sql`h.status = 'POOR'`)})`.execute(county.database.db);
    expect(clerk.data!.exitCandidates.totalCount).toBe(rows[0]!.n);
  });

  it('names payees as people do: a household by its head, a village collective by its village; never by 户编号', async () => {
    const { rows } = await sql<{ numbered: number; households: number; byHead: number; collectives: number; byVillage: number }>`select
      count(*) filter (where d.payee_name like '%户编号%' or d.payee_name ~ '[0-9]{6}') as numbered,
      count(*) filter (where d.payee_type = 'HOUSEHOLD') as households,
      count(*) filter (where d.payee_type = 'HOUSEHOLD' and d.payee_name = (select m.name from member m where m.household_id = d.payee_household_id and m.relation = 'HEAD')) as by_head,
      count(*) filter (where d.payee_type = 'VILLAGE_COLLECTIVE') as collectives,
      count(*) filter (where d.payee_type = 'VILLAGE_COLLECTIVE' and d.payee_name = (select v.name from village v where v.id = d.payee_village_id) || '村民委员会') as by_village
      from disbursement d`.execute(county.database.db);
    expect(rows[0]!.numbered).toBe(0);
    expect(rows[0]!.households).toBeGreaterThan(0);
    expect(rows[0]!.byHead).toBe(rows[0]!.households);
    expect(rows[0]!.byVillage).toBe(rows[0]!.collectives);
  });
});
