/**
 * Spreadsheet exports of any root list (`pnpm hub export`, and the admin's export button through the
 * server's /export route): the rows the viewer may read, with its filter, in keyset pages so that no table
 * is ever held in memory, as CSV (UTF-8 with a byte-order mark, so Excel and WPS read the Chinese) or XLSX
 * (exceljs' streaming writer). It reads like the admin's grid: the columns asked for in their order (the grid
 * sends its visible ones), under the fields' Chinese (or English) names, codes as their labels, links as the
 * linked record's name, then the version and the record's ID, last, which an import of the file back needs.
 * Sensitive values are masked as the viewer sees them, and every export is
 * audited in transactions of its own, so that the record survives the export's failure: a row when it starts
 * (who, which list, which filter, which format), committed before any row is sent, and one when it ends
 * (finished with N rows, or aborted after N rows and why; with the bytes sent, what a client cut off got at most).
 *
 * A download that the client closes ends the export at once; one that makes no progress (the client reads
 * nothing) for EXPORT_STALL_MS is aborted. Either way the export's transaction is rolled back and its
 * connection released, instead of waiting for a drain that never comes.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { coerceInputValue, type GraphQLInputType } from 'graphql';
import { Transform, type Writable } from 'node:stream';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { writeAudit } from '../access/audit';
import { asViewer } from '../access/rowSecurity';
import type { Viewer } from '../access/viewer';
import type { HubContext, Locale } from '../context';
import type { HubDatabase } from '../db/connect';
import type { AnyRow } from '../db/database';
import { isDatabaseUnavailable } from '../db/errors';
import { countyDays, latestDay, viewerDays } from '../divisions/dayOfRecord';
import type { Condition } from '../graph/compile';
import { COUNTY_NAME } from '../graph/place';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { columnOf, type FieldSpec } from '../graph/fields';
import type { FilterValue } from '../graph/filters';
import { nameColumnOf } from '../graph/linkNames';
import { decodeId, globalId } from '../graph/ids';
import { maskValue } from '../graph/mask';
import { MAX_PAGE_SIZE, type Page } from '../graph/pagination';
import { resources } from '../graph/registry';
import { listPage, type ComputedField, type Resource } from '../graph/resource';
import { policy, refuseSensitiveUse } from '../graph/scope';
import { schema } from '../schema';
import { EXPORT_CONTENT_TYPES, neutralised, type ExportFormat } from './format';

export interface ExportRequest {
  /** the root list's name (`households`) or its type's (`Household`) */
  resource: string;
  format: ExportFormat;
  /** the list's filter, as its GraphQL input type takes it (global IDs, enum names) */
  filter?: unknown;
  /**
   * The columns, in order, by the type's GraphQL field names (`householdNumber`, `village`, `headName`);
   * default: every field in the type's order, then its derived fields (`countyName` only when the viewer's
   * rows lie in several counties). The version and the record's ID
   * always end the file.
   */
  columns?: readonly string[];
}

/** How long a download may make no progress (its client reading nothing) before the export is aborted. */
export const EXPORT_STALL_MS = 60_000;

/** Why an export stopped before its end, as its audit row says. */
export type ExportAbortReason = 'CLIENT_CLOSED' | 'STALLED' | 'DATABASE_UNAVAILABLE' | 'ERROR';

/** The client went away or stopped reading: not a failure of the hub, and nothing to report but the audit row. */
export class ExportAborted extends Error {
  constructor(readonly reason: 'CLIENT_CLOSED' | 'STALLED') {
    super(reason === 'CLIENT_CLOSED' ? 'the download was cut off' : 'the download made no progress');
  }
}

