/**
 * The rows of an .xlsx read straight from its zip: each worksheet inflated as a stream and scanned row by
 * row, shared strings and date styles looked up as Excel defines them. It replaces exceljs' streaming reader,
 * which garbled Chinese text split between two chunks, now and then lost a sheet when the temporary files it
 * parks sheets in raced (sheets stored before the shared strings, as exceljs itself writes them), and used
 * about 20 % more processor time; memory stays at one chunk of the sheet, the shared strings and the styles.
 */
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import type { Text } from '../../errors';
import type { CellValue } from './cells';
import { zipEntry, type MergedRange, type WorkbookMerges } from './files';
import type { RawCell, RawRow, RawSheet } from './sources';

const NO_CACHED_VALUE: Text = {
  zh: '单元格是公式，但文件中没有保存它的计算结果（系统不计算公式）；请在 Excel 或 WPS 中打开文件、保存后再导入，或把公式改为数值',
  en: 'The cell holds a formula whose result was not saved in the file (the hub does not compute formulas); open and save the file in Excel or WPS, or replace the formula by its value, and import again',
};

function errorValue(error: string): Text {
  return { zh: `单元格是错误值 ${error}，请改正后再导入`, en: `The cell holds the error value ${error}; correct it and import again` };
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text;
  return (
    text
      .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
        e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!,
      )
      // Excel writes control characters as _x000D_ and the like
      .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  );
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) found[m[1]!] = unescapeXml(m[2]!);
  return found;
}

/** The text of a string item (<si>) or inline string (<is>): its <t> runs joined, phonetic guides (<rPh>) left out. */
function stringItem(xml: string): string {
  const text = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let joined = '';
  for (const m of text.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) joined += m[1];
  return unescapeXml(joined);
}

/** An entry inflated as text, chunk by chunk (a character split between chunks is kept whole). */
async function* entryText(bytes: Buffer, name: string): AsyncGenerator<string> {
  const entry = zipEntry(bytes, name);
  if (!entry) return;
  const decoder = new StringDecoder('utf8');
  if (entry.method === 0) {
    yield decoder.end(entry.data);
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  inflate.end(entry.data);
  for await (const chunk of inflate as AsyncIterable<Buffer>) yield decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

async function wholeText(bytes: Buffer, name: string): Promise<string | null> {
  if (!zipEntry(bytes, name)) return null;
  let text = '';
  for await (const chunk of entryText(bytes, name)) text += chunk;
  return text;
}

/**
 * Complete <tag …>…</tag> (or <tag …/>) elements from streamed text, in order, a chunk's worth at a time. The
 * character after the name must end it (<row> is not <rowBreaks>).
 */
async function* elements(chunks: AsyncIterable<string>, tag: string): AsyncGenerator<string[]> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    const found: string[] = [];
    let at = 0;
    for (;;) {
      let start = buffer.indexOf(open, at);
      while (start >= 0 && start + open.length < buffer.length && !isNameEnd(buffer.charCodeAt(start + open.length)))
        start = buffer.indexOf(open, start + 1);
      if (start < 0) {
        // keep what may be the beginning of the next element
        at = Math.max(at, buffer.length - open.length);
        break;
      }
      const gt = start + open.length < buffer.length ? buffer.indexOf('>', start) : -1;
      if (gt < 0) {
        at = start;
        break;
      }
      if (buffer.charCodeAt(gt - 1) === 47 /* / */) {
        found.push(buffer.slice(start, gt + 1));
        at = gt + 1;
        continue;
      }
      const end = buffer.indexOf(close, gt);
      if (end < 0) {
        at = start;
        break;
      }
      found.push(buffer.slice(start, end + close.length));
      at = end + close.length;
    }
    buffer = buffer.slice(at);
    if (found.length) yield found;
  }
}

/** space, tab, line break, > or / */
function isNameEnd(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

/** Number formats Excel shows as dates: built-in ids, and custom codes with date parts outside quotes and brackets. */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^(General|@)$/i.test(bare);
}

/** Which cell styles (the s attribute) show dates. */
function dateStyles(styles: string | null): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const a = attributes(m[0]);
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const cellXfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(styles)?.[0] ?? '';
  return [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((m) => {
    const id = Number(attributes(m[0]).numFmtId ?? 0);
    return custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATES.has(id);
  });
}

function columnNumber(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
}

