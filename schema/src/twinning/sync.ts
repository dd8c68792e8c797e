/**
 * Partner sync (结对帮扶数据同步): `twinningChanges(since, first)`. With no `since`, a snapshot of every record
 * the unit may see, type by type; then, from the cursor, the changes logged since (migrations/2026-11-29-09-twinning-changes.sql):
 * each record as it now is, or a tombstone when the unit can no longer see it (deleted, or out of its reach).
 *
 * Why nothing is skipped: a page returns only log rows of transactions older than every transaction of
 * this database still running (READABLE_BELOW), all of which have finished, in (xid, type, id) order; a
 * transaction still running has an xid at or above that bound, so whenever it commits its rows sort after the
 * cursor just handed out. A snapshot remembers the bound of its first page and the changes start there, so
 * what changed while it was paged through comes again as a change. On a read replica the same holds (its
 * snapshots are the primary's as of the WAL it has replayed), provided it has replayed what the cursor's page
 * was read from: see replayedTo.
 */
import { brandWithType } from '@pothos/core';
import { sql, type CompiledQuery, type SelectQueryBuilder } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { byName } from '../db/database';
import { NeedsPrimary } from '../db/replica';
import { HubGraphQLError, type Text } from '../errors';
import { requireViewer } from '../graph/access';
import { bindSlots, columnPairs, jsonObject } from '../graph/compile';
import { decodeId, globalId } from '../graph/ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graph/pagination';
import { resourceNamed } from '../graph/registry';
import type { AnyQuery, Row } from '../graph/recordShape';
import { policyKey, readAs } from '../graph/scope';
import { fieldsAt } from '../graph/selection';
import type { Viewer } from '../access/viewer';
import '../households/graphql';
import './graphql';

/** What a unit pulls, parents before children, so that a copy with foreign keys can apply a snapshot in order. */
export const SYNC_TYPES = [
  'HelperUnit',
  'Cadre',
  'UnitVillagePairing',
  'WorkTeamAssignment',
  'Household',
  'Member',
  'HouseholdIncome',
  'CadreHouseholdPairing',
  'VisitLog',
  'AssistanceMeasure',
] as const;
type SyncType = (typeof SYNC_TYPES)[number];

/**
 * Where a reader stands: inside a snapshot (type index and last id, and the bound it started at), or in the log;
 * and `lsn`, the WAL position of the node that handed the cursor out when it had read the page (null in a
 * cursor of an earlier version), which a read replica must have replayed before it may serve the next page.
 */
type Cursor = { unit: number; lsn: string | null } & (
  { kind: 'snapshot'; horizon: string; type: number; id: number } | { kind: 'changes'; xid: string; type: string; id: number }
);

interface Tombstone {
  id: string;
  typename: string;
  deletedAt: Date;
}

interface SyncPage {
  cursor: string;
  hasMore: boolean;
  changes: (Row | Tombstone)[];
}

/**
 * The transaction id below which every transaction that can write this database's change log has finished:
 * the oldest one of the statement's snapshot still running, or the snapshot's xmax when none is. Not
 * `pg_snapshot_xmin`: xids are cluster-wide, so another database's long transaction (or one left prepared)
 * would hold every partner back for its whole length, and make a fresh snapshot's cursor come back expired
 * when the log had been pruned (or bulk-loaded) after that transaction began. A running transaction is
 * passed over only when it is known to be another database's (its backend's, or its prepared entry's,
 * database): one that is not found there, or any on a replica (whose snapshots carry the primary's xids
 * without their databases), is waited for as before. SQL text, so that tests wait on the same bound. On
 * the functions behind pg_stat_activity and pg_prepared_xacts, with the backend's own datid, not on the views
 * and pg_database: a quarter of the planning every changes page pays (0.75 → 0.2 ms, EXPLAIN ANALYZE).
 */
export const READABLE_BELOW = `(select coalesce(min(running), pg_snapshot_xmax(pg_current_snapshot()))
  from pg_snapshot_xip(pg_current_snapshot()) as running
  where xid(running) not in (
    select backend_xid from pg_stat_get_activity(null)
      where backend_xid is not null and datid <> (select datid from pg_stat_get_activity(pg_backend_pid()))
    union all
    select transaction from pg_prepared_xact() where dbid <> (select datid from pg_stat_get_activity(pg_backend_pid()))))`;
