/**
 * The reader: a clerk's .xlsx or CSV as located rows of values, by column key, whatever title rows,
 * units rows, encodings and sheets the file has. Pure file work; what the values mean is the caller's.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Text } from '../../errors';
import { ImportFileError, type ImportLimits, type ImportProblem } from '../contract';
import { rawText, textOf, type CellValue } from './cells';
import { checkWorkbookZip, DEFAULT_IMPORT_LIMITS, FORMAT_HEAD_BYTES, formatOf } from './files';
import {
  HEADER_SCAN_ROWS,
  HeaderMatcher,
  isUnitsRow,
  missingColumnsProblem,
  noHeaderProblem,
  type ColumnSpec,
  type HeaderMatch,
} from './headers';
import { worksheets } from './sheetXml';
import { csvSheet, fileHead, type RawRow, type RawSheet, type TableFile } from './sources';

export type { CellValue } from './cells';
export type { ColumnSpec } from './headers';
export type { TableFile } from './sources';
export { headerKey } from './headers';
export * from './cells';
export { markWorkbook } from './mark';
export { DEFAULT_IMPORT_LIMITS } from './files';

export interface SheetStart {
  kind: 'sheet';
  sheet: string;
  headerRow: number;
  /** found columns, by ColumnSpec.key */
  columns: Record<string, { column: number; header: string }>;
  ignoredHeaders: string[];
}

export interface DataRow {
  kind: 'row';
  sheet: string;
  row: number;
  /** by ColumnSpec.key, for the columns the sheet has; an empty cell is null */
  cells: Record<string, CellValue>;
}

/** e.g. a sheet whose required column is missing, a formula without a cached result */
export interface RowProblem {
  kind: 'problem';
  problem: ImportProblem;
}

/** What the reader gives: a sheet's header found, a row under it, or a problem. */
export type TableItem = SheetStart | DataRow | RowProblem;

/**
 * Streams every sheet of a .xlsx (exceljs' streaming reader) or a CSV (UTF-8 with/without BOM, or GBK), header
 * row found by its column names below any title rows; throws ImportFileError for a file that cannot be read at
 * all (.xls with how to save as .xlsx, not what its name says, zip bomb, over maxRows, empty). Sheets with no
 * recognisable header and no data are skipped.
 */
export async function* readTable(
  file: TableFile,
  columns: ColumnSpec[],
  options: { limits?: ImportLimits; onRow?(rowsRead: number): void } = {},
): AsyncGenerator<TableItem> {
  for await (const items of readTableBatches(file, columns, options)) yield* items;
}

/**
 * readTable's items a batch at a time (the rows of a chunk of the file): what a county's import reads, where one
 * step of an async generator a row, through every layer, cost more than reading the row.
 */
export async function* readTableBatches(
  file: TableFile,
  columns: ColumnSpec[],
  options: { limits?: ImportLimits; onRow?(rowsRead: number): void } = {},
): AsyncGenerator<TableItem[]> {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  const size = 'bytes' in file ? file.bytes.length : (await stat(file.path)).size;
  const format = formatOf({ name: file.name, head: await fileHead(file, FORMAT_HEAD_BYTES), size }, limits);
  let sheets: AsyncIterable<RawSheet>;
  if (format === 'xlsx') {
    // a workbook is read whole: its zip's directory, which the checks and the sheets need, is at its end
    const bytes = 'bytes' in file ? file.bytes : await readFile(file.path);
    const merges = await checkWorkbookZip(file.name, bytes, limits);
    sheets = worksheets(bytes, merges, { fillMerged: true });
  } else {
    sheets = (async function* () {
      yield csvSheet(file);
    })();
  }
  const matcher = new HeaderMatcher(columns);
  const count = { rows: 0, sheetsWithHeader: 0 };
  try {
    for await (const sheet of sheets) yield* readSheet(sheet, matcher, count, limits, options.onRow);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError({
      zh: `无法读取文件“${file.name}”：${(error as Error).message}。请在 Excel 或 WPS 中打开并重新保存后再导入`,
      en: `The file “${file.name}” cannot be read: ${(error as Error).message}. Open it in Excel or WPS, save it again and import it`,
    });
  }
  if (count.sheetsWithHeader === 0 && count.rows === 0) {
    const required = (matcher.required.length ? matcher.required : columns).map((s) => s.headers[0]!);
    throw new ImportFileError({
      zh: `文件“${file.name}”中没有可导入的数据：找不到含有 ${required.join('、')} 等列名的表头`,
      en: `The file “${file.name}” holds nothing to import: no header row naming columns such as ${required.join(', ')} was found`,
    });
  }
}

const rowTexts = (row: RawRow): (string | null)[] => Array.from(row.values, (value) => (value === undefined ? null : textOf(value)));
/** no cell with a value other than blanks (checked on every row: kept cheap) */
function isEmpty(row: RawRow): boolean {
  for (const value of row.values) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() !== '') return false;
  }
  return true;
}

/** header cells as written (a line break kept), for the problems table */
const headerTexts = (row: RawRow): (string | null)[] =>
  Array.from(row.values, (value) => (value !== undefined && value !== null ? rawText(value)!.trim() || null : null));