/** A checked export, ready to stream: the caller sets its headers (or opens its file) first. */
export interface PreparedExport {
  /** e.g. 贫困户-2016-06-30.xlsx: the list and the county's day of record (today for records kept day by day) */
  fileName: string;
  contentType: string;
  /**
   * Audits the start, then calls `onStart` (where a server sends its headers: a failure before it can still
   * be an ordinary error), writes every row to `out` in one transaction as the viewer, ends `out` and audits
   * the end; resolves to the number of rows. When it fails (ExportAborted for the client's doing) the end is
   * audited as aborted with the rows written so far. Each step takes its own turn on PGlite: call it
   * outside any asViewer.
   */
  write(database: HubDatabase, out: Writable, options?: { stallMs?: number; onStart?: () => void }): Promise<number>;
}

interface Column {
  /** the GraphQL field it shows */
  name: string;
  header: string;
  kind: 'text' | 'number' | 'date';
  value(row: AnyRow, links: Map<string, Map<number, string>>): string | number | null;
}

/** Checks who asks for what before anything is written, so that a refusal can still be an ordinary error. */
export async function prepareExport(ctx: HubContext, request: ExportRequest): Promise<PreparedExport> {
  const viewer = requireViewer(ctx);
  const resource = [...resources.values()].find((r) => r.config.plural === request.resource || r.config.name === request.resource);
  if (!resource) {
    const lists = [...resources.values()].map((r) => r.config.plural).join(', ');
    throw new HubGraphQLError(
      'NOT_FOUND',
      { zh: `没有名为 ${request.resource} 的列表；可导出：${lists}`, en: `No list called ${request.resource}; lists to export: ${lists}` },
      ctx.locale,
    );
  }
  const filter = checkedFilter(ctx.locale, resource, request.filter);
  refuseSensitiveUse(ctx, resource.config, filter, null);
  // the counties the viewer's rows lie in: the file is named by their day, and says whose each row is when several
  const days = await countyDays(ctx.db, viewerDays(viewer));
  const columns = chosenColumns(ctx, resource, request.columns, days.length > 1);
  const { config } = resource;
  const { locale } = ctx;
  const described = {
    list: config.plural,
    format: request.format,
    filter: filter ?? null,
    ...(request.columns ? { columns: columns.map((c) => c.name) } : {}),
  };
  const { asOf } = latestDay(days);
  return {
    fileName: `${config.label[locale]}-${asOf}.${request.format}`,
    contentType: EXPORT_CONTENT_TYPES[request.format],
    async write(database, out, options = {}) {
      const audit = (after: Record<string, unknown>) => auditExport(database, viewer, config.name, { ...described, ...after });
      // watched from the start: a client gone while the start is audited is seen at the first row
      const download = new Download(out, options.stallMs ?? EXPORT_STALL_MS);
      const started = await audit({ stage: 'started' });
      options.onStart?.();
      let rows = 0;
      try {
        await asViewer(
          database,
          { viewer },
          async (db) => {
            const inTransaction: HubContext = { ...ctx, db };
            const sink = request.format === 'csv' ? csvSink(download, columns) : xlsxSink(download, config.label[locale], columns);
            await sink.header(columns.map((c) => c.header));
            const read = new Set(columns.map((c) => c.name));
            const range = await householdRange(inTransaction, resource, viewer, filter);
            // Each page is then best an ordered read of the household index from its cursor, but the planner takes
            // the scope (her villages) to keep one row in twelve of the range, where it keeps all: as the range left
            // grows short it sorted all of it instead, page after page (docs/benchmarks.md, branch loose). A sort is
            // still made where no index gives the order.
            if (range) await sql`set local enable_sort = off`.execute(db);
            let after: string | null = null;
            do {
              // the columns written, not whole rows: a derived field left out (the county's name in a one-county file) is not computed
              const page: Page<Record<string, unknown>> = await listPage(
                resource,
                inTransaction,
                { first: MAX_PAGE_SIZE, after, filter },
                read,
                range,
              );
              const links = await linkedNames(inTransaction, resource, page.nodes);
              await sink.rows(page.nodes.map((row) => columns.map((c) => c.value(row, links))));
              rows += page.nodes.length;
              after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
            } while (after);
            await sink.end();
            // an analyst's or partner's rows come from the read replica when there is one in use (db/replica.ts)
          },
          { readOnly: true },
        );
      } catch (error) {
        const reason: ExportAbortReason =
          error instanceof ExportAborted ? error.reason : isDatabaseUnavailable(error) ? 'DATABASE_UNAVAILABLE' : 'ERROR';
        // when the database itself is gone this cannot be written either: the start row then stands alone
        await audit({ stage: 'aborted', started, rows, bytes: download.bytes, reason }).catch(() => {});
        throw error;
      }
      await audit({ stage: 'finished', started, rows, bytes: download.bytes });
      return rows;
    },
  };
}

