/** The files an export writes and the import reads back: their formats, and CSV's guard against formulas. */

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The format a file name asks for, by its extension. */
export function formatOf(fileName: string): ExportFormat | null {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'xlsx' ? extension : null;
}

const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

/**
 * CSV has no cell types, so a text that starts like a formula (`= + - @`, tab, carriage return) gets a
 * leading apostrophe, as OWASP advises against CSV injection; so does one that already starts with
 * apostrophes before such a character, so that the hub's import (`unneutralised`) gives every text back
 * as it was. XLSX needs none of this: its cells are typed (see xlsxSink).
 */
export function neutralised(value: string): string {
  return FORMULA_LIKE.test(value) ? `'${value}` : value;
}

/** A CSV cell's text as the hub exported it, without the apostrophe `neutralised` added. */
export function unneutralised(value: string): string {
  return FORMULA_LIKE.test(value) && value.startsWith("'") ? value.slice(1) : value;
}
