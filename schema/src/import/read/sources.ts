/**
 * The rows of a workbook or CSV as they stand, one sheet after another, streamed: exceljs' streaming
 * reader for .xlsx, csv-parse for CSV (decoded as UTF-8 or GBK, whichever it is).
 */
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type { Text } from '../../errors';
import type { CellValue } from './cells';
import { entryNames, isUtf16, smallEntry, type MergedRange, type WorkbookMerges } from './files';

export interface RawCell {
  value: CellValue;
  /** why the cell gives no value (a formula without a cached result, an error value) */
  problem: Text | null;
}

export interface RawRow {
  /** 1-based, as the spreadsheet shows it */
  row: number;
  /** by 0-based column index; holes for empty cells */
  cells: (RawCell | undefined)[];
}

export interface RawSheet {
  name: string;
  /** hidden sheets hold dropdown lists and the like: skipped quietly unless they carry a header */
  hidden: boolean;
  /** merged ranges (a .xlsx's), which the rows are filled from when asked */
  merges: MergedRange[];
  rows: AsyncIterable<RawRow>;
}

/** The buffer as a stream of 1 MB chunks, so that the parsers work on it as on a file. */
function chunks(bytes: Buffer): Readable {
  const size = 1 << 20;
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })(),
    { objectMode: false },
  );
}

const NO_CACHED_VALUE: Text = {
  zh: '单元格是公式，但文件中没有保存它的计算结果（系统不计算公式）；请在 Excel 或 WPS 中打开文件、保存后再导入，或把公式改为数值',
  en: 'The cell holds a formula whose result was not saved in the file (the hub does not compute formulas); open and save the file in Excel or WPS, or replace the formula by its value, and import again',
};

function errorValue(error: string): Text {
  return { zh: `单元格是错误值 ${error}，请改正后再导入`, en: `The cell holds the error value ${error}; correct it and import again` };
}

type ExcelValue = ExcelJS.CellValue | undefined;

/** exceljs' cell value as a plain value: rich text joined, a hyperlink's text, a formula's cached result. */
function plain(value: ExcelValue): RawCell {
  if (value === null || value === undefined) return { value: null, problem: null };
  if (typeof value === 'number') return Number.isNaN(value) ? { value: null, problem: NO_CACHED_VALUE } : { value, problem: null };
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return { value, problem: null };
  if ('richText' in value) return { value: value.richText.map((r) => r.text).join(''), problem: null };
  if ('error' in value) return { value: null, problem: errorValue(String(value.error)) };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) return { value: null, problem: NO_CACHED_VALUE };
    if (typeof result === 'object' && 'error' in (result as object)) return { value: null, problem: errorValue(String((result as { error: unknown }).error)) };
    return plain(result as ExcelValue);
  }
  if ('hyperlink' in value) return plain((value as { text: ExcelValue }).text);
  return { value: null, problem: null };
}

/**
 * Every worksheet of an .xlsx, streamed (exceljs' WorkbookReader: memory stays flat whatever the row count).
 * With `fillMerged`, every cell of a merged range gives the range's value (household columns merged down the
 * rows of a household's members; a header cell merged over two header rows).
 */
export async function* xlsxSheets(name: string, bytes: Buffer, merges: WorkbookMerges, options: { fillMerged: boolean }): AsyncGenerator<RawSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunks(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // so that a date cell comes as a date
    entries: 'ignore',
  });
  // exceljs names a sheet from workbook.xml only if it has read it already, and fails when a sheet comes
  // first in the zip (as exceljs itself writes them): the sheet list and its links are read beforehand
  const internals = reader as unknown as {
    _parseWorkbook(s: Readable): Promise<void>;
    _parseRels(s: Readable): Promise<void>;
    sharedStrings?: unknown[];
    model?: { sheets?: { name: string; rId: string }[] };
    workbookRels?: { Id: string; Target: string }[];
  };
  await internals._parseWorkbook(Readable.from([smallEntry(name, bytes, 'xl/workbook.xml')!]));
  const rels = smallEntry(name, bytes, 'xl/_rels/workbook.xml.rels');
  if (rels) await internals._parseRels(Readable.from([rels]));
  // no shared strings (inline strings only): the sheets can stream at once instead of waiting in temporary files
  if (!entryNames(name, bytes).has('xl/sharedStrings.xml')) internals.sharedStrings = [];
  const pathOf = (sheetName: string) => {
    const target = internals.workbookRels?.find((r) => r.Id === internals.model?.sheets?.find((s) => s.name === sheetName)?.rId)?.Target;
    return target === undefined ? undefined : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  };
  let index = 0;
  for await (const worksheet of reader) {
    index++;
    // exceljs types the sheet reader loosely; these are the fields it sets
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; state?: string };
    const sheetName = sheet.name ?? `Sheet${index}`;
    const ranges = merges.get(pathOf(sheetName) ?? '') ?? [];
    yield {
      name: sheetName,
      hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
      merges: ranges,
      rows: (async function* () {
        let next = 0;
        let active: { range: MergedRange; master: RawCell | undefined }[] = [];
        for await (const row of sheet) {
          const values = row.values as ExcelValue[];
          const cells: (RawCell | undefined)[] = [];
          for (let c = 1; c < values.length; c++) if (values[c] !== undefined && values[c] !== null) cells[c - 1] = plain(values[c]);
          if (options.fillMerged && ranges.length) {
            while (next < ranges.length && ranges[next]!.top <= row.number) active.push({ range: ranges[next++]!, master: undefined });
            active = active.filter((a) => a.range.bottom >= row.number);
            for (const a of active) {
              if (a.range.top === row.number) a.master = cells[a.range.left - 1];
              if (!a.master) continue;
              for (let c = a.range.left; c <= a.range.right; c++) cells[c - 1] ??= a.master;
            }
          }
          yield { row: row.number, cells };
        }
      })(),
    };
  }
}

/** UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8, UTF-16 by its mark, else GBK (WPS's default). */
export function csvEncodingOf(bytes: Buffer): 'utf8' | 'utf16' | 'gb18030' {
  if (isUtf16(bytes)) return 'utf16';
  return isUtf8(bytes) ? 'utf8' : 'gb18030';
}

/** Comma, or the tab of Excel's “Unicode text”, or a semicolon, whichever the first line has most of. */
function delimiterOf(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** A CSV as one sheet named after the file; row numbers are records, as Excel shows them. */
export function csvSheet(name: string, bytes: Buffer): RawSheet {
  const encoding = csvEncodingOf(bytes);
  const head = iconv.decode(bytes.subarray(0, 65_536), encoding);
  const delimiter = delimiterOf(head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '');
  return {
    name: name.replace(/\.[^.]*$/, ''),
    hidden: false,
    merges: [],
    rows: (async function* () {
      const parser = chunks(bytes)
        .pipe(iconv.decodeStream(encoding)) // strips the byte-order mark
        .pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
      let row = 0;
      for await (const record of parser as AsyncIterable<string[]>) {
        row++;
        const cells: (RawCell | undefined)[] = [];
        record.forEach((text, i) => {
          if (text !== '') cells[i] = { value: text, problem: null };
        });
        yield { row, cells };
      }
    })(),
  };
}