/** The divisions a filter may name at its top, by their column in `village v join township t`. */
const FILTER_DIVISIONS = { countyId: sql`t.county_id`, townshipId: sql`t.id`, villageId: sql`v.id` } as const;

/**
 * The households the rows of a list in household order lie between, in an export by a county's (a clerk's)
 * user or with a filter naming a county, township or village: a bound given to every page, from the first
 * household of those villages to the last (read from `household_village_id`). Without it the first page was
 * planned, in a hub of many counties, as a scan of the household order from the hub's first household, through
 * every county before hers (the members of the last of 12 counties: 619,396 rows read and dropped for the
 * first 500), and the last page, which finds fewer rows than it asks for, read on to the end of the hub (a
 * middle county's: 338,959 rows dropped for 437). None for the whole hub's rows (an administrator's or
 * analyst's without such a filter, a partner's), which start with the hub's, nor for a list in another order.
 */
async function householdRange(
  ctx: HubContext,
  resource: Resource,
  viewer: Viewer,
  filter: FilterValue | undefined,
): Promise<Condition | undefined> {
  const { householdColumn, table } = resource.config;
  const [first] = resource.sortKeys(undefined);
  if (!householdColumn || first?.column !== householdColumn || first.direction !== 'ASC' || !first.required) return undefined;
  // her villages, and those of the divisions the filter names (its rows lie in each of them)
  const divisions: RawBuilder<SqlBool>[] = [];
  if (viewer.countyIds.length || viewer.townshipIds.length || viewer.villageIds.length)
    divisions.push(
      sql`(t.county_id = any(${viewer.countyIds}::int[]) or t.id = any(${viewer.townshipIds}::int[]) or v.id = any(${viewer.villageIds}::int[]))`,
    );
  for (const [key, column] of Object.entries(FILTER_DIVISIONS)) {
    const shortcut = resource.filterSpec.shortcuts[key];
    const id = filter?.[key];
    if (shortcut && typeof id === 'string') divisions.push(sql`${column} = ${decodeId(id, shortcut.idType, ctx.locale, `filter.${key}`)}`);
  }
  if (!divisions.length) return undefined;
  const { rows } = await sql<{ low: number | null; high: number | null }>`
    select min(h.id) as low, max(h.id) as high from household h where h.village_id in (
      select v.id from village v join township t on t.id = v.township_id where ${sql.join(divisions, sql` and `)})`.execute(ctx.db);
  const { low, high } = rows[0] ?? { low: null, high: null };
  const column = sql.ref(`${table}.${householdColumn}`);
  // no household in those villages: none of the list's rows either
  if (low === null || high === null) return () => sql<SqlBool>`false`;
  return () => sql<SqlBool>`${column} between ${low} and ${high}`;
}

/** One audit row of an export, committed at once in its own short transaction; returns its id. */
async function auditExport(database: HubDatabase, viewer: Viewer, recordType: string, after: Record<string, unknown>): Promise<number> {
  return asViewer(database, { viewer }, (db) => writeAudit(db, viewer, { operation: 'EXPORT', recordType, recordId: null, after }));
}

