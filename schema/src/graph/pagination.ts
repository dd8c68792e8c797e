/**
 * The one pagination helper: Relay connections with keyset cursors (stable while rows are added), an
 * `offset` for a grid's page jumps, several sort keys with id as the last tie-break, and the same code for
 * root lists and for nested connections fetched for many parents in one statement.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AnyRow, AnyTables } from '../db/database';
import type { Locale } from '../context';
import { HubGraphQLError } from '../errors';

/** A page holds at most this many rows: a grid page of 500 scrolls smoothly; more is an export's job. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_OFFSET = 1_000_000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  offset?: number | null;
}

export interface SortKey {
  /** column in camelCase on the queried table */
  column: string;
  direction: 'ASC' | 'DESC';
  /** where empty values go when not PostgreSQL's default (ASC: last, DESC: first); a nullable column sorted DESC puts them LAST, as Excel does */
  nulls?: 'FIRST' | 'LAST';
  /** the column is never empty (NOT NULL): a cursor then bounds an index scan on it (afterCondition) */
  required?: boolean;
}

/** Sort keys as a record type's default order writes them: `[desc('year'), asc('code')]`. */
export const asc = (column: string): SortKey => ({ column, direction: 'ASC' });
export const desc = (column: string): SortKey => ({ column, direction: 'DESC' });

function nullsFirst(key: SortKey): boolean {
  return key.nulls ? key.nulls === 'FIRST' : key.direction === 'DESC';
}

/** `table.column asc|desc [nulls first|last]`, for ORDER BY and window functions. */
export function orderSql(table: string, key: SortKey) {
  return sql`${sql.ref(`${table}.${key.column}`)} ${sql.raw(key.direction === 'ASC' ? 'asc' : 'desc')}${sql.raw(key.nulls ? ` nulls ${key.nulls.toLowerCase()}` : '')}`;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page<Row> {
  nodes: Row[];
  edges: { cursor: string; node: Row }[];
  pageInfo: PageInfo;
}

/** Rows and tables are named by strings here (db/database.ts `byName`); each record type is typed at its edge. */
type AnyQuery = SelectQueryBuilder<AnyTables, string, object>;

function badInput(locale: Locale, field: string, zh: string, en: string): never {
  throw new HubGraphQLError('BAD_USER_INPUT', { zh, en }, locale, { fields: [{ field, message: locale === 'zh' ? zh : en }] });
}

function encodeCursor(keys: SortKey[], row: AnyRow): string {
  const values = keys.map((k) => {
    const v = row[k.column];
    return v instanceof Date ? v.toISOString() : (v ?? null);
  });
  return Buffer.from(JSON.stringify({ k: keys.map((k) => `${k.column}:${k.direction}`), v: values })).toString('base64url');
}

function decodeCursor(cursor: string, keys: SortKey[], locale: Locale, field: string): unknown[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: string[]; v: unknown[] };
    const signature = keys.map((k) => `${k.column}:${k.direction}`);
    if (Array.isArray(parsed.k) && Array.isArray(parsed.v) && parsed.k.join() === signature.join() && parsed.v.length === keys.length)
      return parsed.v;
  } catch {
    // fall through to the error below
  }
  return badInput(locale, field, `${field} 游标无效或与排序不符`, `${field} is not a cursor of this list and sort order`);
}

