/**
 * One database connection for the whole of an import: its transaction, its temporary staging tables and,
 * on PostgreSQL, the COPY that fills them all live on it. On PGlite (one connection anyway) the import
 * takes its turn like a request, and rows are staged by batched inserts of arrays.
 */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { inTurn } from '../access/rowSecurity';
import { HubCamelCasePlugin } from '../db/camelCase';
import type { HubDatabase, RequestTimeouts } from '../db/connect';
import type { Database } from '../db/database';

export type Tx = Transaction<Database>;

/** Rows of text cells into a (temporary) table: COPY on PostgreSQL, arrays through unnest on PGlite. */
export interface Stager {
  /** a promise to await when the rows must wait (a batch being written), else nothing; `values` is the stager's from then on */
  push(values: (string | null)[]): Promise<void> | undefined;
  end(): Promise<void>;
}

export interface ImportSession {
  tx: Tx;
  /** stages rows into `table`'s `columns` (all of type text) */
  stage(table: string, columns: string[]): Promise<Stager>;
}

/**
 * An import's backstops: a county's file is staged and merged in statements that may run for minutes, so
 * the request's statement limit is lifted to half an hour; the idle limit stays (an import is never idle).
 */
export function importTimeouts(database: HubDatabase): RequestTimeouts {
  return { ...database.timeouts, statementMs: 30 * 60_000 };
}

/** Thrown to roll a dry run (or a refused file) back after its counts and problems are known. */
export class Rollback<T> extends Error {
  constructor(readonly outcome: T) {
    super('rolled back');
  }
}

/** Runs `work` in one transaction on one connection; a `Rollback` thrown by it rolls back and returns its outcome. */
export async function inImportTransaction<T>(database: HubDatabase, work: (session: ImportSession) => Promise<T>): Promise<T> {
  try {
    if (database.kind === 'postgres' && database.pool) return await onOwnConnection(database.pool, work);
    return await inTurn(database, () =>
      database.db.transaction().execute((tx) => work({ tx, stage: (table, columns) => Promise.resolve(arrayStager(tx, table, columns)) })),
    );
  } catch (error) {
    if (error instanceof Rollback) return error.outcome as T;
    throw error;
  }
}

async function onOwnConnection<T>(pool: pg.Pool, work: (session: ImportSession) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // a Kysely bound to this one client: Kysely "releases" it after each statement, which must not return it to the pool
  const borrowed = { query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args), release: () => {} };
  const single = { connect: async () => borrowed, end: async () => {} };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single as never }), plugins: [new HubCamelCasePlugin()] });
  let broken: Error | undefined;
  const explain = await explainSlowStatements(client);
  try {
    return await db.transaction().execute((tx) => work({ tx, stage: (table, columns) => copyStager(client, table, columns) }));
  } catch (error) {
    broken = error instanceof Rollback ? undefined : (error as Error);
    throw error;
  } finally {
    explain?.();
    await db.destroy();
    client.release(broken);
  }
}

/**
 * HUB_IMPORT_EXPLAIN=<ms> (a superuser's connection, for measuring): every statement of the import slower
 * than that, a trigger's statements included, prints its plan as it ran (auto_explain, analyzed) on standard error.
 * Returns the undoing.
 */
async function explainSlowStatements(client: pg.PoolClient): Promise<(() => void) | undefined> {
  const ms = Number(process.env.HUB_IMPORT_EXPLAIN);
  if (!ms) return undefined;
  await client.query(
    `load 'auto_explain'; set auto_explain.log_min_duration = ${ms}; set auto_explain.log_analyze = on; set auto_explain.log_level = notice; ` +
      // the statements of triggers too (a trigger's join is where a merge's time can hide), with their buffers
      `set auto_explain.log_nested_statements = on; set auto_explain.log_triggers = on; set auto_explain.log_buffers = on`,
  );
  const print = (notice: { message?: string }) => console.error(notice.message);
  client.on('notice', print);
  return () => {
    client.off('notice', print);
    void client.query('reset auto_explain.log_min_duration').catch(() => {});
  };
}

/** a character COPY's text format must escape */
const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * COPY's text format: tab-separated, \N for null, backslash escapes (only where a value needs them: most never
 * do). The values are replaced in place and joined: one flat string a row, not a chain of pieces.
 */
function copyLine(values: (string | null)[]): string {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) values[i] = '\\N';
    else if (COPY_SPECIAL.test(v)) values[i] = v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  }
  return values.join('\t') + '\n';
}

async function copyStager(client: pg.PoolClient, table: string, columns: string[]): Promise<Stager> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => {}); // observed in end()
  // lines gathered and joined into one string a write (joined, not concatenated line by line: a string of a
  // thousand pieces costs more to encode than the join); PostgreSQL ingests each while the next is parsed
  let lines: string[] = [];
  const flush = async () => {
    if (!lines.length) return;
    const chunk = lines.join('');
    lines = [];
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
  };
  return {
    push(values) {
      lines.push(copyLine(values));
      // a promise only when a chunk is written: the caller awaits once per chunk, not once per row
      return lines.length >= 1000 ? flush() : undefined;
    },
    async end() {
      await flush();
      stream.end();
      await done;
    },
  };
}

/** Batches of rows as one text array a column, unnested and cast to the columns' types in one insert: a statement per thousand rows. */
export function arrayStager(tx: Tx, table: string, columns: string[]): Stager {
  let batch: (string | null)[][] = [];
  let types: Map<string, string> | null = null;
  const flush = async () => {
    if (!batch.length) return;
    types ??= new Map(
      (
        await sql<{
          name: string;
          type: string;
        }>`select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = ${table}::regclass and attnum > 0`.execute(
          tx,
        )
      ).rows.map((r) => [r.name, r.type]),
    );
    const arrays = columns.map((_, i) => batch.map((row) => row[i] ?? null));
    batch = [];
    const casts = columns.map((c, i) => `u.c${i}::${types!.get(c) ?? 'text'}`).join(', ');
    await sql`insert into ${sql.raw(table)} (${sql.raw(columns.join(', '))}) select ${sql.raw(casts)} from unnest(${sql.join(arrays.map((a) => sql`${a}::text[]`))}) as u(${sql.raw(columns.map((_, i) => `c${i}`).join(', '))})`.execute(
      tx,
    );
  };
  return {
    async push(values) {
      batch.push(values);
      if (batch.length >= 1000) await flush();
    },
    end: flush,
  };
}