/** The filter checked against the list's GraphQL input type, exactly as the list field would take it. */
function checkedFilter(locale: Locale, resource: Resource, filter: unknown): FilterValue | undefined {
  if (filter === undefined || filter === null) return undefined;
  const type = schema.getType(`${resource.config.name}Filter`) as GraphQLInputType;
  const problems: { field: string; message: string }[] = [];
  const value = coerceInputValue(filter, type, (path, _invalid, error) =>
    problems.push({ field: ['filter', ...path].join('.'), message: error.message }),
  );
  if (problems.length) {
    throw new HubGraphQLError(
      'BAD_USER_INPUT',
      { zh: `筛选条件有误：${problems[0]!.message}`, en: `Invalid filter: ${problems[0]!.message}` },
      locale,
      { fields: problems },
    );
  }
  return value as FilterValue; // coerced to the list's filter input type: an object of fields and operators
}

const BOOLEAN_LABELS = { zh: ['是', '否'], en: ['Yes', 'No'] } as const;

/**
 * One column per field and derived field, named and shown as the viewer reads them, in the type's order (a
 * derived field that only masks another, `maskedResidentId`, is left out: that field is there, masked or not
 * as the viewer may see it).
 */
function columnsOf(ctx: HubContext, resource: Resource): Column[] {
  const { locale } = ctx;
  const field = (name: string, spec: FieldSpec): Omit<Column, 'name'> => {
    const column = columnOf(name, spec);
    const header = spec.label[locale];
    const hidden = policy(ctx, resource.config).masked.has(name);
    switch (spec.kind) {
      case 'int':
      case 'decimal':
        return { header, kind: 'number', value: (row) => (row[column] === null || row[column] === undefined ? null : Number(row[column])) };
      case 'date':
        return { header, kind: 'date', value: (row) => cell(row[column]) };
      case 'boolean':
        return {
          header,
          kind: 'text',
          value: (row) => (row[column] === null || row[column] === undefined ? null : BOOLEAN_LABELS[locale][row[column] ? 0 : 1]),
        };
      case 'enum':
      case 'enumList': {
        const labels = new Map(spec.codes.map((c) => [c.value, c[locale]]));
        return {
          header,
          kind: 'text',
          value: (row) =>
            ([row[column]].flat().filter((v) => v !== null && v !== undefined) as string[])
              .map((v) => labels.get(v) ?? v)
              .join(locale === 'zh' ? '、' : ', ') || null,
        };
      }
      case 'reference':
        return {
          header,
          kind: 'text',
          value: (row, links) => (row[column] === null ? null : (links.get(name)?.get(row[column] as number) ?? null)),
        };
      case 'string':
        return {
          header,
          kind: 'text',
          value: (row) =>
            row[column] === null || row[column] === undefined ? null : String(hidden ? maskValue(row[column]) : row[column]),
        };
    }
  };
  const derived = (name: string, c: ComputedField): Omit<Column, 'name'> => {
    const hidden = policy(ctx, resource.config).masked.has(name);
    const kind = c.type === 'Int' || c.type === 'Decimal' ? 'number' : c.type === 'Date' ? 'date' : 'text';
    return {
      header: c.label[locale],
      kind,
      value: (row) => {
        const value = row[name];
        if (value === null || value === undefined) return null;
        if (kind === 'number') return Number(value);
        if (c.type === 'Boolean') return BOOLEAN_LABELS[locale][value ? 0 : 1];
        return kind === 'text' ? String(hidden ? maskValue(value) : value) : cell(value);
      },
    };
  };
  return [
    ...Object.entries(resource.config.fields).map(([name, spec]) => ({ name, ...field(name, spec) })),
    ...Object.entries(resource.config.computed ?? {}).flatMap(([name, c]) => (c.maskOf ? [] : [{ name, ...derived(name, c) }])),
  ];
}

/** A value as a cell: numbers and text (dates come from the database as ISO text) as they are, nothing as empty. */
function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' || typeof value === 'string' ? value : String(value);
}

/** Named like the columns they end, so that asking for them (in any place) is no error. */
const IDENTITY = ['version', 'id'];