/** Rows strictly after `values` in the order of `keys` (nulls where each key puts them). */
function afterCondition(eb: ExpressionBuilder<AnyTables, string>, table: string, keys: SortKey[], values: unknown[]): Expression<SqlBool> {
  /** rows after the cursor by the keys from `from` on, among the rows equal to it on the keys before; null: none */
  const afterFrom = (from: number): Expression<SqlBool> | null => {
    const ors: Expression<SqlBool>[] = [];
    for (let i = from; i < keys.length; i++) {
      const ands: Expression<SqlBool>[] = [];
      for (let j = from; j < i; j++) {
        ands.push(sql<SqlBool>`${sql.ref(`${table}.${keys[j]!.column}`)} is not distinct from ${values[j]}`);
      }
      const ref = sql.ref(`${table}.${keys[i]!.column}`);
      const v = values[i];
      const after = keys[i]!.direction === 'ASC' ? sql<SqlBool>`${ref} > ${v}` : sql<SqlBool>`${ref} < ${v}`;
      if (nullsFirst(keys[i]!)) ands.push(v === null ? sql<SqlBool>`${ref} is not null` : after);
      else {
        if (v === null) continue; // nothing sorts after null in this key
        ands.push(eb.or([after, sql<SqlBool>`${ref} is null`]));
      }
      ors.push(eb.and(ands));
    }
    return ors.length ? eb.or(ors) : null;
  };
  // the OR is exact but no index range: a page deep in a list would read every row before the cursor
  // (a whole-county export's pages grew with their position). A first key that is never empty bounds it too.
  const [first] = keys;
  if (!first!.required || values[0] === null) return afterFrom(0) ?? sql<SqlBool>`false`;
  const ref = sql.ref(`${table}.${first!.column}`);
  const bound = first!.direction === 'ASC' ? sql<SqlBool>`${ref} >= ${values[0]}` : sql<SqlBool>`${ref} <= ${values[0]}`;
  // Said as "from the cursor's first value on, but not the rows of that value up to the cursor", so that the
  // planner counts the range once, as the first page's: "> v or (= v and …)" beside ">= v" was estimated as a
  // second range and the two multiplied, so near the end of an index a page looked a few rows long and was
  // planned as a sort of everything from the cursor on (an export's page 2 of the hub's last county: 56,211
  // rows read for 501). "<> v or …" is nearly every row to the planner, and exact with the bound.
  const rest = afterFrom(1);
  return eb.and([bound, rest ? eb.or([sql<SqlBool>`${ref} <> ${values[0]}`, rest]) : sql<SqlBool>`${ref} <> ${values[0]}`]);
}

function reverse(keys: SortKey[]): SortKey[] {
  // PostgreSQL's defaults reverse into each other (ASC nulls last ↔ DESC nulls first); an explicit position flips
  return keys.map((k) => ({
    column: k.column,
    direction: k.direction === 'ASC' ? 'DESC' : 'ASC',
    ...(k.nulls ? { nulls: k.nulls === 'LAST' ? 'FIRST' : 'LAST' } : {}),
    ...(k.required ? { required: true } : {}),
  }));
}

export interface Plan {
  keys: SortKey[];
  limit: number;
  offset: number;
  backwards: boolean;
  cursorValues: unknown[] | null;
}

export function plan(args: PageArgs, keys: SortKey[], locale: Locale): Plan {
  const check = (name: 'first' | 'last') => {
    const n = args[name];
    if (n != null && (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE)) {
      badInput(
        locale,
        name,
        `${name} 应在 0 到 ${MAX_PAGE_SIZE} 之间（每页最多 ${MAX_PAGE_SIZE} 条）`,
        `${name} must be between 0 and ${MAX_PAGE_SIZE} (at most ${MAX_PAGE_SIZE} rows a page)`,
      );
    }
  };
  check('first');
  check('last');
  if (args.first != null && args.last != null) badInput(locale, 'last', 'first 与 last 不能同时使用', 'Use first or last, not both');
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    badInput(locale, 'offset', `offset 应在 0 到 ${MAX_OFFSET} 之间`, `offset must be between 0 and ${MAX_OFFSET}`);
  }
  const backwards = args.last != null || (args.before != null && args.first == null);
  const effectiveKeys = backwards ? reverse(keys) : keys;
  const cursor = backwards ? args.before : args.after;
  return {
    keys: effectiveKeys,
    limit: (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE,
    offset,
    backwards,
    cursorValues: cursor ? decodeCursor(cursor, keys, locale, backwards ? 'before' : 'after') : null,
  };
}

