import { sql, type RawBuilder, type SqlBool } from 'kysely';

/*
 * Where twinning records sit in the division tree (for the townshipId/villageId shortcuts and a clerk's
 * scope), and what a partner unit reaches: its own cadres, their pairings, and what hangs off those.
 */

/** Cadres paired with a household of those villages, or stationed in one of them. */
export const cadresIn = (villages: RawBuilder<unknown>) => sql`
  select p.cadre_id from cadre_household_pairing p where p.village_id in (${villages})
  union
  select w.cadre_id from work_team_assignment w where w.village_id in (${villages})`;

/**
 * The cadres of a partner unit, and the cadre–household pairings they hold: `cadre_id = any(array(…))` reads
 * the unit's pairings by the index on cadre_id, where `in` or a join to cadre walked every pairing (a sync
 * page of 100 pairings: 0.4 instead of 1.6 ms of the database's CPU; docs/benchmarks.md).
 */
export const unitCadres = (unit: number) => sql`select c.id from cadre c where c.helper_unit_id = ${unit}`;
export const ofUnitCadres = (column: string, unit: number) => sql<SqlBool>`${sql.ref(column)} = any(array(${unitCadres(unit)}))`;
export const unitPairings = (unit: number) => sql`select p.id from cadre_household_pairing p where ${ofUnitCadres('p.cadre_id', unit)}`;

/** A partner writes the visit logs and measures of its own pairings (security.md); clerks and administrators all in scope. */
export const WITH_PARTNERS = ['ADMIN', 'CLERK', 'PARTNER'] as const;