/**
 * The columns asked for, in their order (default: all of them), then the version and the record's ID, which
 * let the file come back (import/hubExport.ts: an edit made in the hub since the export is a conflict).
 */
function chosenColumns(ctx: HubContext, resource: Resource, names: readonly string[] | undefined, severalCounties: boolean): Column[] {
  const { locale } = ctx;
  const all = columnsOf(ctx, resource);
  const byName = new Map(all.map((c) => [c.name, c]));
  const unknown = names?.filter((n) => !byName.has(n) && !IDENTITY.includes(n)) ?? [];
  if (unknown.length) {
    const known = [...byName.keys(), ...IDENTITY].join(', ');
    throw new HubGraphQLError(
      'BAD_USER_INPUT',
      {
        zh: `${resource.config.label.zh}没有名为 ${unknown.join('、')} 的列；可用的列：${known}`,
        en: `${resource.config.label.en} has no column ${unknown.join(', ')}; its columns: ${known}`,
      },
      locale,
      { fields: unknown.map((n) => ({ field: `columns.${n}`, message: locale === 'zh' ? '没有这一列' : 'no such column' })) },
    );
  }
  // by default, the county's name only where the rows may lie in several counties (one county's files are as before)
  const chosen = names
    ? [...new Set(names)].flatMap((n) => byName.get(n) ?? [])
    : all.filter((c) => severalCounties || c.name !== COUNTY_NAME);
  return [
    ...chosen,
    { name: 'version', header: locale === 'zh' ? '版本' : 'Version', kind: 'number', value: (row) => cell(row.version) },
    {
      name: 'id',
      header: locale === 'zh' ? '记录标识' : 'Record ID',
      kind: 'text',
      value: (row) => globalId(resource.config.name, row.id as number),
    },
  ];
}

/** The names of the records one page links to, one statement per link, within the viewer's scope. */
async function linkedNames(ctx: HubContext, resource: Resource, rows: AnyRow[]): Promise<Map<string, Map<number, string>>> {
  const links = new Map<string, Map<number, string>>();
  for (const [name, spec] of Object.entries(resource.config.fields)) {
    if (spec.kind !== 'reference') continue;
    const target = resources.get(spec.target)!;
    const ids = [...new Set(rows.map((r) => r[spec.column]).filter((id) => id !== null && id !== undefined))] as number[];
    const nameColumn = nameColumnOf(target);
    const found = ids.length
      ? await target
          .from(ctx)
          .select([
            sql.ref(`${target.config.table}.id`).as('id'),
            ...(nameColumn ? [sql.ref(`${target.config.table}.${nameColumn}`).as('name')] : []),
          ])
          .where(sql.ref(`${target.config.table}.id`), 'in', ids)
          .execute()
      : [];
    links.set(name, new Map(found.map((r) => [r.id as number, nameColumn ? String(r.name) : globalId(spec.target, r.id as number)])));
  }
  return links;
}

interface Sink {
  header(names: string[]): Promise<void>;
  /** one page of rows, handed to the download (waiting while the client catches up) */
  rows(rows: (string | number | null)[][]): Promise<void>;
  end(): Promise<void>;
}

/**
 * The stream an export writes to, watched: it fails with ExportAborted as soon as the client has gone
 * (its 'close' may come while nothing waits for it, so it is remembered), and when a wait for the client
 * sees no progress for `stallMs`. Waiting on its drain keeps memory flat for a slow download.
 */
class Download {
  private failure: Error | null = null;
  /** bytes handed to the stream: what a client cut off can have received at most */
  bytes = 0;