async function* readSheet(
  sheet: RawSheet,
  matcher: HeaderMatcher,
  count: { rows: number; sheetsWithHeader: number },
  limits: ImportLimits,
  onRow: ((rowsRead: number) => void) | undefined,
): AsyncGenerator<TableItem[]> {
  // rows above the header are kept (at most HEADER_SCAN_ROWS) until it is found
  const scanned: { row: RawRow; match: HeaderMatch }[] = [];
  let header: { row: number; match: HeaderMatch } | null = null;
  let skipped = false; // the sheet's rows are not read (header incomplete or missing)
  let afterHeader = 0;
  let firstDataRow: number | null = null;

  const decide = (): (SheetStart | RowProblem)[] => {
    // no full header in the scanned rows: the best partial one is reported, or the sheet's lack of one
    const best = scanned
      .filter((s) => matcher.isPartialHeader(s.match))
      .sort((a, b) => Object.keys(b.match.columns).length - Object.keys(a.match.columns).length)[0];
    skipped = true;
    if (best) {
      return [
        {
          kind: 'sheet',
          sheet: sheet.name,
          headerRow: best.row.row,
          columns: best.match.columns,
          ignoredHeaders: best.match.ignoredHeaders,
        },
        ...best.match.missing.map((key): RowProblem => {
          const spec = matcher.specs.find((s) => s.key === key)!;
          return { kind: 'problem', problem: missingColumnsProblem(sheet.name, best.row.row, spec.headers[0]!, spec.headers) };
        }),
      ];
    }
    const filled = scanned.find((s) => s.row.values.some((v) => v !== undefined && v !== null));
    if (!filled || sheet.hidden) return [];
    return [
      {
        kind: 'problem',
        problem: noHeaderProblem(
          sheet.name,
          filled.row.row,
          (matcher.required.length ? matcher.required : matcher.specs).map((s) => s.headers[0]!),
        ),
      },
    ];
  };

  // a header row waits one row: a header over two rows (merged group cells above, their parts below) is read by its lower row
  let candidate: { row: number; match: HeaderMatch } | null = null;
  let found: { key: string; index: number; name: string }[] | null = null;
  let blank: Record<string, CellValue> | null = null;
  const start = (found: { row: number; match: HeaderMatch }): SheetStart => {
    count.sheetsWithHeader++;
    return {
      kind: 'sheet',
      sheet: sheet.name,
      headerRow: found.row,
      columns: found.match.columns,
      ignoredHeaders: found.match.ignoredHeaders,
    };
  };

  for await (const batch of sheet.rows) {
    if (skipped) continue; // read to the end all the same: the next sheet follows in the stream
    const items: TableItem[] = [];
    for (const raw of batch) {
      if (skipped) break;
      if (!header) {
        const match = matcher.match(headerTexts(raw));
        if (candidate) {
          const lower = matcher.isHeader(match) && Object.keys(match.columns).length >= Object.keys(candidate.match.columns).length;
          header = lower ? { row: raw.row, match } : candidate;
          items.push(start(header));
          if (lower) continue;
        } else if (matcher.isHeader(match)) {
          candidate = { row: raw.row, match };
          continue;
        } else {
          scanned.push({ row: raw, match });
          if (scanned.length >= HEADER_SCAN_ROWS) items.push(...decide());
          continue;
        }
      }
      if (!header) continue;
      afterHeader++;
      if (isEmpty(raw)) continue;
      if (afterHeader <= 2 && firstDataRow === null && isUnitsRow(rowTexts(raw))) continue;
      firstDataRow ??= raw.row;
      if (++count.rows > limits.maxRows) {
        throw new ImportFileError(
          {
            zh: `文件超过了 ${limits.maxRows.toLocaleString('en')} 行数据的导入上限（读到工作表“${sheet.name}”第 ${raw.row} 行）；请按乡镇拆成几个文件分别导入`,
            en: `The file has more than the import limit of ${limits.maxRows.toLocaleString('en')} data rows (reached at sheet “${sheet.name}”, row ${raw.row}); split it (by township, say) and import the parts`,
          },
          sheet.name,
        );
      }
      found ??= Object.entries(header.match.columns).map(([key, { column, header: name }]) => ({ key, index: column - 1, name }));
      // every row's record copied from one with the sheet's keys (their shape made once), then filled in
      blank ??= Object.fromEntries(found.map((f) => [f.key, null])) as Record<string, CellValue>;
      const cells: Record<string, CellValue> = { ...blank };
      const { values, problems } = raw;
      for (const { key, index, name } of found) {
        const value = values[index];
        if (value === undefined) continue;
        cells[key] = value;
        const problem = problems?.[index];
        if (problem) items.push({ kind: 'problem', problem: cellProblem(sheet.name, raw.row, index + 1, name, value, problem) });
      }
      items.push({ kind: 'row', sheet: sheet.name, row: raw.row, cells });
    }
    if (items.length) yield items;
    onRow?.(count.rows);
  }
  if (!header && candidate) yield [start((header = candidate))];
  else if (!header && !skipped) yield decide();
}

function cellProblem(sheet: string, row: number, column: number, header: string, value: CellValue, message: Text): ImportProblem {
  return { sheet, row, column, header, value: rawText(value), message };
}
