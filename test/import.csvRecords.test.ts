/**
 * The CSV reader's records (read/sources.ts CsvRecords): fed a file's text cut anywhere into chunks, it gives
 * the records the file holds, quoted fields, doubled quotes and line breaks inside quotes included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecords } from '../schema/src/import/read/sources';

/** The records of `text` fed in chunks cut at `cuts`, each as its values ('' for a hole) with its row number. */
function records(text: string, cuts: number[], delimiter = ',', newline = '\r\n'): { row: number; values: string[] }[] {
  const reader = new CsvRecords(delimiter, newline);
  const rows = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    rows.push(...reader.push(text.slice(at, cut)));
    at = cut;
  }
  rows.push(...reader.push(text.slice(at)), ...reader.end());
  return rows.map((r) => ({ row: r.row, values: Array.from(r.values, (v) => (v === undefined ? '' : String(v))) }));
}

/** A field as a CSV writer quotes it: only when it holds the delimiter, a quote or a line break. */
const written = (field: string, delimiter: string) =>
  field.includes(delimiter) || /["\r\n]/.test(field) || field.startsWith(' ') ? `"${field.replace(/"/g, '""')}"` : field;

describe('CsvRecords', () => {
  it('reads plain, quoted and empty fields, doubled quotes and line breaks inside quotes, empty lines and a last line without a break', () => {
    const text = 'a,b,,d\r\n"x, y","say ""hi""",3\r\n\r\n"two\r\nlines",z\r\n韦明,"",泗城镇\r\nlast,line';
    const expected = [
      { row: 1, values: ['a', 'b', '', 'd'] },
      { row: 2, values: ['x, y', 'say "hi"', '3'] },
      { row: 3, values: [''] },
      { row: 4, values: ['two\r\nlines', 'z'] },
      { row: 5, values: ['韦明', '', '泗城镇'] },
      { row: 6, values: ['last', 'line'] },
    ];
    expect(records(text, [])).toEqual(expected);
    // cut at every place: inside a quoted field, between a quote and its double, inside a line break
    for (let cut = 1; cut < text.length; cut++) expect(records(text, [cut])).toEqual(expected);
  });

  it('keeps a quote inside an unquoted field, a closing quote not followed by a delimiter, and the rest of an unclosed quote', () => {
    expect(records('ab"c,d\n"x"y,z"\n"open,end', [], ',', '\n')).toEqual([
      { row: 1, values: ['ab"c', 'd'] },
      { row: 2, values: ['x"y,z'] },
      { row: 3, values: ['open,end'] },
    ]);
    // spaces between a closing quote and the delimiter are dropped
    expect(records('"a"  ,b\n', [], ',', '\n')).toEqual([{ row: 1, values: ['a', 'b'] }]);
  });

  it('gives back any table written as CSV, cut into chunks anywhere, with tabs or semicolons as delimiter and any line break', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '韦', ' ', ',', ';', '\t', '"', '\r', '\n', '1'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', '\t', ';'),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.array(fc.nat(), { maxLength: 5 }),
        (table, delimiter, newline, cuts) => {
          const text = table.map((row) => row.map((f) => written(f, delimiter)).join(delimiter)).join(newline) + newline;
          const read = records(
            text,
            cuts.map((c) => c % (text.length + 1)),
            delimiter,
            newline,
          );
          expect(read.map((r) => r.values)).toEqual(table);
          expect(read.map((r) => r.row)).toEqual(table.map((_, i) => i + 1));
        },
      ),
      { numRuns: 500 },
    );
  });
});
