/* eslint-disable @typescript-eslint/no-explicit-any -- generic over every resource's row */
/**
 * Spreadsheet exports of any root list (`pnpm hub export`, and the admin's export button through the
 * server's /export route): the rows the viewer may read, with its filter, in keyset pages so that no table
 * is ever held in memory, as CSV (UTF-8 with a byte-order mark, so Excel and WPS read the Chinese) or XLSX
 * (exceljs' streaming writer). Columns carry the fields' Chinese (or English) names, codes their labels,
 * links the linked record's name; sensitive values are masked as the viewer sees them, and every export is
 * audited: who, which list, which filter, how many rows.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { coerceInputValue, type GraphQLInputType } from 'graphql';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { HubContext, Locale } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { columnOf, type FieldSpec } from '../graph/fields';
import { globalId } from '../graph/ids';
import { maskValue } from '../graph/mask';
import { MAX_PAGE_SIZE, type Page } from '../graph/pagination';
import { resources } from '../graph/registry';
import { listPage, refuseSensitiveUse, type Resource } from '../graph/resource';
import { seesMasked } from '../graph/scope';
import { schema } from '../schema';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportRequest {
  /** the root list's name (`households`) or its type's (`Household`) */
  resource: string;
  format: ExportFormat;
  /** the list's filter, as its GraphQL input type takes it (global IDs, enum names) */
  filter?: unknown;
}

/** A checked export, ready to stream: the caller sets its headers (or opens its file) first. */
export interface PreparedExport {
  /** e.g. 贫困户-2026-11-29.xlsx */
  fileName: string;
  contentType: string;
  /** writes every row to `out`, audits the export and ends `out`; resolves to the number of rows */
  write(out: Writable): Promise<number>;
}

interface Column {
  header: string;
  kind: 'text' | 'number' | 'date';
  value(row: Record<string, any>, links: Map<string, Map<number, string>>): string | number | null;
}

/** The format a file name asks for, by its extension. */
export function formatOf(fileName: string): ExportFormat | null {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'xlsx' ? extension : null;
}

