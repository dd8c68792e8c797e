import { sql } from 'kysely';
import type { Stager, Tx } from '../import/session';
import { DEMO_TABLES } from './data';
import { DEMO, type DemoData } from './generate';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** When the demo's records were entered: the evening of its day of record, in the county (UTC+8). */
export const DEMO_RECORDED_AT = `${DEMO.asOf}T18:00:00+08:00`;

/** A generated value as COPY's text takes it (the demo's rows hold strings, numbers, booleans and arrays of codes). */
function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return String(value);
}

/**
 * Streams one county's generated rows, with their ids, into the caller's transaction (COPY on PostgreSQL,
 * batched inserts on PGlite), table by table, so that its rows can be dropped before the next county is
 * generated. Every row is stamped as entered on the day of record, not on the day the demo happens to be loaded.
 */
export async function loadDemo(
  stage: (table: string, columns: string[]) => Promise<Stager>,
  data: DemoData,
  onProgress?: (message: string) => void,
): Promise<void> {
  for (const table of DEMO_TABLES) {
    const rows = data[table] as Record<string, unknown>[];
    if (!rows.length) continue;
    const keys = Object.keys(rows[0]!);
    const stager = await stage(snake(table), [...keys.map(snake), 'created_at', 'updated_at']);
    for (const row of rows) await stager.push([...keys.map((key) => cell(row[key])), DEMO_RECORDED_AT, DEMO_RECORDED_AT]);
    await stager.end();
    onProgress?.(`${table}: ${rows.length}`);
  }
}

/** Moves every identity sequence past the ids used, so that later inserts get fresh ones. */
export async function moveSequences(tx: Tx): Promise<void> {
  for (const table of DEMO_TABLES)
    await sql`select setval(pg_get_serial_sequence(${snake(table)}, 'id'), (select max(id) from ${sql.table(snake(table))}))`.execute(tx);
}