/** Excel's day number as a Date (midnight UTC), in the 1900 or 1904 system. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000));
}

interface Workbook {
  sheets: { name: string; path: string; hidden: boolean }[];
  shared: string[];
  dates: boolean[];
  date1904: boolean;
}

async function workbookOf(bytes: Buffer): Promise<Workbook> {
  const workbook = (await wholeText(bytes, 'xl/workbook.xml')) ?? '';
  const rels = (await wholeText(bytes, 'xl/_rels/workbook.xml.rels')) ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => attributes(m[0])).map((a) => [a.Id, a.Target ?? ''] as const),
  );
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => {
    const a = attributes(m[0]);
    // the relationship id, whatever prefix its namespace has (r:id as Excel and WPS write it)
    const target = targets.get(Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '') ?? '';
    return {
      name: a.name ?? '',
      path: target.startsWith('/') ? target.slice(1) : `xl/${target}`,
      hidden: a.state === 'hidden' || a.state === 'veryHidden',
    };
  });
  const shared: string[] = [];
  for await (const items of elements(entryText(bytes, 'xl/sharedStrings.xml'), 'si')) for (const si of items) shared.push(stringItem(si));
  const pr = /<workbookPr\b[^>]*>/.exec(workbook)?.[0];
  const date1904 = pr ? ['1', 'true'].includes(attributes(pr).date1904 ?? '') : false;
  return { sheets, shared, dates: dateStyles(await wholeText(bytes, 'xl/styles.xml')), date1904 };
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>|<v\s*\/>/;

/** One <c> element as a raw cell, or undefined for an empty one. */
function cellOf(attrs: string, inner: string | undefined, book: Workbook): RawCell | undefined {
  const type = /\bt="([^"]*)"/.exec(attrs)?.[1] ?? 'n';
  if (inner === undefined) return undefined;
  const formula = inner.includes('<f');
  const v = VALUE.exec(inner);
  const text = v ? unescapeXml(v[1] ?? '') : null;
  let value: CellValue;
  switch (type) {
    case 's':
      if (text === null) return undefined;
      value = book.shared[Number(text)] ?? null;
      break;
    case 'inlineStr':
      value = stringItem(inner);
      break;
    case 'str':
    case 'b':
      if (text === null) return formula ? { value: null, problem: NO_CACHED_VALUE } : undefined;
      value = type === 'str' ? text : text === '1' || text === 'true';
      break;
    case 'e':
      return { value: null, problem: errorValue(text ?? '#VALUE!') };
    default: {
      if (text === null || text === '') return formula ? { value: null, problem: NO_CACHED_VALUE } : undefined;
      const number = Number(text);
      const style = /\bs="([0-9]+)"/.exec(attrs)?.[1];
      value = Number.isNaN(number) ? text : style !== undefined && book.dates[Number(style)] ? excelDate(number, book.date1904) : number;
    }
  }
  return { value, problem: null };
}

/** A row's cells as the reader gives them: values, and the problems of the cells that have one. */
function rawRow(row: number, cells: (RawCell | undefined)[]): RawRow {
  const values: (CellValue | undefined)[] = [];
  let problems: (Text | undefined)[] | undefined;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === undefined) continue;
    values[i] = cell.value;
    if (cell.problem) (problems ??= [])[i] = cell.problem;
  }
  return problems ? { row, values, problems } : { row, values };
}

/** Every worksheet of an .xlsx, streamed; with `fillMerged`, each cell of a merged range gives the range's value. */
export async function* worksheets(bytes: Buffer, merges: WorkbookMerges, options: { fillMerged: boolean }): AsyncGenerator<RawSheet> {
  const book = await workbookOf(bytes);
  for (const sheet of book.sheets) {
    const ranges = merges.get(sheet.path) ?? [];
    yield {
      name: sheet.name,
      hidden: sheet.hidden,
      merges: ranges,
      rows: (async function* () {
        let rowNumber = 0;
        let next = 0;
        let active: { range: MergedRange; master: RawCell | undefined }[] = [];
        for await (const batch of elements(entryText(bytes, sheet.path), 'row')) {
          const rows: RawRow[] = [];
          for (const row of batch) {
            const gt = row.indexOf('>');
            const r = /\br="([0-9]+)"/.exec(row.slice(0, gt))?.[1];
            rowNumber = r ? Number(r) : rowNumber + 1;
            const cells: (RawCell | undefined)[] = [];
            if (row[gt - 1] !== '/') {
              let column = 0;
              for (const m of row.slice(gt + 1).matchAll(CELL)) {
                const reference = /\br="([A-Z]+)/.exec(m[1]!)?.[1];
                column = reference ? columnNumber(reference) : column + 1;
                const cell = cellOf(m[1]!, m[2], book);
                if (cell) cells[column - 1] = cell;
              }
            }
            if (options.fillMerged && ranges.length) {
              while (next < ranges.length && ranges[next]!.top <= rowNumber) active.push({ range: ranges[next++]!, master: undefined });
              active = active.filter((a) => a.range.bottom >= rowNumber);
              for (const a of active) {
                if (a.range.top === rowNumber) a.master = cells[a.range.left - 1];
                if (!a.master) continue;
                for (let c = a.range.left; c <= a.range.right; c++) cells[c - 1] ??= a.master;
              }
            }
            rows.push(rawRow(rowNumber, cells));
          }
          if (rows.length) yield rows;
        }
      })(),
    };
  }
}