/** Checks who asks for what before anything is written, so that a refusal can still be an ordinary error. */
export function prepareExport(ctx: HubContext, request: ExportRequest): PreparedExport {
  const viewer = requireViewer(ctx);
  const resource = [...resources.values()].find((r) => r.config.plural === request.resource || r.config.name === request.resource);
  if (!resource) {
    const lists = [...resources.values()].map((r) => r.config.plural).join(', ');
    throw new HubGraphQLError('NOT_FOUND', { zh: `没有名为 ${request.resource} 的列表；可导出：${lists}`, en: `No list called ${request.resource}; lists to export: ${lists}` }, ctx.locale);
  }
  const filter = checkedFilter(ctx.locale, resource, request.filter);
  refuseSensitiveUse(ctx, resource.config, filter, null);
  const columns = columnsOf(ctx, resource);
  const { config } = resource;
  return {
    fileName: `${config.label[ctx.locale]}-${new Date().toISOString().slice(0, 10)}.${request.format}`,
    contentType: EXPORT_CONTENT_TYPES[request.format],
    async write(out) {
      const sink = request.format === 'csv' ? csvSink(out) : xlsxSink(out, config.label[ctx.locale], columns);
      await sink.header(columns.map((c) => c.header));
      let rows = 0;
      let after: string | null = null;
      do {
        const page: Page<Record<string, unknown>> = await listPage(resource, ctx, { first: MAX_PAGE_SIZE, after, filter });
        const links = await linkedNames(ctx, resource, page.nodes);
        for (const row of page.nodes) await sink.row(columns.map((c) => c.value(row, links)));
        rows += page.nodes.length;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      await ctx.db
        .insertInto('auditLog')
        .values({
          actorUserId: viewer.userId,
          actorTokenId: viewer.tokenId,
          actorName: viewer.username,
          operation: 'EXPORT',
          recordType: config.name,
          recordId: null,
          before: null,
          after: JSON.stringify({ list: config.plural, format: request.format, filter: filter ?? null, rows }),
        })
        .execute();
      // audited before the file is complete: an export that cannot be recorded is not delivered either
      await sink.end();
      return rows;
    },
  };
}

/** The filter checked against the list's GraphQL input type, exactly as the list field would take it. */
function checkedFilter(locale: Locale, resource: Resource, filter: unknown): unknown {
  if (filter === undefined || filter === null) return undefined;
  const type = schema.getType(`${resource.config.name}Filter`) as GraphQLInputType;
  const problems: { field: string; message: string }[] = [];
  const value = coerceInputValue(filter, type, (path, _invalid, error) => problems.push({ field: ['filter', ...path].join('.'), message: error.message }));
  if (problems.length) {
    throw new HubGraphQLError('BAD_USER_INPUT', { zh: `筛选条件有误：${problems[0]!.message}`, en: `Invalid filter: ${problems[0]!.message}` }, locale, { fields: problems });
  }
  return value;
}

const BOOLEAN_LABELS = { zh: ['是', '否'], en: ['Yes', 'No'] } as const;

/** A spreadsheet cell that starts like a formula is written as text (security.md; OWASP CSV injection). */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One column per field and derived field, named and shown as the viewer reads them. */
function columnsOf(ctx: HubContext, resource: Resource): Column[] {
  const { locale } = ctx;
  const masked = seesMasked(ctx);
  const field = (name: string, spec: FieldSpec): Column => {
    const column = columnOf(name, spec);
    const header = spec.label[locale];
    const hidden = spec.revealOnly || (spec.sensitive && masked);
    switch (spec.kind) {
      case 'int':
      case 'decimal':
        return { header, kind: 'number', value: (row) => (row[column] === null || row[column] === undefined ? null : Number(row[column])) };
      case 'date':
        return { header, kind: 'date', value: (row) => row[column] ?? null };
      case 'boolean':
        return { header, kind: 'text', value: (row) => (row[column] === null || row[column] === undefined ? null : BOOLEAN_LABELS[locale][row[column] ? 0 : 1]) };
      case 'enum':
      case 'enumList': {
        const labels = new Map(spec.codes.map((c) => [c.value, c[locale]]));
        return { header, kind: 'text', value: (row) => ([row[column]].flat().filter((v) => v !== null && v !== undefined) as string[]).map((v) => labels.get(v) ?? v).join(locale === 'zh' ? '、' : ', ') || null };
      }
      case 'reference':
        return { header, kind: 'text', value: (row, links) => (row[column] === null ? null : (links.get(name)?.get(row[column]) ?? null)) };
      case 'string':
        return { header, kind: 'text', value: (row) => (row[column] === null || row[column] === undefined ? null : neutralised(String(hidden ? maskValue(row[column]) : row[column]))) };
    }
  };
  const computed = Object.entries(resource.config.computed ?? {}).map(([name, c]): Column => {
    const kind = c.type === 'Int' || c.type === 'Decimal' ? 'number' : c.type === 'Date' ? 'date' : 'text';
    return {
      header: c.label[locale],
      kind,
      value: (row) => {
        const value = row[name];
        if (value === null || value === undefined) return null;
        if (kind === 'number') return Number(value);
        if (c.type === 'Boolean') return BOOLEAN_LABELS[locale][value ? 0 : 1];
        return kind === 'text' ? neutralised(String(c.sensitive && masked ? maskValue(value) : value)) : value;
      },
    };
  });
  return [
    ...Object.entries(resource.config.fields).map(([name, spec]) => field(name, spec)),
    ...computed,
    // the version and the ID let the file come back (import/hubExport.ts): an edit made since is a conflict
    { header: locale === 'zh' ? '版本' : 'Version', kind: 'number', value: (row) => row.version ?? null },
    { header: locale === 'zh' ? '记录标识' : 'Record ID', kind: 'text', value: (row) => globalId(resource.config.name, row.id) },
  ];
}

/** What names a linked record in a cell: its name, number or code, else its ID. */
export function nameColumnOf(target: Resource): string | null {
  const fields = target.config.fields;
  const named = ['name', 'householdNumber', 'code'].find((f) => fields[f]?.kind === 'string');
  const entry = named ? ([named, fields[named]!] as const) : Object.entries(fields).find(([, spec]) => spec.kind === 'string' && spec.required);
  return entry ? columnOf(entry[0], entry[1]) : null;
}

/** The names of the records one page links to, one statement per link, within the viewer's scope. */
async function linkedNames(ctx: HubContext, resource: Resource, rows: Record<string, any>[]): Promise<Map<string, Map<number, string>>> {
  const links = new Map<string, Map<number, string>>();
  for (const [name, spec] of Object.entries(resource.config.fields)) {
    if (spec.kind !== 'reference') continue;
    const target = resources.get(spec.target)!;
    const ids = [...new Set(rows.map((r) => r[spec.column]).filter((id) => id !== null && id !== undefined))] as number[];
    const nameColumn = nameColumnOf(target);
    const found = ids.length
      ? await target
          .from(ctx)
          .select([`${target.config.table}.id as id`, ...(nameColumn ? [`${target.config.table}.${nameColumn} as name`] : [])] as never)
          .where(`${target.config.table}.id` as never, 'in', ids as never)
          .execute()
      : [];
    links.set(name, new Map(found.map((r: any) => [r.id as number, nameColumn ? String(r.name) : globalId(spec.target, r.id)])));
  }
  return links;
}

interface Sink {
  header(names: string[]): Promise<void>;
  row(values: (string | number | null)[]): Promise<void>;
  end(): Promise<void>;
}

/** Waits when the stream asks to (a slow download), so memory stays flat. */
async function send(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error('the download was cut off');
  if (!out.write(chunk)) await until(out, 'drain');
}

/**
 * Waits for `event`, or fails when the stream closes first: a download the client dropped never drains
 * nor finishes, and waiting for it would keep the export's transaction (and on PGlite, every request) waiting.
 */
async function until(out: Writable, event: 'drain' | 'finish'): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([
      once(out, event, { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }).then(() => {
        if (!out.writableFinished) throw new Error('the download was cut off');
      }),
    ]);
  } finally {
    stop.abort();
  }
}

function csvSink(out: Writable): Sink {
  let buffered: (string | number | null)[][] = [];
  const flush = async () => {
    if (buffered.length) await send(out, stringify(buffered));
    buffered = [];
  };
  return {
    // the byte-order mark tells Excel and WPS the file is UTF-8
    header: (names) => send(out, `\uFEFF${stringify([names])}`),
    async row(values) {
      buffered.push(values);
      if (buffered.length >= 500) await flush();
    },
    async end() {
      await flush();
      out.end();
      await until(out, 'finish');
    },
  };
}

function xlsxSink(out: Writable, sheetName: string, columns: Column[]): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ width: Math.max(10, c.header.length * 2 + 2), ...(c.kind === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  return {
    async header(names) {
      const row = sheet.addRow(names);
      row.font = { bold: true };
      row.commit();
    },
    async row(values) {
      // dates as spreadsheet dates (midnight UTC, which is how exceljs counts days)
      sheet.addRow(values.map((v, i) => (columns[i]!.kind === 'date' && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v))).commit();
    },
    async end() {
      sheet.commit();
      // the workbook ends `out` when its last byte is written
      await Promise.all([until(out, 'finish'), workbook.commit()]);
    },
  };
}
