import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database';

/**
 * Which part of the hub a figure covers: counties (null: every county, the province's or prefecture's
 * figure), a township or a village.
 */
export type DivisionScope =
  { level: 'COUNTY'; ids: number[] | null } | { level: 'TOWNSHIP'; id: number } | { level: 'VILLAGE'; id: number };

function villagesIn(scope: DivisionScope): RawBuilder<unknown> {
  if (scope.level === 'TOWNSHIP') return sql`select id from village where township_id = ${scope.id}`;
  if (scope.level === 'VILLAGE') return sql`select ${scope.id}::int`;
  if (scope.ids === null) return sql`select id from village`;
  const counties = sql.join(scope.ids.map((id) => sql`${id}::int`));
  return sql`select v.id from village v join township t on t.id = v.township_id where t.county_id in (${counties})`;
}

/**
 * Registered poor at the end of `year`: identified by then, not removed, and not out of poverty then
 * (exited by that year and not returned since). The numerator of the incidence.
 */
export function poorAtEndOf(year: number, h = 'h'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${h}.identification_year`)} <= ${year} and ${sql.ref(`${h}.status`)} <> 'REMOVED'
    and not (${sql.ref(`${h}.exit_year`)} is not null and ${sql.ref(`${h}.exit_year`)} <= ${year}
             and (${sql.ref(`${h}.return_year`)} is null or ${sql.ref(`${h}.return_year`)} > ${year})))`;
}

export interface PovertyOverview {
  year: number;
  ruralPopulation: number;
  poorPeople: number;
  poorHouseholds: number;
  /** percent, one decimal, rounded half up as published */
  incidence: number | null;
  exitedPeople: number;
  exitedHouseholds: number;
  villagesExited: number;
  villagesPlanned: number;
}

/** Counties' (or a township's, or a village's) figures for a year, computed from the rows in one statement. */
export async function povertyOverview(db: Kysely<Database>, year: number, scope: DivisionScope): Promise<PovertyOverview> {
  const villages = villagesIn(scope);
  // Households and people from the tally the database keeps (household_tally): a few rows a village, not a
  // pass over the households; the same figures, since the tally is the sum of household_size's rows.
  const { rows } = await sql<Omit<PovertyOverview, 'year' | 'incidence'>>`
    select
      (select coalesce(sum(rural_population), 0) from village where id in (${villages})) as rural_population,
      coalesce(sum(t.people) filter (where ${poorAtEndOf(year, 't')}), 0) as poor_people,
      coalesce(sum(t.people) filter (where t.exit_year = ${year}), 0) as exited_people,
      coalesce(sum(t.households) filter (where ${poorAtEndOf(year, 't')}), 0) as poor_households,
      coalesce(sum(t.households) filter (where t.exit_year = ${year}), 0) as exited_households,
      (select count(*) from village where id in (${villages}) and is_poor_village and exit_year <= ${year}) as villages_exited,
      (select count(*) from village where id in (${villages}) and is_poor_village and planned_exit_year = ${year}) as villages_planned
    from household_tally t
    where t.village_id in (${villages})`.execute(db);
  const row = rows[0]!;
  const figures = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Omit<PovertyOverview, 'year' | 'incidence'>;
  return {
    year,
    ...figures,
    incidence: figures.ruralPopulation > 0 ? Math.round((figures.poorPeople * 1000) / figures.ruralPopulation) / 10 : null,
  };
}

export interface TargetProgressRow {
  targetId: number;
  countyId: number;
  year: number;
  level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
  townshipId: number | null;
  villageId: number | null;
  subject: string;
  goal: number;
  progress: number;
  dueDate: string;
  description: string;
}

/**
 * Every target of a year with its progress, computed from the rows in one statement: people and households
 * that exited in the year, poor villages that exited in it, and (exit plans) poor villages planned for the
 * two years after it. A county's target counts its own county's villages (issue 16); `countyIds`: only the
 * targets of those counties.
 */
export async function targetProgress(db: Kysely<Database>, year: number, countyIds: number[] | null = null): Promise<TargetProgressRow[]> {
  const counties = countyIds === null ? sql`true` : sql`county_id = any(${countyIds}::int[])`;
  const { rows } = await sql<TargetProgressRow>`
    with t as (
      select * from target where year = ${year} and ${counties}
    ), v as (
      select t.id as target_id, village.id as village_id from t join village on
        (t.level = 'COUNTY' and village.township_id in (select tw.id from township tw where tw.county_id = t.county_id))
        or (t.level = 'TOWNSHIP' and village.township_id = t.township_id) or (t.level = 'VILLAGE' and village.id = t.village_id)
    )
    select t.id as target_id, t.county_id, t.year, t.level, t.township_id, t.village_id, t.subject, t.goal, t.due_date, t.description,
      case t.subject
        when 'PEOPLE_EXITED' then (select count(*) from member m join household h on h.id = m.household_id
                                   where h.exit_year = t.year and h.village_id in (select village_id from v where v.target_id = t.id))
        when 'HOUSEHOLDS_EXITED' then (select count(*) from household h where h.exit_year = t.year and h.village_id in (select village_id from v where v.target_id = t.id))
        when 'VILLAGES_EXITED' then (select count(*) from village where is_poor_village and exit_year = t.year and id in (select village_id from v where v.target_id = t.id))
        when 'VILLAGE_EXIT_PLANS' then (select count(*) from village where is_poor_village and planned_exit_year between t.year + 1 and t.year + 2
                                        and id in (select village_id from v where v.target_id = t.id))
      end as progress
    from t order by t.county_id, t.level, t.township_id nulls first, t.village_id nulls first, t.subject`.execute(db);
  return rows.map((r) => ({ ...r, goal: Number(r.goal), progress: Number(r.progress) }));
}
