import { sql } from 'kysely';

/** The households a partner unit reaches: those its cadres are paired with (结对帮扶). */
export const pairedHouseholds = (helperUnitId: number) =>
  sql`select p.household_id from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = ${helperUnitId}`;
