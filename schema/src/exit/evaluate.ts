/**
 * Exit checks evaluated in SQL, set-based: ONE statement per criteria set gives every subject's result on
 * every criterion (pass, fail, unknown, or checked by hand), with the value compared and the threshold.
 * The criteria are rows; the measures are the fixed SQL below, chosen by the criterion's code; nothing a
 * user types becomes SQL.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database';
import { poorAtEndOf } from '../analytics/overview';
import { perCapitaNetIncome } from '../households/income';
import type { ExitLevel, ExitMeasure, ExitOperator, ExitOutcome, ExitThresholdSource } from './codes';

/** Household measures over `hh` (the household with its members' and the year's income figures). */
const HOUSEHOLD_MEASURES: Partial<Record<ExitMeasure, RawBuilder<unknown>>> = {
  H_NET_INCOME_PER_CAPITA: perCapitaNetIncome(sql`hh.net_income`, sql`hh.members`),
  // no income row for the year and no dibao status: nothing to decide on
  H_INCOME_OR_DIBAO: sql`case when hh.attribute in ('DIBAO', 'DIBAO_TEKUN') or hh.transfer_dibao > 0 or hh.net_income > 0 then 1
    when hh.net_income is null then null else 0 end`,
  H_HOUSING_SAFE: sql`(hh.housing_danger_level = 'NONE')::int`,
  H_MEDICAL_INSURED_SHARE: sql`round(100.0 * hh.insured / nullif(hh.members, 0), 1)`,
  H_SCHOOL_DROPOUTS: sql`hh.dropouts`,
  H_HAS_ROAD: sql`hh.has_road::int`,
  H_HAS_SAFE_WATER: sql`hh.has_safe_water::int`,
  H_HAS_POWER: sql`hh.has_power::int`,
  H_HAS_TV: sql`hh.has_tv::int`,
};

const share = (part: string, whole: string) => sql`round(100.0 * ${sql.ref(part)} / nullif(${sql.ref(whole)}, 0), 1)`;

/** Village measures over `vv` (the village with its registered households' and people's figures for the year). */
const VILLAGE_MEASURES: Partial<Record<ExitMeasure, RawBuilder<unknown>>> = {
  V_POVERTY_INCIDENCE: share('vv.poor_people', 'vv.rural_population'),
  V_INDUSTRY_PROJECTS: sql`vv.industry_projects`,
  V_SAFE_HOUSING_SHARE: share('vv.safe_housing', 'vv.households'),
  V_MEDICAL_INSURED_SHARE: share('vv.insured', 'vv.members'),
  V_SCHOOL_DROPOUTS: sql`vv.dropouts`,
  V_ROAD_SHARE: share('vv.road', 'vv.households'),
  V_SAFE_WATER_SHARE: share('vv.water', 'vv.households'),
  V_POWER_SHARE: share('vv.power', 'vv.households'),
  V_TV_SHARE: share('vv.tv', 'vv.households'),
};

function measureCase(measures: Partial<Record<ExitMeasure, RawBuilder<unknown>>>): RawBuilder<unknown> {
  return sql`case c.measure ${sql.join(
    Object.entries(measures).map(([code, expression]) => sql`when ${code} then (${expression})::numeric`),
    sql` `,
  )} end`;
}

/**
 * The subjects' figures for the year, one row each: the only place these tables are read. `subjects` is a
 * condition on the subject's table under its own name (`household`, `village`): the list's scope and filter
 * apply to the rows read, with no second pass over the table. Member counts come from household_size, which
 * the database keeps by trigger: no member is read per request.
 */
