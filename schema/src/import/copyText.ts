/** COPY's text format (tab-separated, \\N for null, backslash escapes), for the import's staging. */

/** a character COPY's text format must escape */
const COPY_SPECIAL = /[\\\t\n\r]/;

/** A text value in COPY's text format: backslash escapes only where it needs them (most never do). */
export function copyText(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** The values of lines of COPY's text format, for a stager that takes values (PGlite's): \\N is null, escapes undone. */
export function copyRowValues(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue; // after the last line's end
    rows.push(
      line.split('\t').map((v) => (v === '\\N' ? null : v.includes('\\') ? v.replace(/\\(.)/g, (_, c: string) => UNESCAPED[c] ?? c) : v)),
    );
  }
  return rows;
}

const UNESCAPED: Record<string, string> = { t: '\t', n: '\n', r: '\r' };
