/**
 * The rows of a workbook or CSV as they stand, one sheet after another, streamed: sheetXml.ts for .xlsx,
 * Papa Parse's parser for CSV (decoded as UTF-8 or GBK, whichever it is), fed a decoded chunk at a time.
 * Not csv-parse: told to accept rows of different lengths (a title row above the header has one cell), it
 * still builds an error object with deep copies of the row and its options for every such row, which took
 * most of the time of reading a county. Nor Papa Parse's own Node stream: paused by backpressure every few
 * rows, it parses the rest of its chunk again on each resume.
 */
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Text } from '../../errors';
import type { CellValue } from './cells';
import { isUtf16, type MergedRange } from './files';

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

/** The buffer as a stream of 1 MB chunks, so that the parser works on it as on a file. */
function chunks(bytes: Buffer): Readable {
  const size = 1 << 20;
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })(),
    { objectMode: false },
  );
}

/**
 * A file to read: its bytes, or its path on disk (an upload), which is streamed, never read whole (a
 * county's CSV is 140 MB). A workbook is read whole all the same: its zip's directory is at its end.
 */
export type TableFile = { name: string; bytes: Buffer } | { name: string; path: string };

/** The file's bytes as 1 MB chunks. */
export function fileChunks(file: TableFile): Readable {
  return 'bytes' in file ? chunks(file.bytes) : createReadStream(file.path, { highWaterMark: 1 << 20 });
}

/** The file's first `length` bytes (fewer when it is shorter). */
export async function fileHead(file: TableFile, length: number): Promise<Buffer> {
  if ('bytes' in file) return file.bytes.subarray(0, length);
  const handle = await open(file.path);
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether the whole file is valid UTF-8, read a chunk at a time (each checked whole, a character cut at its end carried over). */
async function isUtf8File(file: TableFile): Promise<boolean> {
  if ('bytes' in file) return isUtf8(file.bytes);
  let carried: Buffer | null = null;
  for await (const chunk of fileChunks(file)) {
    const bytes: Buffer = carried ? Buffer.concat([carried, chunk as Buffer]) : (chunk as Buffer);
    const whole = completeLength(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) return false;
    carried = whole < bytes.length ? bytes.subarray(whole) : null;
  }
  return carried === null;
}

/** The length of the bytes up to a UTF-8 sequence cut by their end (its lead byte among the last three), if any. */
function completeLength(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/** UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8, UTF-16 by its mark, else GBK (WPS's default). */
async function csvEncodingOf(file: TableFile, head: Buffer): Promise<'utf8' | 'utf16' | 'gb18030'> {
  if (isUtf16(head)) return 'utf16';
  return (await isUtf8File(file)) ? 'utf8' : 'gb18030';
}

/** Comma, or the tab of Excel's “Unicode text”, or a semicolon, whichever the first line has most of. */
function delimiterOf(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Windows' \r\n, old Macs' \r or \n, by the first line break (the parser itself does not guess it). */
function newlineOf(head: string): '\r\n' | '\r' | '\n' {
  const at = head.search(/[\r\n]/);
  if (at < 0 || head[at] === '\n') return '\n';
  return head[at + 1] === '\n' ? '\r\n' : '\r';
}

/** A CSV as one sheet named after the file, streamed; row numbers are records, as Excel shows them. */
export function csvSheet(file: TableFile): RawSheet {
  return {
    name: file.name.replace(/\.[^.]*$/, ''),
    hidden: false,
    merges: [],
    rows: (async function* () {
      const headBytes = await fileHead(file, 65_536);
      const encoding = await csvEncodingOf(file, headBytes);
      const head = iconv.decode(headBytes, encoding);
      const delimiter = delimiterOf(head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '');
      const decoded = fileChunks(file).pipe(iconv.decodeStream(encoding)); // strips the byte-order mark
      const parser = new Papa.Parser({ delimiter, newline: newlineOf(head), skipEmptyLines: false });
      // the rows complete in each chunk; the rest (a row cut by the chunk's end, quotes and all) waits for the next
      // a chunk's rows at once: one step of the generator a chunk, not a row
      async function* records(): AsyncGenerator<string[][]> {
        let rest = '';
        for await (const text of decoded as AsyncIterable<string>) {
          const input = rest + text;
          const parsed = parser.parse(input, 0, true) as Papa.ParseResult<string[]>;
          yield parsed.data;
          rest = input.slice(parsed.meta.cursor);
        }
        if (rest) yield (parser.parse(rest, 0, false) as Papa.ParseResult<string[]>).data;
      }
      let row = 0;
      for await (const chunk of records())
        for (const record of chunk) {
          row++;
          const cells: (RawCell | undefined)[] = [];
          for (let i = 0; i < record.length; i++) if (record[i] !== '') cells[i] = { value: record[i]!, problem: null };
          yield { row, cells };
        }
    })(),
  };
}