function householdFacts(year: number, subjects: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select household.id, household.attribute, household.housing_danger_level, household.has_road, household.has_safe_water,
      household.has_power, household.has_tv, coalesce(s.members, 0) as members, coalesce(s.insured, 0) as insured,
      coalesce(s.dropouts, 0) as dropouts, i.net_income, i.transfer_dibao
    from household
    left join household_size s on s.household_id = household.id
    left join household_income i on i.household_id = household.id and i.year = ${year}
    where ${subjects}`;
}

function villageFacts(year: number, subjects: RawBuilder<unknown>): RawBuilder<unknown> {
  const villages = sql`select village.id from village where ${subjects}`;
  // registered households: identified by the year's end and not removed; their members as household_size counts them
  return sql`select village.id, village.rural_population, coalesce(hs.households, 0) as households, coalesce(hs.safe_housing, 0) as safe_housing,
      coalesce(hs.road, 0) as road, coalesce(hs.water, 0) as water, coalesce(hs.power, 0) as power, coalesce(hs.tv, 0) as tv,
      coalesce(hs.members, 0) as members, coalesce(hs.insured, 0) as insured, coalesce(hs.dropouts, 0) as dropouts,
      coalesce(hs.poor_people, 0) as poor_people, coalesce(ps.industry_projects, 0) as industry_projects
    from village
    left join (select h.village_id, count(*) as households, count(*) filter (where h.housing_danger_level = 'NONE') as safe_housing,
                 count(*) filter (where h.has_road) as road, count(*) filter (where h.has_safe_water) as water,
                 count(*) filter (where h.has_power) as power, count(*) filter (where h.has_tv) as tv,
                 sum(s.members) as members, sum(s.insured) as insured, sum(s.dropouts) as dropouts,
                 sum(s.members) filter (where ${poorAtEndOf(year)}) as poor_people
               from household h join household_size s on s.household_id = h.id
               where h.village_id in (${villages}) and h.status <> 'REMOVED' and h.identification_year <= ${year}
               group by h.village_id) hs on hs.village_id = village.id
    left join (select s.village_id, count(distinct p.id) as industry_projects from project_site s join project p on p.id = s.project_id
               where s.village_id in (${villages}) and p.action_category = 'INDUSTRY' and p.year <= ${year} and p.status in ('COMPLETED', 'ACCEPTED')
               group by s.village_id) ps on ps.village_id = village.id
    where ${subjects}`;
}

const LEVELS = {
  HOUSEHOLD: { facts: householdFacts, table: 'household', alias: 'hh', measures: HOUSEHOLD_MEASURES },
  VILLAGE: { facts: villageFacts, table: 'village', alias: 'vv', measures: VILLAGE_MEASURES },
} as const;

/**
 * Every subject's result on every criterion of `setId`, as a query (for use inside another statement):
 * columns subject_id, criterion_id, value, threshold, outcome. `subjects`: a condition on the level's table.
 */
export function criterionResults(level: ExitLevel, setId: number, year: number, subjects: RawBuilder<unknown>): RawBuilder<unknown> {
  const { facts, alias, measures } = LEVELS[level];
  return sql`select r.subject_id, r.criterion_id, r.position, r.value, r.threshold,
      case when r.measure is null then 'MANUAL' when r.value is null or r.threshold is null then 'UNKNOWN'
           when case r.operator when 'GT' then r.value > r.threshold when 'GTE' then r.value >= r.threshold
                                when 'LT' then r.value < r.threshold when 'LTE' then r.value <= r.threshold
                                when 'EQ' then r.value = r.threshold when 'NE' then r.value <> r.threshold end then 'PASS'
           else 'FAIL' end as outcome
    from (select ${sql.ref(`${alias}.id`)} as subject_id, c.id as criterion_id, c.position, c.measure, c.operator,
            ${measureCase(measures)} as value,
            case c.threshold_source when 'POVERTY_LINE' then (select amount from poverty_line where year = ${year}) else c.threshold end as threshold
          from (${facts(year, subjects)}) ${sql.raw(alias)} cross join exit_criterion c
          where c.criteria_set_id = ${setId}) r`;
}

/** A criterion's rule as its set holds it: what `subjectsWhere` compiles into a condition. */
export interface CriterionRule {
  measure: ExitMeasure | null;
  operator: ExitOperator | null;
  threshold: string | null;
  thresholdSource: ExitThresholdSource;
}

const OPERATORS: Record<ExitOperator, string> = { GT: '>', GTE: '>=', LT: '<', LTE: '<=', EQ: '=', NE: '<>' };

/**
 * The subjects among `subjects` whose every criterion with a rule is met (true) or that fail or cannot be
 * decided on one (false): criteria checked by hand count for neither; a set without criteria lists no one.
 * The same decision as `criterionResults`' outcomes (PASS: value and threshold known and the comparison
 * holds), compiled into one condition a criterion, so the subjects are filtered, not crossed with the set.
 * The measures and operators are the fixed SQL above chosen by code; thresholds are parameters.
 */
export function subjectsWhere(
  level: ExitLevel,
  rules: readonly CriterionRule[],
  year: number,
  subjects: RawBuilder<unknown>,
  met: boolean,
): RawBuilder<unknown> {
  const { facts, alias, measures } = LEVELS[level];
  const passes = rules.flatMap(({ measure, operator, threshold, thresholdSource }) => {
    if (!measure || !operator) return [];
    const limit =
      thresholdSource === 'POVERTY_LINE' ? sql`(select amount from poverty_line where year = ${year})` : sql`${threshold}::numeric`;
    return [sql`coalesce((${measures[measure] ?? sql`null`})::numeric ${sql.raw(OPERATORS[operator])} ${limit}, false)`];
  });
  const all = passes.length ? sql.join(passes, sql` and `) : sql`true`;
  const condition = !rules.length ? sql`false` : met ? all : sql`not (${all})`;
  return sql`select ${sql.ref(`${alias}.id`)} from (${facts(year, subjects)}) ${sql.raw(alias)} where ${condition}`;
}

export interface CriterionResult {
  subjectId: number;
  criterionId: number;
  value: string | null;
  threshold: string | null;
  outcome: ExitOutcome;
}

/** The results of the given subjects (a page of them), one statement. */
export async function resultsFor(
  db: Kysely<Database>,
  level: ExitLevel,
  setId: number,
  year: number,
  ids: readonly number[],
): Promise<Map<number, CriterionResult[]>> {
  const subjects = sql`${sql.ref(`${LEVELS[level].table}.id`)} = any(${sql.val([...ids])}::int[])`;
  const { rows } = await sql<
    CriterionResult & { position: number }
  >`${criterionResults(level, setId, year, subjects)} order by 1, 3, 2`.execute(db);
  const map = new Map<number, CriterionResult[]>(ids.map((id) => [id, []]));
  for (const row of rows)
    map
      .get(row.subjectId)
      ?.push({ subjectId: row.subjectId, criterionId: row.criterionId, value: row.value, threshold: row.threshold, outcome: row.outcome });
  return map;
}

/**
 * The criteria set in force for a level and year in this county: active, covering the year, whose region is
 * a prefix of the county's code; the most specific region, then the latest start, wins.
 */
export async function criteriaSetFor(db: Kysely<Database>, level: ExitLevel, year: number): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`select s.id from exit_criteria_set s
    where s.level = ${level} and s.active and s.from_year <= ${year} and (s.to_year is null or s.to_year >= ${year})
      and exists (select 1 from county c where c.code like rtrim(s.region_code, '0') || '%')
    order by length(rtrim(s.region_code, '0')) desc, s.from_year desc, s.id limit 1`.execute(db);
  return rows[0]?.id ?? null;
}
