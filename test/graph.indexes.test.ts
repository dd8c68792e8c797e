import { sql, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import '../schema/src/schema';
import { columnOf } from '../schema/src/graph/fields';
import { resources } from '../schema/src/graph/registry';
import { freshDatabase, type TestDatabase } from './support/database';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `table.column` of every column that starts an index (of those the condition on `pg_index i` keeps). */
async function firstIndexedColumns(database: TestDatabase, condition: RawBuilder<unknown>): Promise<Set<string>> {
  const { rows } = await sql<{ tableName: string; columnName: string }>`
    select t.relname as table_name, a.attname as column_name
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
    where ${condition}`.execute(database.db);
  return new Set(rows.map((r) => `${r.tableName}.${r.columnName}`));
}

describe('every filter and sort a list offers', () => {
  it('runs on an indexed column (an index, or a unique constraint, starting with it)', async () => {
    const database = await freshDatabase();
    const indexed = await firstIndexedColumns(database, sql`true`);
    const missing: string[] = [];
    for (const resource of resources.values()) {
      const table = snake(resource.config.table);
      for (const [name, spec] of Object.entries(resource.config.fields)) {
        if (!spec.filter && !spec.sort) continue;
        const column = `${table}.${snake(columnOf(name, spec))}`;
        if (!indexed.has(column)) missing.push(`${resource.config.name}.${name} (${column})`);
      }
    }
    expect(resources.size).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it('serves a descending sort of a nullable column, empty values last, from an index read in that order', async () => {
    const database = await freshDatabase();
    // indoption 1 = DESC (and NULLS LAST, since bit 2 = NULLS FIRST is not set)
    const indexed = await firstIndexedColumns(database, sql`i.indoption[0] = 1`);
    const missing: string[] = [];
    for (const resource of resources.values()) {
      for (const [name, spec] of Object.entries(resource.config.fields)) {
        if (!spec.sort || spec.required) continue;
        const column = `${snake(resource.config.table)}.${snake(columnOf(name, spec))}`;
        if (!indexed.has(column)) missing.push(`${resource.config.name}.${name} (${column})`);
      }
    }
    expect(indexed.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