  constructor(
    readonly out: Writable,
    private readonly stallMs: number,
  ) {
    out.once('close', () => {
      if (!out.writableFinished) this.failure ??= new ExportAborted('CLIENT_CLOSED');
    });
    // a file that cannot be written (disk full) fails the export instead of the process
    out.on('error', (error: NodeJS.ErrnoException) => {
      // a compressing stream (server/src/compress.ts) is destroyed with this when the client goes away
      this.failure ??= error.code === 'ERR_STREAM_PREMATURE_CLOSE' ? new ExportAborted('CLIENT_CLOSED') : error;
    });
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.out.destroyed) throw new ExportAborted('CLIENT_CLOSED');
  }

  async write(chunk: string | Buffer): Promise<void> {
    this.check();
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await this.until('drain');
  }

  /** a stream to hand a writer that writes by itself (exceljs): counts its bytes on their way to `out` */
  counted(): Writable {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.bytes += chunk.length;
        done(null, chunk);
      },
    });
    counter.pipe(this.out);
    return counter;
  }

  /** waits while the stream holds more than it wants (for a writer that does not wait itself) */
  async caughtUp(): Promise<void> {
    this.check();
    if (this.out.writableNeedDrain) await this.until('drain');
  }

  /** `event`, or the download's failure: closed first, an error, or no progress (no 'drain') for stallMs */
  until(event: 'drain' | 'finish'): Promise<void> {
    const { out } = this;
    if (event === 'finish' && out.writableFinished) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (error: Error | null) => {
        clearTimeout(timer);
        out.off(event, onEvent).off('drain', onProgress).off('close', onClose).off('error', onClose);
        if (error) reject(error);
        else resolve();
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => settle((this.failure ??= new ExportAborted('STALLED'))), this.stallMs);
      };
      const onEvent = () => settle(null);
      const onProgress = () => arm();
      const onClose = () => {
        // 'close' follows 'finish' on a completed stream; anything else is a failure
        if (!(event === 'finish' && out.writableFinished)) settle(this.failure ?? new ExportAborted('CLIENT_CLOSED'));
      };
      out.on(event, onEvent).on('drain', onProgress).on('close', onClose).on('error', onClose);
      arm();
      try {
        this.check();
      } catch (error) {
        settle(error as Error);
      }
    });
  }
}

function csvSink(download: Download, columns: Column[]): Sink {
  const text = columns.map((c) => c.kind === 'text');
  return {
    // the byte-order mark tells Excel and WPS the file is UTF-8
    header: (names) => download.write(`\uFEFF${stringify([names])}`),
    rows: async (rows) => {
      if (rows.length)
        await download.write(
          stringify(rows.map((values) => values.map((v, i) => (text[i] && typeof v === 'string' ? neutralised(v) : v)))),
        );
    },
    async end() {
      download.out.end();
      await download.until('finish');
    },
  };
}

function xlsxSink(download: Download, sheetName: string, columns: Column[]): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: download.counted(), useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  // text columns formatted as Text (@): a string cell is never a formula, and an edit in Excel or WPS keeps
  // what is typed as text (a 户编号 stays digits, `=…` stays words), without an apostrophe in the cell
  const numFmt = { date: 'yyyy-mm-dd', text: '@', number: undefined };
  sheet.columns = columns.map((c) => ({
    width: Math.max(10, c.header.length * 2 + 2),
    ...(numFmt[c.kind] ? { style: { numFmt: numFmt[c.kind] } } : {}),
  }));
  return {
    async header(names) {
      const row = sheet.addRow(names);
      row.font = { bold: true };
      row.commit();
    },
    async rows(rows) {
      // dates as spreadsheet dates (midnight UTC, which is how exceljs counts days)
      for (const values of rows)
        sheet
          .addRow(values.map((v, i) => (columns[i]!.kind === 'date' && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v)))
          .commit();
      // exceljs takes rows without waiting for the stream (its zip buffers them): wait here, a page at a
      // time, whenever the client is behind. The zip lags, so a slow client can leave a few pages buffered.
      await download.caughtUp();
    },
    async end() {
      sheet.commit();
      // the workbook ends `out` when its last byte is written
      await Promise.all([download.until('finish'), workbook.commit()]);
    },
  };
}
