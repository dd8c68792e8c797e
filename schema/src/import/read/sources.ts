/**
 * The rows of a workbook or CSV as they stand, one sheet after another, streamed a batch of rows at a time:
 * sheetXml.ts for .xlsx, CsvRecords below for CSV (decoded as UTF-8 or GBK, whichever it is), fed a decoded
 * chunk at a time. Not csv-parse: told to accept rows of different lengths (a title row above the header has
 * one cell), it still builds an error object with deep copies of the row and its options for every such row.
 * Nor Papa Parse, used before: it read every character of a county's 140 MB one by one, where most records hold
 * no quote and the platform's `split` cuts them (its parser and the decoder before it were 40 % of the file
 * side's time).
 */
import iconv from 'iconv-lite';
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
  /** by 0-based column index; holes (undefined) for empty cells */
  values: (CellValue | undefined)[];
  /** why a cell gives no value, by 0-based column index; absent when no cell of the row has a problem (a CSV's never do) */
  problems?: (Text | undefined)[];
}

export interface RawSheet {
  name: string;
  /** hidden sheets hold dropdown lists and the like: skipped quietly unless they carry a header */
  hidden: boolean;
  /** merged ranges (a .xlsx's), which the rows are filled from when asked */
  merges: MergedRange[];
  /** the rows a batch at a time (a chunk of the file's): one step of the generators a batch, not a row */
  rows: AsyncIterable<RawRow[]>;
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
      const records = new CsvRecords(delimiter, newlineOf(head));
      for await (const text of decodedChunks(file, encoding)) {
        const rows = records.push(text);
        if (rows.length) yield rows;
      }
      const last = records.end();
      if (last.length) yield last;
    })(),
  };
}

/**
 * The file as text a chunk at a time, the byte-order mark left out. UTF-8 by the platform's decoder (its
 * streaming mode keeps a character cut by a chunk's end for the next), a third of iconv's time; GBK and
 * UTF-16 by iconv.
 */
async function* decodedChunks(file: TableFile, encoding: 'utf8' | 'utf16' | 'gb18030'): AsyncGenerator<string> {
  if (encoding !== 'utf8') {
    yield* fileChunks(file).pipe(iconv.decodeStream(encoding)) as AsyncIterable<string>;
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of fileChunks(file))
    for (let at = 0; at < (chunk as Buffer).length; at += BATCH_BYTES)
      yield decoder.decode((chunk as Buffer).subarray(at, at + BATCH_BYTES), { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The text read a batch of rows at a time: 64 KB, some 230 rows of a county's register. Larger batches (a 1 MB
 * chunk's 3,700 rows) outlive the young generation's collections and cost more to collect than they save.
 */
const BATCH_BYTES = 64 * 1024;

const QUOTE = 34;

/**
 * CSV records out of text pushed a chunk at a time, as Papa Parse reads them (RFC 4180: a field may be quoted,
 * "" in a quoted field is a quote, a quote inside an unquoted field is a character like any other; a quoted
 * field whose closing quote is followed by something else than spaces and a delimiter or line break keeps
 * that quote and reads on). A record not yet ended by a line break waits for the next chunk. Most records
 * hold no quote at all: those are split by the platform's `split`, the rest read a character at a time.
 * Empty fields are holes; every record is a row, empty lines too.
 */
export class CsvRecords {
  private rest = '';
  private row = 0;

  constructor(
    private readonly delimiter: string,
    private readonly newline: string,
  ) {}

  /** the records the text completes (with what was left of the chunk before) */
  push(text: string): RawRow[] {
    return this.read(this.rest + text, false);
  }

  /** the last record, which no line break ended */
  end(): RawRow[] {
    const rows = this.rest ? this.read(this.rest, true) : [];
    this.rest = '';
    return rows;
  }

  private read(text: string, last: boolean): RawRow[] {
    const rows: RawRow[] = [];
    const { delimiter, newline } = this;
    let at = 0;
    let quote = text.indexOf('"');
    while (at < text.length) {
      let end = text.indexOf(newline, at);
      if (end < 0) {
        if (!last) break;
        end = text.length;
      }
      if (quote >= 0 && quote < at) quote = text.indexOf('"', at);
      if (quote < 0 || quote >= end) {
        const values: (string | undefined)[] = text.slice(at, end).split(delimiter);
        for (let i = 0; i < values.length; i++) if (values[i] === '') values[i] = undefined;
        rows.push({ row: ++this.row, values });
        at = end + newline.length;
        continue;
      }
      const quoted = this.quotedRecord(text, at, last);
      if (!quoted) break;
      rows.push({ row: ++this.row, values: quoted.values });
      at = quoted.next;
    }
    this.rest = at < text.length ? text.slice(at) : '';
    return rows;
  }

  /**
   * Where the field ends if the quote at `q` closes it, as Papa Parse decides it: at the delimiter or line break
   * that follows it (white space between them left out), or at the end of the text; -1 when it does not close
   * it, null when the text ends before that can be told.
   */
  private closedAt(text: string, q: number, last: boolean): number | null {
    if (q + 1 >= text.length) return last ? text.length : null;
    const spacesTo = (index: number) => (index > q + 1 && text.slice(q + 1, index).trim() === '' ? index - q - 1 : 0);
    const delimiter = text.indexOf(this.delimiter, q + 1);
    const newline = text.indexOf(this.newline, q + 1);
    let at = q + 1 + spacesTo(newline < 0 ? delimiter : Math.min(delimiter, newline));
    if (text.startsWith(this.delimiter, at)) return at;
    at = q + 1 + spacesTo(newline);
    if (text.startsWith(this.newline, at)) return at;
    if (!last && text.slice(q + 1).trim() === '') return null;
    return -1;
  }

  /** One record holding a quote, read a character at a time from `at`; null when the text ends inside it (and more is to come). */
  private quotedRecord(text: string, at: number, last: boolean): { values: (string | undefined)[]; next: number } | null {
    const { delimiter, newline } = this;
    const values: (string | undefined)[] = [];
    let i = at;
    for (;;) {
      // a field
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let content = '';
        let from = i + 1;
        let closed = -1;
        for (let q = text.indexOf('"', from); ; q = text.indexOf('"', q + 1)) {
          if (q < 0) {
            if (!last) return null;
            // no closing quote: the rest of the text after the quote is the field, its quotes as they stand
            content = text.slice(i + 1);
            i = text.length;
            break;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            content += text.slice(from, q + 1);
            from = q + 2;
            q++;
            continue;
          }
          const after = this.closedAt(text, q, last);
          if (after === null) return null;
          if (after >= 0) {
            content += text.slice(from, q);
            closed = after;
            break;
          }
        }
        value = content;
        if (closed < 0) {
          values.push(value === '' ? undefined : value);
          return { values, next: text.length };
        }
        i = closed;
      } else {
        const nextDelimiter = text.indexOf(delimiter, i);
        let nextNewline = text.indexOf(newline, i);
        if (nextNewline < 0) {
          if (!last) return null;
          nextNewline = text.length;
        }
        const end = nextDelimiter >= 0 && nextDelimiter < nextNewline ? nextDelimiter : nextNewline;
        value = text.slice(i, end);
        i = end;
      }
      values.push(value === '' ? undefined : value);
      if (i >= text.length) return { values, next: text.length };
      if (text.startsWith(delimiter, i)) {
        i += delimiter.length;
        continue;
      }
      return { values, next: i + newline.length };
    }
  }
}
