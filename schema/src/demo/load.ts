import { sql, type Kysely } from 'kysely';
import { byName, type Database } from '../db/database';
import { DEMO, type DemoData } from './generate';

/** Foreign-key order. */
const ORDER: (keyof DemoData)[] = [
  'county',
  'township',
  'village',
  'villageGroup',
  'household',
  'member',
  'householdIncome',
  'povertyLine',
  'target',
  'publishedIndicator',
  'project',
  'projectSite',
  'projectBeneficiary',
  'fundSource',
  'fundAllocation',
  'disbursement',
  'helperUnit',
  'cadre',
  'unitVillagePairing',
  'workTeamAssignment',
  'cadreHouseholdPairing',
  'assistanceMeasure',
  'visitLog',
];

/** PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMETERS = 60_000;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** When the demo's records were entered: the evening of its day of record, in the county (UTC+8). */
export const DEMO_RECORDED_AT = `${DEMO.asOf}T18:00:00+08:00`;

/**
 * Inserts the generated rows with their ids in large multi-row statements, inside the caller's transaction,
 * then moves every identity sequence past the ids used, so that later inserts get fresh ones. Every row is
 * stamped as entered on the day of record, not on the day the demo happens to be loaded.
 */
export async function loadDemo(tx: Kysely<Database>, data: DemoData, onProgress?: (message: string) => void): Promise<void> {
  for (const table of ORDER) {
    const rows = (data[table] as Record<string, unknown>[]).map((row) => ({
      ...row,
      createdAt: DEMO_RECORDED_AT,
      updatedAt: DEMO_RECORDED_AT,
    }));
    if (!rows.length) continue;
    const columns = Object.keys(rows[0]!).length;
    const batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
    for (let i = 0; i < rows.length; i += batch) {
      // every table's rows, typed where they are made (generate.ts): written by column name
      await byName(tx)
        .insertInto(table)
        .values(rows.slice(i, i + batch))
        .execute();
    }
    await sql`select setval(pg_get_serial_sequence(${snake(table)}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(tx);
    onProgress?.(`${table}: ${rows.length}`);
  }
}
