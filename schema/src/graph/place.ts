import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ComputedField, DivisionPath, ResourceConfig, StatsJoin } from './recordShape';
import { byHouseholdColumn, byVillageColumn } from './resource';

/**
 * Where a record lies among divisions, said once: the filter shortcuts and a clerk's scope (`division`), the
 * village grouped figures reach (`villageOf`) and, for a record that hangs off a household, the column
 * grouping joins through (`householdColumn`). A record type spreads one of these into its config.
 */
export type Place = Pick<ResourceConfig, 'division' | 'villageOf' | 'householdColumn' | 'countyOf'>;

/** A record with a village column of its own (`villageId`). */
export function inVillage(table: string): Place {
  return { villageOf: (t) => sql`${sql.ref(`${t}.villageId`)}`, division: byVillageColumn(table, 'villageId') };
}

/**
 * A county-level record with a county column of its own (`countyId`: published figures, targets, projects,
 * fund sources; issue 16): a county administrator's and analyst's scope and the `countyId` shortcut. `within`
 * adds the township and village shortcuts of a record that also lies in divisions (a target, a project's sites).
 */
export function ofCounty(table: string, within: Omit<DivisionPath, 'county'> = {}): Place {
  return {
    countyOf: (t) => sql`${sql.ref(`${t}.countyId`)}`,
    division: { ...within, county: (_eb, id) => sql<SqlBool>`${sql.ref(`${table}.countyId`)} = ${id}` },
  };
}

/**
 * A record that hangs off a household (`householdId`): grouped through it. Scoped by the household's village
 * that the database copies onto the record (2026-12-06-23), or, for a table without that copy, through the household.
 */
export function ofHousehold(table: string, { carriesVillage = true } = {}): Place {
  return {
    householdColumn: 'householdId',
    villageOf: (t) => sql`(select h.village_id from household h where h.id = ${sql.ref(`${t}.householdId`)})`,
    division: carriesVillage ? byVillageColumn(table, 'villageId') : byHouseholdColumn(table, 'householdId'),
  };
}

/**
 * A join for grouped figures: the row of `source`, as `alias`, that `column` points at, on the record
 * itself or on an earlier join (`from`, its alias).
 */
export function joinTo(alias: string, source: string, column: string, from?: string): StatsJoin {
  return { alias, source, on: (t) => sql`${sql.ref(`${alias}.id`)} = ${sql.ref(`${from ?? t}.${column}`)}` };
}

/** The derived field that names a record's county (recordType.ts adds it to every type placed in a village). */
export const COUNTY_NAME = 'countyName';

/**
 * A record's county by name, from the village it lies in (`villageOf`): village names repeat across counties
 * (issue 16), so a list of several counties' records says whose each is. Read only when asked for.
 */
export function countyNameOf(villageOf: (table: string) => RawBuilder<unknown>): ComputedField {
  return {
    type: 'String',
    label: { zh: '县', en: 'County' },
    nullable: true,
    sql: (t) => sql`(select c.name from village v join township tw on tw.id = v.township_id join county c on c.id = tw.county_id
      where v.id = ${villageOf(t)})`,
  };
}

/** The same for a record with a county column of its own (`ofCounty`). */
export function countyNameOfColumn(countyOf: (table: string) => RawBuilder<unknown>): ComputedField {
  return { ...countyNameOf(countyOf), sql: (t) => sql`(select c.name from county c where c.id = ${countyOf(t)})` };
}
