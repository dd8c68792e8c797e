import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { countyToday } from '../graph/validation';

export interface DayOfRecord {
  /** the day the county's records are as of */
  asOf: string;
  /** true when the county set it (a report loaded at a date); false: today, records kept day by day */
  configured: boolean;
  /** the first year of the records (registration), null for an empty county */
  firstYear: number | null;
  /** the latest year with figures (targets, incomes, registrations, exits), never after the day of record */
  latestYear: number | null;
}

/** The county's day of record alone: the day it set, or today (the county's today, Asia/Shanghai). */
export async function countyAsOf(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('county')
    .select(sql<string | null>`as_of::text`.as('asOf'))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.asOf ?? countyToday();
}

/**
 * The county's day of record and the years its records cover, in one statement (each bound reads an index).
 * What a reader needs before asking for a year's figures: a real county's dashboard is right on its first day.
 */
export async function dayOfRecord(db: Kysely<Database>): Promise<DayOfRecord> {
  const { rows } = await sql<{ asOf: string | null; firstYear: number | null; latestYear: number | null }>`
    select (select as_of from county order by id limit 1)::text as as_of,
      (select min(identification_year) from household) as first_year,
      greatest((select max(year) from target), (select max(year) from household_income),
               (select max(identification_year) from household), (select max(exit_year) from household)) as latest_year`.execute(db);
  const row = rows[0]!;
  const asOf = row.asOf ?? countyToday();
  const year = Number(asOf.slice(0, 4));
  const latest = row.latestYear === null ? null : Math.min(Number(row.latestYear), year);
  return {
    asOf,
    configured: row.asOf !== null,
    firstYear: row.firstYear === null ? null : Math.min(Number(row.firstYear), latest ?? year),
    latestYear: latest,
  };
}
