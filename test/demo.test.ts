import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemo } from '../schema/src/demo/index';
import { checkResidentId } from '../schema/src/households/residentId';
import { verifyPassword } from '../schema/src/access/password';
import { freshDatabase, type TestDatabase } from './support/database';

/**
 * The demo county tells the seed's story: its figures, computed here in SQL straight from the rows with the
 * definitions of shared/docs/domain.md, are the 2016 report's.
 */
describe('the demo county', () => {
  let database: TestDatabase;
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]!;

  beforeAll(async () => {
    database = await freshDatabase('demo');
  });

  // poor at the end of year Y: identified by then, not removed, not exited by then (or returned since)
  const poorAtEnd = (year: number) => sql`h.identification_year <= ${year} and h.status <> 'REMOVED'
    and not (h.exit_year is not null and h.exit_year <= ${year} and (h.return_year is null or h.return_year > ${year}))`;

  it('has 8 townships, about a hundred villages, 78 of them poor: 25 exited by 2015, 17 planned for 2016, 36 for 2017–2018', async () => {
    const row = await one(sql<{
      townships: number;
      villages: number;
      poor: number;
      exited: number;
      planned2016: number;
      planned1718: number;
    }>`
      select (select count(*) from township) as townships, count(*) as villages, count(*) filter (where is_poor_village) as poor,
        count(*) filter (where exit_year <= 2015) as exited, count(*) filter (where planned_exit_year = 2016) as planned2016,
        count(*) filter (where planned_exit_year in (2017, 2018)) as planned1718
      from village`);
    expect(row).toEqual({ townships: 8, villages: 100, poor: 78, exited: 25, planned2016: 17, planned1718: 36 });
  });

  it('had a poverty incidence of 25.3 % at the end of 2015', async () => {
    const row = await one(sql<{ poor: number; rural: number }>`
      select (select count(*) from member m join household h on h.id = m.household_id where ${poorAtEnd(2015)}) as poor,
             (select sum(rural_population) from village) as rural`);
    expect(Math.round((row.poor / row.rural) * 1000) / 10).toBe(25.3);
    expect(row.poor).toBeGreaterThan(16_000);
  });

  it('lifted exactly 12,800 people out of poverty in 2015', async () => {
    const row = await one(
      sql<{ people: number }>`select count(*) as people from member m join household h on h.id = m.household_id where h.exit_year = 2015`,
    );
    expect(row.people).toBe(12_800);
  });

  it('plans the 16,000 people and 17 villages of the 2016 targets, part of them already exited', async () => {
    const row = await one(sql<{
      planned: number;
      exited: number;
      goalPeople: number;
      goalVillages: number;
      dueVillages: number;
      planDue: string;
    }>`
      select (select count(*) from member m join household h on h.id = m.household_id where h.planned_exit_year = 2016) as planned,
             (select count(*) from member m join household h on h.id = m.household_id where h.exit_year = 2016) as exited,
             (select goal from target where year = 2016 and level = 'COUNTY' and subject = 'PEOPLE_EXITED') as goal_people,
             (select goal from target where year = 2016 and level = 'COUNTY' and subject = 'VILLAGES_EXITED') as goal_villages,
             (select sum(goal) from target where year = 2016 and level = 'TOWNSHIP' and subject = 'VILLAGES_EXITED') as due_villages,
             (select due_date from target where year = 2016 and subject = 'VILLAGE_EXIT_PLANS') as plan_due`);
    expect(row.goalPeople).toBe(16_000);
    expect(row.goalVillages).toBe(17);
    expect(row.dueVillages).toBe(17);
    expect(row.planDue).toBe('2016-04-30');
    expect(row.planned).toBeGreaterThanOrEqual(16_000);
    expect(row.exited).toBeGreaterThan(0);
    expect(row.exited).toBeLessThan(row.planned);
    const townships = await one(
      sql<{ total: number }>`select sum(goal) as total from target where year = 2016 and level = 'TOWNSHIP' and subject = 'PEOPLE_EXITED'`,
    );
    expect(townships.total).toBe(16_000);
  });

  it('publishes rural per-capita net income of 5,391 yuan for 2015, 9.5 % up on 2014, and keeps the poverty lines', async () => {
    const rows = (
      await sql<{
        year: number;
        value: string;
      }>`select year, value from published_indicator where indicator = 'RURAL_NET_INCOME_PER_CAPITA' order by year`.execute(database.db)
    ).rows;
    expect(rows).toEqual([
      { year: 2014, value: '4923.00' },
      { year: 2015, value: '5391.00' },
    ]);
    expect(Math.round((5391 / 4923 - 1) * 1000) / 10).toBe(9.5);
    const lines = (await sql<{ year: number; amount: string }>`select year, amount from poverty_line order by year`.execute(database.db))
      .rows;
    expect(lines).toEqual([
      { year: 2014, amount: '2800.00' },
      { year: 2015, amount: '2855.00' },
      { year: 2016, amount: '2952.00' },
      { year: 2019, amount: '3218.00' },
    ]);
  });

  it('keeps exited villages below 3 % incidence at the end of their exit year (Guangxi rule)', async () => {
    const rows = (
      await sql<{ name: string; incidence: number }>`
      select v.name,
             (select count(*)::float from member m join household h on h.id = m.household_id
                      where h.village_id = v.id and h.identification_year <= v.exit_year and h.status <> 'REMOVED'
                        and not (h.exit_year is not null and h.exit_year <= v.exit_year and (h.return_year is null or h.return_year > v.exit_year))) / v.rural_population as incidence
      from village v where v.exit_year is not null`.execute(database.db)
    ).rows;
    expect(rows.length).toBe(37); // 25 by 2015 and 12 so far in 2016
    expect(rows.filter((r) => r.incidence >= 0.03)).toEqual([]);
  });

  it('gives every member a valid resident ID number of the county, unique, agreeing with sex and birth date', async () => {
    const members = await database.db.selectFrom('member').select(['residentId', 'sex', 'birthDate', 'relation', 'householdId']).execute();
    const ids = new Set<string>();
    const problems = members.filter((m) => {
      const result = checkResidentId(m.residentId!, { sex: m.sex, today: '2016-06-30' });
      ids.add(m.residentId!);
      return !result.ok || result.value.birthDate !== m.birthDate || !m.residentId!.startsWith('451027');
    });
    expect(problems).toEqual([]);
    expect(ids.size).toBe(members.length);
  });

  it('gives birth dates that fit relations: a head older than the children, parents older than the head', async () => {
    const row = await one(sql<{ badChildren: number; badParents: number; heads: number; households: number }>`
      select
        (select count(*) from member c join member h on h.household_id = c.household_id and h.relation = 'HEAD'
          where c.relation in ('SON', 'DAUGHTER') and c.birth_date < h.birth_date + interval '15 years') as bad_children,
        (select count(*) from member p join member h on h.household_id = p.household_id and h.relation = 'HEAD'
          where p.relation in ('FATHER', 'MOTHER') and p.birth_date > h.birth_date - interval '15 years') as bad_parents,
        (select count(*) from member where relation = 'HEAD') as heads,
        (select count(*) from household) as households`);
    expect(row).toEqual({ badChildren: 0, badParents: 0, heads: row.households, households: row.households });
  });

  it('records incomes that agree with status and the poverty line (in 2016, the year of the day of record, households of its batch may be above it, awaiting their exit)', async () => {
    const row = await one(sql<{ exitedBelow: number; poorAbove: number; awaiting: number; incomes: number }>`
      with pc as (
        select i.year, h.planned_exit_year, i.net_income / (select count(*) from member m where m.household_id = h.id) as per_capita, l.amount as line,
          not (h.identification_year <= i.year and h.status <> 'REMOVED'
               and not (h.exit_year is not null and h.exit_year <= i.year and (h.return_year is null or h.return_year > i.year))) as out_of_poverty
        from household_income i join household h on h.id = i.household_id join poverty_line l on l.year = i.year)
      select count(*) filter (where out_of_poverty and per_capita <= line) as exited_below,
             count(*) filter (where not out_of_poverty and per_capita > line and not (year = 2016 and planned_exit_year = 2016)) as poor_above,
             count(*) filter (where not out_of_poverty and per_capita > line and year = 2016 and planned_exit_year = 2016) as awaiting, count(*) as incomes from pc`);
    expect(row.incomes).toBeGreaterThan(30_000);
    expect(row.exitedBelow).toBe(0);
    expect(row.poorAbove).toBe(0);
    expect(row.awaiting).toBeGreaterThan(0);
    expect(row.awaiting).toBeLessThan(200);
  });

  it('has projects in all ten action categories, funds from every level, and disbursed ≤ allocated ≤ source', async () => {
    const row = await one(sql<{ categories: number; levels: number; overAllocated: number; overDisbursed: number; disbursed: number }>`
      select (select count(distinct action_category) from project) as categories,
             (select count(distinct level) from fund_source) as levels,
             (select count(*) from fund_source s where s.amount < (select coalesce(sum(amount), 0) from fund_allocation a where a.fund_source_id = s.id)) as over_allocated,
             (select count(*) from fund_allocation a where a.amount < (select coalesce(sum(amount), 0) from disbursement d where d.fund_allocation_id = a.id)) as over_disbursed,
             (select count(distinct payee_type) from disbursement) as disbursed`);
    expect(row).toEqual({ categories: 10, levels: 8, overAllocated: 0, overDisbursed: 0, disbursed: 4 });
  });

  it('pairs every poor, returned or exiting household with a responsible cadre, and logs visits', async () => {
    const row = await one(sql<{ unpaired: number; visits: number; units: number; leadsMissing: number; secretariesMissing: number }>`
      select (select count(*) from household h where (h.status in ('POOR', 'RETURNED') or h.exit_year = 2016)
                and not exists (select 1 from cadre_household_pairing p where p.household_id = h.id)) as unpaired,
             (select count(*) from visit_log) as visits,
             (select count(distinct kind) from helper_unit) as units,
             (select count(*) from village v where v.is_poor_village and not exists (select 1 from unit_village_pairing p where p.village_id = v.id and p.is_lead)) as leads_missing,
             (select count(*) from village v where v.is_poor_village and not exists (select 1 from work_team_assignment w where w.village_id = v.id and w.role = 'FIRST_SECRETARY')) as secretaries_missing`);
    expect(row).toMatchObject({ unpaired: 0, units: 6, leadsMissing: 0, secretariesMissing: 0 });
    expect(row.visits).toBeGreaterThan(10_000);
  });

  it('creates the four demo accounts with the demo password, the clerk scoped to one township and the partner to one unit', async () => {
    const users = await database.db
      .selectFrom('appUser')
      .leftJoin('userScope', 'userScope.userId', 'appUser.id')
      .select(['username', 'role', 'passwordHash', 'helperUnitId', 'userScope.townshipId'])
      .orderBy('username')
      .execute();
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'ADMIN'],
      ['analyst', 'ANALYST'],
      ['clerk', 'CLERK'],
      ['partner', 'PARTNER'],
    ]);
    expect(users.find((u) => u.username === 'clerk')!.townshipId).toEqual(expect.any(Number));
    expect(users.find((u) => u.username === 'partner')!.helperUnitId).toEqual(expect.any(Number));
    expect(await verifyPassword(inject('demoPassword'), users[0]!.passwordHash!)).toBe(true);
  });

  it('is the same county every time: generation is deterministic from its seed, and another seed differs', () => {
    const hash = (seed?: number) =>
      createHash('sha256')
        .update(JSON.stringify(generateDemo({ households: 1500, ...(seed ? { seed } : {}) })))
        .digest('hex');
    expect(hash()).toBe(hash());
    expect(hash(7)).not.toBe(hash());
  });

  it('scales down to a small county: every size the CLI accepts is generated (400 households once never returned)', () => {
    for (const households of [100, 400, 550]) {
      const data = generateDemo({ households });
      expect(data.household.length).toBeGreaterThan(0);
      expect(data.village.every((v) => v.ruralPopulation! > 0)).toBe(true);
    }
  });
});