const readableBelow = sql.raw(READABLE_BELOW);

const XID = /^[0-9]{1,20}$/;
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/;
const isRowId = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 2147483647;

export function encodeCursor(cursor: Cursor): string {
  const parts =
    cursor.kind === 'snapshot'
      ? ['s1', cursor.unit, cursor.horizon, cursor.type, cursor.id]
      : ['c1', cursor.unit, cursor.xid, cursor.type, cursor.id];
  if (cursor.lsn !== null) parts.push(cursor.lsn);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function badCursor(ctx: HubContext, text: Text): HubGraphQLError {
  return new HubGraphQLError('BAD_USER_INPUT', text, ctx.locale, {
    fields: [{ field: 'since', message: text[ctx.locale], messages: text }],
  });
}

function decodeCursor(ctx: HubContext, since: string, unit: number): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(since, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  // made only when thrown: an error captures its stack, a cost every page paid
  const invalid = () =>
    badCursor(ctx, {
      zh: 'since 不是本系统给出的同步游标：请使用上次结果中的 cursor，或不带 since 重新全量同步',
      en: 'since is not a sync cursor this hub handed out: pass the cursor of your last page, or omit since to start again from a snapshot',
    });
  if (!Array.isArray(parts) || parts.length < 5 || parts.length > 6) throw invalid();
  const [kind, cursorUnit, xid, type, id, lsn = null] = parts as unknown[];
  if (!isRowId(cursorUnit) || typeof xid !== 'string' || !XID.test(xid) || !isRowId(id)) throw invalid();
  if (lsn !== null && (typeof lsn !== 'string' || !LSN.test(lsn))) throw invalid();
  if (cursorUnit !== unit) {
    throw badCursor(ctx, { zh: '该同步游标属于另一个帮扶单位', en: 'This sync cursor belongs to another helper unit' });
  }
  if (kind === 's1' && Number.isInteger(type) && (type as number) >= 0 && (type as number) < SYNC_TYPES.length) {
    return { kind: 'snapshot', unit, lsn, horizon: xid, type: type as number, id };
  }
  if (kind === 'c1' && typeof type === 'string' && (type === '' || (SYNC_TYPES as readonly string[]).includes(type))) {
    return { kind: 'changes', unit, lsn, xid, type, id };
  }
  throw invalid();
}

/** The unit whose view is synced: a partner's own; an administrator names one (to see what that unit receives). */
async function syncedUnit(ctx: HubContext, viewer: Viewer, helperUnitId: string | null | undefined): Promise<number> {
  if (viewer.role === 'PARTNER' && viewer.helperUnitId !== null) {
    if (helperUnitId && decodeId(helperUnitId, 'HelperUnit', ctx.locale, 'helperUnitId') !== viewer.helperUnitId) {
      throw new HubGraphQLError('FORBIDDEN', { zh: '只能同步本单位的数据', en: 'You may sync only your own unit’s records' }, ctx.locale);
    }
    return viewer.helperUnitId;
  }
  // the whole hub's administrator: a unit's pairings may lie in several counties, beyond a county's administrator
  if (viewer.role === 'ADMIN' && !viewer.countyIds.length) {
    if (!helperUnitId) {
      const text = {
        zh: '管理员须用 helperUnitId 指定要查看哪个帮扶单位的同步数据',
        en: 'An administrator names the helper unit whose sync to read, in helperUnitId',
      };
      throw new HubGraphQLError('BAD_USER_INPUT', text, ctx.locale, {
        fields: [{ field: 'helperUnitId', message: text[ctx.locale], messages: text }],
      });
    }
    const unit = decodeId(helperUnitId, 'HelperUnit', ctx.locale, 'helperUnitId');
    if (!(await ctx.db.selectFrom('helperUnit').select('id').where('id', '=', unit).executeTakeFirst())) {
      throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个帮扶单位', en: 'No such helper unit' }, ctx.locale);
    }
    return unit;
  }
  // Clerks and analysts have their own scopes (divisions; the whole county, masked) and the lists; the sync is the partners'.
  throw new HubGraphQLError(
    'FORBIDDEN',
    { zh: '只有帮扶单位账号（及管理员）可以同步结对帮扶数据', en: 'Only partner accounts (and administrators) sync twinning records' },
    ctx.locale,
  );
}

function branded(type: SyncType, row: Row): Row {
  brandWithType(row, resourceNamed(type).ref);
  return row;
}

/**
 * What a page reads, beyond the unit's scope: the fields the query asks of the records (every column and
 * derived field when not known), and the log position of the cursor it came with, checked in the page's first
 * statement rather than a round trip of its own.
 */
interface PageRead {
  scoped: HubContext;
  fields: Set<string> | undefined;
  /** the cursor's log position, not checked yet */
  position: string | null;
}

/** A type's scoped select, of the fields the query asks (a pairing's visit count is a subquery per row: only when asked). */
function selectOf(read: PageRead, type: SyncType): AnyQuery {
  return resourceNamed(type).select(read.scoped, read.fields);
}

/**
 * The rows of `query`, in the order of `order` (its columns), and the first time a page reads, its cursor's
 * position checked in the same statement: the position's one row, joined to the page's rows (a row of nulls
 * when there are none). A position that is no longer kept, or not this database's, is refused before any row
 * is used.
 */
async function rowsOf<DB, TB extends keyof DB, O extends Row>(
  ctx: HubContext,
  read: PageRead,
  query: SelectQueryBuilder<DB, TB, O>,
  order: string[],
): Promise<O[]> {
  const xid = read.position;
  if (xid === null) return query.execute();
  read.position = null;
  const { rows } = await sql<
    O & { hubExpired: boolean; hubUnknown: boolean }
  >`select ${positionColumns(xid)}, page.* from twinning_change_horizon
    left join lateral (${query}) as page on true
    order by ${sql.join(order.map((column) => sql.ref(`page.${column}`)))}`.execute(ctx.db);
  const { hubExpired, hubUnknown } = rows[0]!;
  refuseLostPosition(ctx, hubExpired, hubUnknown);
  return rows.flatMap(({ hubExpired: _expired, hubUnknown: _unknown, ...row }) => (row[order[0]!] === null ? [] : [row as unknown as O]));
}

/** The rows of one type with these ids that the scope sees: one statement. */
async function visibleRows(ctx: HubContext, read: PageRead, type: SyncType, ids: number[]): Promise<Map<number, Row>> {
  const rows = await rowsOf(ctx, read, selectOf(read, type).where(sql.ref(`${resourceNamed(type).config.table}.id`), 'in', ids), ['id']);
  return new Map(rows.map((row) => [row.id as number, row]));
}

/** Stand for a snapshot page's values in its kept statement (compile.ts bindSlots): bound per request. */
const SLOT = { xid: Object.freeze({ slot: 'xid' }), after: Object.freeze({ slot: 'after' }), limit: Object.freeze({ slot: 'limit' }) };

/** Snapshot statements by shape (type, fields, cursor or not, the reader's policy), the oldest dropped first. */
const snapshotStatements = new Map<string, CompiledQuery>();
const SNAPSHOT_STATEMENTS = 256;

/**
 * Up to `limit` rows of a type after id `after`, in id order, for a snapshot page (with the cursor's
 * position checked, as rowsOf does). When the query names its fields, the statement is built and compiled
 * once per shape, the page's values bound as parameters (a page's cursor changes with every request, its
 * text does not), and the rows come as ONE JSON text built by PostgreSQL, with the columns and values
 * compile.ts gives the field resolvers: no Kysely build per request, no row parsing and renaming by row.
 */
async function snapshotRows(ctx: HubContext, read: PageRead, name: SyncType, after: number, limit: number): Promise<Row[]> {
  const resource = resourceNamed(name);
  const idColumn = sql.ref(`${resource.config.table}.id`);
  const { fields } = read;
  if (!fields) return rowsOf(ctx, read, selectOf(read, name).where(idColumn, '>', after).orderBy(idColumn).limit(limit), ['id']);
  const xid = read.position;
  read.position = null;
  const key = [name, [...fields].sort().join(','), xid === null ? '' : 'cursor', policyKey(read.scoped)].join('\u0000');
  let statement = snapshotStatements.get(key);
  if (!statement) {
    const page = selectOf(read, name)
      .where(idColumn, '>', SLOT.after as never)
      .orderBy(idColumn)
      .limit(SLOT.limit as never);
    const rows = sql`(select coalesce(json_agg(${jsonObject(columnPairs(resource, fields, [], 'page'))} order by page.id), '[]')::text from (${page}) as page)`;
    statement = (
      xid === null ? sql`select ${rows} as rows` : sql`select ${positionColumns(SLOT.xid)}, ${rows} as rows from twinning_change_horizon`
    ).compile(ctx.db);
    if (snapshotStatements.size >= SNAPSHOT_STATEMENTS) snapshotStatements.delete(snapshotStatements.keys().next().value!);
    snapshotStatements.set(key, statement);
  }
  const values = new Map<object, unknown>([
    [SLOT.after, after],
    [SLOT.limit, limit],
  ]);
  if (xid !== null) values.set(SLOT.xid, xid);
  const { rows } = await ctx.db.executeQuery<{ rows: string; hubExpired?: boolean; hubUnknown?: boolean }>(bindSlots(statement, values));
  const answer = rows[0]!;
  if (xid !== null) refuseLostPosition(ctx, answer.hubExpired!, answer.hubUnknown!);
  return JSON.parse(answer.rows) as Row[];
}

async function snapshotPage(
  ctx: HubContext,
  read: PageRead,
  unit: number,
  cursor: Extract<Cursor, { kind: 'snapshot' }> | null,
  first: number,
): Promise<SyncPage> {
  const horizon = cursor?.horizon ?? (await sql<{ bound: string }>`select ${readableBelow}::text as bound`.execute(ctx.db)).rows[0]!.bound;
  let type = cursor?.type ?? 0;
  let lastId = cursor?.id ?? 0;
  const changes: Row[] = [];
  while (type < SYNC_TYPES.length && changes.length < first) {
    const name = SYNC_TYPES[type]!;
    const room = first - changes.length;
    const rows = await snapshotRows(ctx, read, name, lastId, room + 1);
    for (const row of rows.slice(0, room)) changes.push(branded(name, row));
    if (rows.length > room) {
      lastId = rows[room - 1]!.id as number;
      break;
    }
    type += 1;
    lastId = 0;
  }
  const lsn = await walPosition(ctx);
  if (type < SYNC_TYPES.length)
    return { changes, hasMore: true, cursor: encodeCursor({ kind: 'snapshot', unit, lsn, horizon, type, id: lastId }) };
  // The snapshot is complete: from here on, the changes of every transaction from its first page's bound.
  return { changes, hasMore: false, cursor: encodeCursor({ kind: 'changes', unit, lsn, xid: horizon, type: '', id: 0 }) };
}

async function changesPage(
  ctx: HubContext,
  read: PageRead,
  cursor: Extract<Cursor, { kind: 'changes' }>,
  first: number,
): Promise<SyncPage> {
  // the xid is ordered on as it is, and goes out as text under another name (pg has no type for xid8)
  const log = byName(ctx.db)
    .selectFrom('twinningChange')
    .select(['recordType', 'recordId', 'xid', sql<string>`xid::text`.as('transaction'), 'at'])
    .where('helperUnitId', '=', cursor.unit)
    .where(sql<boolean>`(xid, record_type, record_id) > (${cursor.xid}::xid8, ${cursor.type}, ${cursor.id})`)
    // xid < READABLE_BELOW, whose read of every backend's status (about 0.25 ms of PostgreSQL's processor time)
    // is made only when a row lies past the snapshot's xmin (an initplan runs when first used): a reader that is
    // up to date, or behind by finished transactions only, does not pay it
    .where(sql<boolean>`xid < pg_snapshot_xmax(pg_current_snapshot())`)
    .where(sql<boolean>`(xid < pg_snapshot_xmin(pg_current_snapshot()) or xid < ${readableBelow})`)
    .orderBy('xid')
    .orderBy('recordType')
    .orderBy('recordId')
    .limit(first + 1);
  const rows = (await rowsOf(ctx, read, log, ['xid', 'record_type', 'record_id'])) as {
    recordType: SyncType;
    recordId: number;
    transaction: string;
    at: Date;
  }[];
  const page = rows.slice(0, first);
  const idsByType = new Map<SyncType, number[]>();
  for (const entry of page) {
    const ids = idsByType.get(entry.recordType) ?? [];
    ids.push(entry.recordId);
    idsByType.set(entry.recordType, ids);
  }
  const loaded = new Map(
    await Promise.all([...idsByType].map(async ([type, ids]) => [type, await visibleRows(ctx, read, type, ids)] as const)),
  );
  // A record changed by several transactions of the page comes once, where it last changed.
  const lastAt = new Map(page.map((entry, i) => [`${entry.recordType}:${entry.recordId}`, i]));
  const changes = page.flatMap((entry, i): (Row | Tombstone)[] => {
    if (lastAt.get(`${entry.recordType}:${entry.recordId}`) !== i) return [];
    const row = loaded.get(entry.recordType)?.get(entry.recordId);
    if (row) return [branded(entry.recordType, row)];
    const tombstone: Tombstone = { id: globalId(entry.recordType, entry.recordId), typename: entry.recordType, deletedAt: entry.at };
    brandWithType(tombstone, DeletedRecordRef);
    return [tombstone];
  });
  const last = page[page.length - 1];
  // a page that brought nothing leaves the cursor as it was: the reader has seen nothing newer
  const next: Cursor = last
    ? { ...cursor, lsn: await walPosition(ctx), xid: last.transaction, type: last.recordType, id: last.recordId }
    : cursor;
  return { changes, hasMore: rows.length > first, cursor: encodeCursor(next) };
}

/** Whether the hub reads from a replica at all (the request's database, the primary, names it): only then do cursors carry a WAL position. */
const readsFromReplica = (ctx: HubContext): boolean => ctx.database?.replica !== undefined;

/**
 * The WAL position this node has reached, read after the page's records (each statement sees at least as much
 * as the ones before): the primary's insert position, which is past the commit record of every transaction
 * its snapshots saw; a replica's replay position, which is past everything it has applied.
 */
async function walPosition(ctx: HubContext): Promise<string | null> {
  // without a replica no node can be behind another: no position to carry, no statement to pay
  if (!readsFromReplica(ctx)) return null;
  const { rows } = await sql<{
    lsn: string;
  }>`select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_insert_lsn() end)::text as lsn`.execute(
    ctx.db,
  );
  return rows[0]!.lsn;
}

/** How long a replica may take to replay up to a cursor's position before the page is read on the primary. */
const CATCH_UP_MS = 1_000;

/**
 * On a read replica, waits (briefly) until it has replayed everything the node that handed out the cursor
 * had when it read the page: a node further behind could hand back an older version of a record the reader
 * already has, or, in a snapshot, miss a change older than its horizon (docs/partners.md, "On a read
 * replica"). If it does not catch up in time, or the cursor carries no position, the primary serves the page.
 */
async function replayedTo(ctx: HubContext, lsn: string | null): Promise<void> {
  for (const started = Date.now(); ;) {
    const { rows } = await sql<{ recovering: boolean; replayed: boolean }>`
      select pg_is_in_recovery() as recovering, coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, false) as replayed`.execute(ctx.db);
    if (!rows[0]!.recovering || rows[0]!.replayed) return;
    if (lsn === null) throw new NeedsPrimary('a sync cursor of an earlier version carries no WAL position');
    if (Date.now() - started >= CATCH_UP_MS) throw new NeedsPrimary(`the replica has not replayed up to the sync cursor's ${lsn}`);
    await sleep(50);
  }
}

/** The columns that tell whether a cursor's log position is still kept, and whether it is this database's (not past its newest transaction). */
function positionColumns(xid: unknown) {
  return sql`pruned_through >= ${xid}::xid8 as hub_expired, ${xid}::xid8 > pg_snapshot_xmax(pg_current_snapshot()) and not pg_is_in_recovery() as hub_unknown`;
}

/** A cursor's log position must still be kept (not pruned) and must come from this database. */
function refuseLostPosition(ctx: HubContext, expired: boolean, unknown: boolean): void {
  if (unknown) {
    throw badCursor(ctx, {
      zh: 'since 不是本数据库给出的同步游标：请不带 since 重新全量同步',
      en: 'since was not handed out by this database: omit since to start again from a snapshot',
    });
  }
  if (expired) {
    throw badCursor(ctx, {
      zh: '同步游标已过期（其后的变更记录已清理）：请不带 since 重新全量同步',
      en: 'This sync cursor has expired (the changes after it were pruned): omit since to start again from a snapshot',
    });
  }
}

/** A page of the unit's sync; `fields`: what the query asks of the records (all their columns when not given). */
export async function twinningChanges(
  ctx: HubContext,
  args: { since?: string | null; first?: number | null; helperUnitId?: string | null },
  fields?: Set<string>,
): Promise<SyncPage> {
  const viewer = requireViewer(ctx);
  const unit = await syncedUnit(ctx, viewer, args.helperUnitId);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    const text = { zh: `first 应为 1 到 ${MAX_PAGE_SIZE}`, en: `first must be between 1 and ${MAX_PAGE_SIZE}` };
    throw new HubGraphQLError('BAD_USER_INPUT', text, ctx.locale, {
      fields: [{ field: 'first', message: text[ctx.locale], messages: text }],
    });
  }
  // the rows the unit reaches, whoever asks (an administrator sees its values unmasked)
  const scoped = readAs(ctx, { helperUnitId: unit });
  if (!args.since) return snapshotPage(ctx, { scoped, fields, position: null }, unit, null, first);
  const cursor = decodeCursor(ctx, args.since, unit);
  if (readsFromReplica(ctx)) await replayedTo(ctx, cursor.lsn);
  if (cursor.kind === 'snapshot') return snapshotPage(ctx, { scoped, fields, position: cursor.horizon }, unit, cursor, first);
  return changesPage(ctx, { scoped, fields, position: cursor.xid }, cursor, first);
}

