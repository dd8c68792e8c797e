/**
 * Import (导入): the shapes that the import's parts agree on. The reader (read/) turns a workbook or CSV
 * into located rows; the national register sheet (nationalSheet.ts) turns a row into hub field values;
 * the engine groups, checks against the database, previews, writes all or nothing and undoes; the server
 * and the admin reach it through `POST /import/<list>` and the `importJob` queries and mutations.
 */
import type { Text } from '../errors';

/** Where a value stands in the file the user gave, as Excel or WPS shows it. */
export interface CellLocation {
  /** the sheet's name (a CSV file has one sheet, named after the file) */
  sheet: string;
  /** 1-based row number, as the spreadsheet shows it */
  row: number;
  /** 1-based column number in that sheet, or null for a problem of the whole row */
  column: number | null;
  /** the column's header as written in the file, or null for a problem of the whole row */
  header: string | null;
}

/** One thing wrong with the file: the clerk sees it in the problems table and on her own workbook. */
export interface ImportProblem extends CellLocation {
  /** the cell's value as the file has it (text), or null */
  value: string | null;
  message: Text;
}

/** A problem that stops the file before its rows are read: not a workbook, a zip bomb, too many rows… */
export class ImportFileError extends Error {
  constructor(
    readonly text: Text,
    /** the sheet it concerns, when it concerns one */
    readonly sheet: string | null = null,
  ) {
    super(text.en);
  }
}

/** The limits every import is held to; documented in the README. */
export interface ImportLimits {
  /** the uploaded file's size */
  maxFileBytes: number;
  /** what a workbook may unpack to (a zip bomb is refused before it is unpacked) */
  maxUnpackedBytes: number;
  /** data rows over every sheet */
  maxRows: number;
}

/** How far a long import has come; the admin draws it as a progress bar. */
export interface ImportProgress {
  /** data rows in the file, once known */
  rowsTotal: number | null;
  rowsRead: number;
  rowsChecked: number;
  rowsWritten: number;
}

/** Problems kept on a job (the clerk fixes the first ones and tries again); problemCount says how many there were. */
export const MAX_KEPT_PROBLEMS = 10_000;

/** Problems in the order the clerk reads her file: sheet by sheet, row by row, left to right. */
export function sortProblems(problems: ImportProblem[], sheetOrder: string[]): ImportProblem[] {
  const order = new Map(sheetOrder.map((s, i) => [s, i]));
  return problems.sort(
    (a, b) => (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0) || a.row - b.row || (a.column ?? 0) - (b.column ?? 0),
  );
}
