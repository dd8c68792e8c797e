import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { COUNTY_KEY_GAPS, NATIONAL_KEYS, TABLE_PLACEMENT, type Placement } from '../schema/src/db/placement';
import { freshDatabase, type TestDatabase } from './support/database';

/**
 * The rules the plan past one primary depends on (docs/scaling.md, "What the schema must keep"): Citus shards
 * the county's records by county and replicates the reference tables, which works only while every table is
 * placed, every county table can be given its county key, the foreign keys run in directions Citus supports
 * and every unique key of a county table has a known fate.
 */

interface ForeignKey {
  name: string;
  from: string;
  to: string;
  /** every column of the key is NOT NULL: the row always has a parent */
  required: boolean;
}

let database: TestDatabase;
let tables: string[];
let foreignKeys: ForeignKey[];

beforeAll(async () => {
  database = await freshDatabase();
  tables = (
    await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(database.db)
  ).rows.map((r) => r.name);
  foreignKeys = (
    await sql<ForeignKey>`
      select c.conname as name, c.conrelid::regclass::text as from, c.confrelid::regclass::text as to,
             bool_and(a.attnotnull) as required
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      group by c.oid, c.conname, c.conrelid, c.confrelid order by 1`.execute(database.db)
  ).rows;
});

const placementOf = (table: string): Placement | undefined => TABLE_PLACEMENT[table]?.placement;

/** The tables `table` reaches by required foreign keys, itself included. */
function reachable(table: string): Set<string> {
  const seen = new Set([table]);
  const queue = [table];
  while (queue.length) {
    const next = queue.shift()!;
    for (const key of foreignKeys) {
      if (key.from === next && key.required && !seen.has(key.to)) {
        seen.add(key.to);
        queue.push(key.to);
      }
    }
  }
  return seen;
}

describe('the placement of every table (schema/src/db/placement.ts)', () => {
  it('places every table of the database once, and names no table that does not exist', () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(tables.filter((t) => !placementOf(t))).toEqual([]);
    expect(Object.keys(TABLE_PLACEMENT).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('gives every county table a chain of required foreign keys to county, except the gaps it names (and a gap closed is no gap)', () => {
    const county = Object.entries(TABLE_PLACEMENT).filter(([, p]) => p.placement === 'county');
    expect(county.length).toBeGreaterThan(10);
    const unreached = county.filter(([table]) => !COUNTY_KEY_GAPS[table] && !reachable(table).has('county')).map(([t]) => t);
    expect(unreached).toEqual([]);
    const closedGaps = Object.keys(COUNTY_KEY_GAPS).filter((table) => placementOf(table) !== 'county' || reachable(table).has('county'));
    expect(closedGaps).toEqual([]);
    // the chain to county exists at all, so the check above can fail
    expect([...reachable('member')]).toEqual(expect.arrayContaining(['household', 'village', 'township', 'county']));
  });

  it('has foreign keys only where Citus keeps them: county → county or reference, reference → reference, global → global or reference', () => {
    const allowed: Record<Placement, Placement[]> = {
      county: ['county', 'reference'],
      reference: ['reference'],
      global: ['global', 'reference'],
    };
    const refused = foreignKeys
      .filter((k) => !allowed[placementOf(k.from)!]?.includes(placementOf(k.to)!))
      .map((k) => `${k.name}: ${k.from} (${placementOf(k.from)}) → ${k.to} (${placementOf(k.to)})`);
    expect(foreignKeys.length).toBeGreaterThan(30);
    expect(refused).toEqual([]);
  });

  it('lists every unique key of a county table as unique within the county or national', async () => {
    const { rows } = await sql<{ table: string; index: string }>`
      select t.relname as table, c.relname as index
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      where i.indisunique and t.relnamespace = 'public'::regnamespace order by 1, 2`.execute(database.db);
    const inDatabase = rows.filter((r) => placementOf(r.table) === 'county').map((r) => `${r.table}.${r.index}`);
    const listed = Object.entries(TABLE_PLACEMENT).flatMap(([table, p]) => (p.unique ?? []).map((index) => `${table}.${index}`));
    expect(inDatabase.filter((k) => !listed.includes(k))).toEqual([]);
    expect(listed.filter((k) => !inDatabase.includes(k))).toEqual([]);
    // the keys national by law, and only they, cross the county's shard: each a unique key of a county table
    const indexes = new Set(inDatabase.map((k) => k.split('.')[1]));
    expect(NATIONAL_KEYS.filter((k) => !indexes.has(k))).toEqual([]);
    expect(NATIONAL_KEYS).toHaveLength(3);
  });
});
