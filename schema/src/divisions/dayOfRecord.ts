import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/database';
import type { Viewer } from '../access/viewer';
import { countyToday } from '../graph/validation';

export interface DayOfRecord {
  /** the day the county's records are as of; with several counties in view, the latest of their days */
  asOf: string;
  /** true when every county in view set its day (a report loaded at a date); false: today, records kept day by day */
  configured: boolean;
  /** the first year of the records (registration), null for an empty county */
  firstYear: number | null;
  /** the latest year with figures (targets, incomes, registrations, exits), never after the day of record */
  latestYear: number | null;
}

/** One county's own day of record (issue 16: counties load their reports at different dates). */
export interface CountyDay {
  countyId: number;
  asOf: string;
  configured: boolean;
}

/**
 * Which counties' day is asked: those named, and those holding the townships or villages named (a clerk's,
 * a township's figures). Nothing named: every county (the hub's administrator, the province's analyst).
 */
export interface DayScope {
  countyIds?: readonly number[];
  townshipIds?: readonly number[];
  villageIds?: readonly number[];
}

/** The counties a viewer reads: her counties, a clerk's townships' and villages', or (none named) every county. */
export function viewerDays(viewer: Pick<Viewer, 'countyIds' | 'townshipIds' | 'villageIds'>): DayScope {
  return { countyIds: viewer.countyIds, townshipIds: viewer.townshipIds, villageIds: viewer.villageIds };
}

function countiesIn(scope: DayScope): RawBuilder<SqlBool> {
  const counties = scope.countyIds ?? [];
  const townships = scope.townshipIds ?? [];
  const villages = scope.villageIds ?? [];
  if (!counties.length && !townships.length && !villages.length) return sql<SqlBool>`true`;
  return sql<SqlBool>`(county.id = any(${[...counties]}::int[]) or county.id in (select county_id from township
    where township.id = any(${[...townships]}::int[]) or township.id in (select township_id from village where village.id = any(${[...villages]}::int[]))))`;
}

const daysOf = (rows: { countyId: number; asOf: string | null }[]): CountyDay[] =>
  rows.map((row) => ({ countyId: Number(row.countyId), asOf: row.asOf ?? countyToday(), configured: row.asOf !== null }));

/** The day each county in scope is as of, by county id. */
export async function countyDays(db: Kysely<Database>, scope: DayScope = {}): Promise<CountyDay[]> {
  const rows = await db
    .selectFrom('county')
    .select(['county.id as countyId', sql<string | null>`as_of::text`.as('asOf')])
    .where(countiesIn(scope))
    .orderBy('county.id')
    .execute();
  return daysOf(rows);
}

/**
 * The scope's day: the latest of its counties' days (a county without a day is as of today, Asia/Shanghai; so
 * is a scope without a county), configured when every county set its day.
 */
export function latestDay(days: CountyDay[]): { asOf: string; configured: boolean } {
  if (!days.length) return { asOf: countyToday(), configured: false };
  return {
    asOf: days.reduce((latest, day) => (day.asOf > latest ? day.asOf : latest), days[0]!.asOf),
    configured: days.every((d) => d.configured),
  };
}

/**
 * The day of record of the counties in scope and the years the records cover, in one statement (each bound
 * reads an index; the years are the hub's, capped by the scope's day). What a reader needs before asking for
 * a year's figures: a real county's dashboard is right on its first day.
 */
export async function dayOfRecord(db: Kysely<Database>, scope: DayScope = {}): Promise<DayOfRecord> {
  const { rows } = await sql<{
    counties: { countyId: number; asOf: string | null }[];
    firstYear: number | null;
    latestYear: number | null;
  }>`
    select (select coalesce(json_agg(json_build_object('county_id', id, 'as_of', as_of::text) order by id), '[]')
        from county where ${countiesIn(scope)}) as counties,
      (select min(identification_year) from household) as first_year,
      greatest((select max(year) from target), (select max(year) from household_income),
               (select max(identification_year) from household), (select max(exit_year) from household)) as latest_year`.execute(db);
  const row = rows[0]!;
  const { asOf, configured } = latestDay(daysOf(row.counties));
  const year = Number(asOf.slice(0, 4));
  const latest = row.latestYear === null ? null : Math.min(Number(row.latestYear), year);
  return {
    asOf,
    configured,
    firstYear: row.firstYear === null ? null : Math.min(Number(row.firstYear), latest ?? year),
    latestYear: latest,
  };
}
