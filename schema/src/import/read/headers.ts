/**
 * Finding the header row under a sheet's title rows, and matching its cells to the columns an import
 * takes, by name and never by position.
 */
import type { Text } from '../../errors';
import type { ImportProblem } from '../contract';
import { halfWidth } from './cells';

export interface ColumnSpec {
  key: string;
  /** accepted header names and variants; compared without spaces, line breaks, width or a leading * */
  headers: string[];
  required?: boolean;
}

/** Header text as compared: 务工时间（月） = 务工时间(月) = "务工时间\n(月)" = *务工时间(月). */
export function headerKey(text: string): string {
  return halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/^[*※]+|[*※]+$/g, '')
    .replace(/[【〔［]/g, '(')
    .replace(/[】〕］]/g, ')')
    .toLowerCase();
}

export interface HeaderMatch {
  columns: Record<string, { column: number; header: string }>;
  ignoredHeaders: string[];
  /** keys of required columns the row lacks */
  missing: string[];
}

/** Title rows and units rows are scanned this far down for the header. */
export const HEADER_SCAN_ROWS = 30;

export class HeaderMatcher {
  private readonly byHeader = new Map<string, string>();
  readonly required: ColumnSpec[];

  constructor(readonly specs: ColumnSpec[]) {
    for (const spec of specs) for (const header of spec.headers) this.byHeader.set(headerKey(header), spec.key);
    this.required = specs.filter((s) => s.required);
  }

  /** The row's cells matched to the specs: the first column wins when two name the same key. */
  match(cells: readonly (string | null)[]): HeaderMatch {
    const columns: HeaderMatch['columns'] = {};
    const ignoredHeaders: string[] = [];
    cells.forEach((text, index) => {
      if (text === null || text.trim() === '') return;
      const key = this.byHeader.get(headerKey(text));
      if (key === undefined || columns[key]) ignoredHeaders.push(text);
      else columns[key] = { column: index + 1, header: text };
    });
    return { columns, ignoredHeaders, missing: this.required.filter((s) => !columns[s.key]).map((s) => s.key) };
  }

  /** Enough of the specs named to be the header row: every required column, and at least two (or all) columns. */
  isHeader(match: HeaderMatch): boolean {
    return match.missing.length === 0 && Object.keys(match.columns).length >= Math.min(2, this.specs.length);
  }

  /** A header row that names some columns but lacks required ones (reported rather than skipped). */
  isPartialHeader(match: HeaderMatch): boolean {
    return Object.keys(match.columns).length >= Math.min(2, this.specs.length);
  }

  nameOf(key: string): string {
    return this.specs.find((s) => s.key === key)?.headers[0] ?? key;
  }
}

/**
 * A row under the header that only carries units ((元), 单位：人, 月) or column numbers (1 2 3 …): the
 * national system's second header row, skipped.
 */
export function isUnitsRow(cells: readonly (string | null)[]): boolean {
  const filled = cells.map((c) => (c === null ? '' : headerKey(c))).filter((c) => c !== '');
  if (!filled.length) return false;
  if (filled.every((c, i) => c === String(Number(filled[0]) + i)) && /^[0-9]+$/.test(filled[0]!)) return true;
  return filled.every((c) => /^\(?(单位[:：]?)?(元|万元|元\/人|人|口|个|户|月|个月|年|岁|亩|%|平方米|m2|㎡)\)?$/.test(c));
}

export function missingColumnsProblem(sheet: string, headerRow: number, header: string, accepted: string[]): ImportProblem {
  const message: Text = {
    zh: `工作表“${sheet}”的表头（第 ${headerRow} 行）缺少必需的列“${header}”（可用列名：${accepted.join('、')}）；该表的数据未读取`,
    en: `The header of sheet “${sheet}” (row ${headerRow}) lacks the required column “${header}” (accepted names: ${accepted.join(', ')}); its rows were not read`,
  };
  return { sheet, row: headerRow, column: null, header, value: null, message };
}

export function noHeaderProblem(sheet: string, firstRow: number, required: string[]): ImportProblem {
  const names = required.join('、');
  return {
    sheet,
    row: firstRow,
    column: null,
    header: null,
    value: null,
    message: {
      zh: `工作表“${sheet}”有数据，但在前 ${HEADER_SCAN_ROWS} 行中找不到表头（应有 ${names} 等列名）；该表的数据未读取`,
      en: `Sheet “${sheet}” holds data but no header row was found in its first ${HEADER_SCAN_ROWS} rows (expected column names such as ${required.join(', ')}); its rows were not read`,
    },
  };
}