// ── GraphQL ──────────────────────────────────────────────────────────────────────────────────────────

export const DeletedRecordRef = builder.objectRef<Tombstone>('DeletedRecord').implement({
  description: '已删除或已移出本单位范围的记录（墓碑）/ a record deleted, or no longer within the unit’s reach: remove your copy',
  fields: (t) => ({
    id: t.exposeID('id', { description: '记录的全局标识 / the record’s global id' }),
    typename: t.exposeString('typename', { description: '记录类型，如 CadreHouseholdPairing / the record type' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', description: '删除或移出的时间 / when it was deleted or left the unit’s reach' }),
  }),
});

const TwinningChange = builder.unionType('TwinningChange', {
  description: '一条变更：记录的当前内容，或墓碑 / one change: the record as it now is, or a tombstone',
  types: [...SYNC_TYPES.map((type) => resourceNamed(type).ref), DeletedRecordRef],
});

const TwinningChangesPage = builder.objectRef<SyncPage>('TwinningChangesPage').implement({
  description: '一页同步结果 / one page of partner sync',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: '下次请求的 since；应用完本页后再保存 / the next request’s since: store it once this page is applied',
    }),
    hasMore: t.exposeBoolean('hasMore', { description: '是否还有下一页（立即再取）/ whether another page is ready now' }),
    changes: t.field({ type: [TwinningChange], resolve: (page) => page.changes }),
  }),
});

builder.queryField('twinningChanges', (t) =>
  t.field({
    type: TwinningChangesPage,
    description:
      '帮扶单位增量同步：不带 since 为全量快照，带上次的 cursor 为此后的新增、修改和删除（墓碑），按提交顺序，不遗漏 / partner sync: without since a snapshot of everything the unit may see; with the last cursor the creations, updates and deletions (tombstones) since, in transaction order, never skipping one',
    args: {
      since: t.arg.string({ required: false, description: '上一页的 cursor / the cursor of the last page' }),
      first: t.arg.int({
        required: false,
        defaultValue: DEFAULT_PAGE_SIZE,
        description: `每页条数，1 到 ${MAX_PAGE_SIZE} / changes per page, 1 to ${MAX_PAGE_SIZE}`,
      }),
      helperUnitId: t.arg.id({ required: false, description: '管理员：查看哪个帮扶单位的同步 / administrators: whose sync to read' }),
    },
    resolve: (_root, args, ctx, info) => twinningChanges(ctx, args, fieldsAt(info, ['changes'])),
  }),
);
