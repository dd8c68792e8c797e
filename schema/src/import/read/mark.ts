/**
 * The clerk's own file given back with its problems on it: each bad cell filled red with the message as a
 * note, and a 问题 (Problems) column at the end of each bad row, so that she fixes it where she knows it.
 * A small workbook is marked in place (its formatting kept); a large one, and a CSV, are copied row by row
 * through exceljs' streaming writer so that memory stays flat.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { ImportProblem } from '../contract';
import type { CellValue } from './cells';
import { checkWorkbookZip, DEFAULT_IMPORT_LIMITS, formatOf } from './files';
import { HEADER_SCAN_ROWS } from './headers';
import { worksheets } from './sheetXml';
import { csvSheet, type RawSheet } from './sources';

type Locale = 'zh' | 'en';

/** Workbooks up to this size are loaded whole and keep their formatting. */
const IN_PLACE_MAX_BYTES = 2 * 1024 * 1024;

export const PROBLEM_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
const PROBLEMS_HEADER = { zh: '问题', en: 'Problems' } as const;

/** sheet → row → the row's problems */
type ProblemIndex = Map<string, Map<number, ImportProblem[]>>;

function indexOf(problems: ImportProblem[]): ProblemIndex {
  const index: ProblemIndex = new Map();
  for (const p of problems) {
    let rows = index.get(p.sheet);
    if (!rows) index.set(p.sheet, (rows = new Map()));
    rows.set(p.row, [...(rows.get(p.row) ?? []), p]);
  }
  return index;
}

/** What the 问题 column says for a row: each message, after its column's name. */
function rowText(problems: ImportProblem[], locale: Locale): string {
  return problems
    .map((p) => (p.header ? `${p.header}${locale === 'zh' ? '：' : ': '}${p.message[locale]}` : p.message[locale]))
    .join(locale === 'zh' ? '；\n' : ';\n');
}

/** The note on one cell: every message about it. */
function cellNotes(problems: ImportProblem[], locale: Locale): Map<number, string> {
  const notes = new Map<number, string>();
  for (const p of problems)
    if (p.column !== null) notes.set(p.column, notes.has(p.column) ? `${notes.get(p.column)}\n${p.message[locale]}` : p.message[locale]);
  return notes;
}

/** The header row: the first of the top rows with (nearly) as many filled cells as the fullest of them; title rows have one. */
function headerRowOf(filledCounts: number[]): number | null {
  const max = Math.max(0, ...filledCounts);
  if (max < 2) return null;
  const index = filledCounts.findIndex((n) => n >= max * 0.6);
  return index < 0 ? null : index + 1;
}

/**
 * The user's file given back as .xlsx: every problem's cell filled red with its message as a note, and a 问题
 * (Problems) column at the end of each bad row listing that row's messages (locale picks the language); a CSV
 * comes back as an .xlsx of its rows.
 */
export async function markWorkbook(
  file: { name: string; bytes: Buffer },
  problems: ImportProblem[],
  locale: Locale,
  options: { /** workbooks up to this size are marked in place, larger ones copied row by row */ inPlaceMaxBytes?: number } = {},
): Promise<Buffer> {
  const format = formatOf({ name: file.name, head: file.bytes, size: file.bytes.length }, DEFAULT_IMPORT_LIMITS);
  const index = indexOf(problems);
  if (format === 'csv') return markByCopy([csvSheet(file)], index, locale);
  const merges = await checkWorkbookZip(file.name, file.bytes, DEFAULT_IMPORT_LIMITS);
  if (file.bytes.length <= (options.inPlaceMaxBytes ?? IN_PLACE_MAX_BYTES)) return markInPlace(file.bytes, index, locale);
  return markByCopy(worksheets(file.bytes, merges, { fillMerged: false }), index, locale);
}

async function markInPlace(bytes: Buffer, index: ProblemIndex, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const sheet of workbook.worksheets) {
    const rows = index.get(sheet.name);
    if (!rows) continue;
    const problemColumn = sheet.columnCount + 1;
    const filled: number[] = [];
    for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, sheet.rowCount); r++) {
      // a merged title counts once, not once per cell it spans
      let count = 0;
      sheet.getRow(r).eachCell((cell) => {
        if (cell.master === cell) count++;
      });
      filled.push(count);
    }
    const headerRow = headerRowOf(filled);
    if (headerRow !== null) {
      const cell = sheet.getRow(headerRow).getCell(problemColumn);
      cell.value = PROBLEMS_HEADER[locale];
      cell.font = { bold: true, color: { argb: 'FFC00000' } };
    }
    for (const [rowNumber, problems] of rows) {
      const row = sheet.getRow(rowNumber);
      for (const [column, note] of cellNotes(problems, locale)) {
        const cell = row.getCell(column);
        cell.fill = PROBLEM_FILL;
        cell.note = note;
      }
      const cell = row.getCell(problemColumn);
      cell.value = rowText(problems, locale);
      cell.font = { color: { argb: 'FFC00000' } };
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    sheet.getColumn(problemColumn).width = 60;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Writes the rows again, marked, through the streaming writer; dates keep a date format. */
async function markByCopy(sheets: AsyncIterable<RawSheet> | Iterable<RawSheet>, index: ProblemIndex, locale: Locale): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for await (const source of sheets) {
    const sheet = workbook.addWorksheet(source.name.slice(0, 31));
    // merged ranges are known before the rows (the zip check read them), and must be set before rows are committed
    for (const m of source.merges) sheet.mergeCells(m.top, m.left, m.bottom, m.right);
    const problemRows = index.get(source.name) ?? new Map<number, ImportProblem[]>();
    // the header row is known once the top rows are read: they wait until then, the rest stream through
    const top: { row: number; values: CellValue[] }[] = [];
    let width = 0;
    let headerRow: number | null | undefined;
    const write = (row: number, values: CellValue[]) => {
      const written = sheet.getRow(row);
      values.forEach((value, i) => {
        if (value === null) return;
        const cell = written.getCell(i + 1);
        cell.value = value;
        if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
      const problems = problemRows.get(row);
      if (problems) {
        for (const [column, note] of cellNotes(problems, locale)) {
          const cell = written.getCell(column);
          cell.fill = PROBLEM_FILL;
          cell.note = note;
        }
        const cell = written.getCell(Math.max(width, values.length) + 1);
        cell.value = rowText(problems, locale);
        cell.font = { color: { argb: 'FFC00000' } };
        cell.alignment = { wrapText: true, vertical: 'top' };
      } else if (row === headerRow) {
        const cell = written.getCell(Math.max(width, values.length) + 1);
        cell.value = PROBLEMS_HEADER[locale];
        cell.font = { bold: true, color: { argb: 'FFC00000' } };
      }
      written.commit();
    };
    const flushTop = () => {
      headerRow = headerRowOf(top.map((t) => t.values.filter((v) => v !== null).length));
      width = Math.max(...top.map((t) => t.values.length), 0);
      for (const t of top) write(t.row, t.values);
      top.length = 0;
    };
    for await (const batch of source.rows)
      for (const raw of batch) {
        const values = Array.from(raw.values, (v) => v ?? null);
        if (headerRow === undefined) {
          top.push({ row: raw.row, values });
          if (top.length >= HEADER_SCAN_ROWS) flushTop();
        } else {
          write(raw.row, values);
        }
      }
    if (headerRow === undefined) flushTop();
    sheet.commit();
  }
  await workbook.commit();
  await ended;
  return Buffer.concat(parts);
}