export function toPage<Row extends AnyRow>(rows: Row[], p: Plan, originalKeys: SortKey[], args: PageArgs): Page<Row> {
  const hasMore = rows.length > p.limit;
  const kept = hasMore ? rows.slice(0, p.limit) : rows;
  const ordered = p.backwards ? kept.reverse() : kept;
  // each cursor encoded when read: most queries ask for nodes, not edges (a nested page of 10 for each of 20 parents)
  const edges = ordered.map((node) => ({
    node,
    get cursor() {
      return encodeCursor(originalKeys, node);
    },
  }));
  const last = ordered[ordered.length - 1];
  return {
    nodes: ordered,
    edges,
    pageInfo: {
      hasNextPage: p.backwards ? args.before != null : hasMore,
      hasPreviousPage: p.backwards ? hasMore : args.after != null || p.offset > 0,
      startCursor: ordered[0] ? encodeCursor(originalKeys, ordered[0]) : null,
      endCursor: last ? encodeCursor(originalKeys, last) : null,
    },
  };
}

/**
 * One page of a root list. `query` selects from `table` with scope and filter already applied; the
 * helper adds the cursor condition, the order, the limit (one extra row tells whether there is more).
 */
export async function fetchPage<Row extends AnyRow>(
  query: AnyQuery,
  table: string,
  keys: SortKey[],
  args: PageArgs,
  locale: Locale,
): Promise<Page<Row>> {
  const p = plan(args, keys, locale);
  // the rows of the query's own type (Row): the page only cuts and orders them
  const rows = (await pageQuery(query, table, p).execute()) as Row[];
  return toPage(rows, p, keys, args);
}

/** `query` cut to the page `p` asks for: the cursor condition, the order, the limit with one row more, the offset. */
export function pageQuery(query: AnyQuery, table: string, p: Plan): AnyQuery {
  let q = query;
  if (p.cursorValues) {
    const values = p.cursorValues;
    q = q.where((eb: ExpressionBuilder<AnyTables, string>) => afterCondition(eb, table, p.keys, values));
  }
  for (const key of p.keys) q = q.orderBy(orderSql(table, key));
  return q.limit(p.limit + 1).offset(p.offset);
}

/**
 * The same page for many parents in ONE statement (a village's households, for every village on the page):
 * rows are numbered per parent with a window function and cut to the page.
 */
export async function fetchPagesByParent<Row extends AnyRow>(
  db: Kysely<AnyTables>,
  query: AnyQuery,
  table: string,
  parentColumn: string,
  parentIds: readonly number[],
  keys: SortKey[],
  args: PageArgs,
  locale: Locale,
): Promise<Map<number, Page<Row>>> {
  const p = plan(args, keys, locale);
  let inner = query.where(sql.ref(`${table}.${parentColumn}`), 'in', parentIds as number[]);
  if (p.cursorValues) {
    const values = p.cursorValues;
    inner = inner.where((eb: ExpressionBuilder<AnyTables, string>) => afterCondition(eb, table, p.keys, values));
  }
  const order = sql.join(p.keys.map((k) => orderSql(table, k)));
  inner = inner.select(
    sql<number>`row_number() over (partition by ${sql.ref(`${table}.${parentColumn}`)} order by ${order})`.as('hubRowNumber'),
  );
  const rows = (await db
    .selectFrom(inner.as('page'))
    .selectAll()
    .where('hubRowNumber', '>', p.offset)
    .where('hubRowNumber', '<=', p.offset + p.limit + 1)
    .orderBy(parentColumn)
    .orderBy('hubRowNumber')
    .execute()) as Row[];
  const byParent = new Map<number, Row[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) {
    delete row.hubRowNumber;
    byParent.get(row[parentColumn] as number)?.push(row);
  }
  return new Map([...byParent].map(([id, list]) => [id, toPage(list, p, keys, args)]));
}
