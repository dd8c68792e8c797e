/**
 * What a file is, by its bytes as well as its name, and the zip checks that come before a workbook is
 * unpacked: a file that is not what its name says, an old .xls, or a zip bomb is refused here.
 */
import { once } from 'node:events';
import { createInflateRaw } from 'node:zlib';
import type { Text } from '../../errors';
import { ImportFileError, type ImportLimits } from '../contract';

export type TableFormat = 'xlsx' | 'csv';

/**
 * The limits, documented in the README: 200 MB uploaded, 2 GB unpacked (the 10× county's 570,000 rows
 * unpack to about 1 GB), one million data rows.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxUnpackedBytes: 2 * 1024 * 1024 * 1024,
  maxRows: 1_000_000,
};

const SAVE_AS_XLSX: Text = {
  zh: '请用 Excel 或 WPS 打开它，选择“文件 → 另存为”，保存类型选“Excel 工作簿 (*.xlsx)”，再导入另存的文件',
  en: 'Open it in Excel or WPS, choose File → Save As, pick “Excel Workbook (*.xlsx)” as the type, and import the saved file',
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
/** Microsoft's compound file: .xls, .et, and password-protected .xlsx */
const COMPOUND = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** How many of a file's first bytes formatOf looks at. */
export const FORMAT_HEAD_BYTES = 8192;

export function extensionOf(name: string): string {
  return /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

/** The format to read the file as, or an ImportFileError that says why it cannot be read and what to do. */
/** Told by the file's name, its size and its first bytes (`head`: FORMAT_HEAD_BYTES of them, or the whole file). */
export function formatOf(file: { name: string; head: Buffer; size: number }, limits: ImportLimits): TableFormat {
  const { name, head: bytes, size } = file;
  if (size > limits.maxFileBytes) {
    throw new ImportFileError({
      zh: `文件“${name}”有 ${megabytes(size)}，超过了导入上限 ${megabytes(limits.maxFileBytes)}；请按乡镇拆成几个文件分别导入`,
      en: `The file “${name}” is ${megabytes(size)}, over the import limit of ${megabytes(limits.maxFileBytes)}; split it (by township, say) and import the parts`,
    });
  }
  if (size === 0) throw new ImportFileError({ zh: `文件“${name}”是空的`, en: `The file “${name}” is empty` });
  const extension = extensionOf(name);
  const zip = startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP);
  const compound = startsWith(bytes, COMPOUND);
  if (extension === 'xls' || extension === 'et') {
    if (zip) return 'xlsx'; // an .xlsx that was only renamed
    throw new ImportFileError({
      zh: `“${name}”是旧版 Excel（.${extension}）格式，本系统不读取此格式。${SAVE_AS_XLSX.zh}`,
      en: `“${name}” is in the old Excel (.${extension}) format, which the hub does not read. ${SAVE_AS_XLSX.en}`,
    });
  }
  if (extension === 'xlsx' || extension === 'xlsm') {
    if (zip) return 'xlsx';
    if (compound) {
      throw new ImportFileError({
        zh: `“${name}”的名字是 .${extension}，内容却是旧版 .xls 格式或设置了打开密码。若有密码请先取消；否则${SAVE_AS_XLSX.zh}`,
        en: `“${name}” is named .${extension} but is an old .xls file or is protected by a password. Remove the password if it has one; otherwise: ${SAVE_AS_XLSX.en}`,
      });
    }
    throw notWhatItsNameSays(name, { zh: 'Excel 工作簿', en: 'an Excel workbook' });
  }
  if (extension === 'csv' || extension === 'txt') {
    if (zip || compound || (bytes.subarray(0, FORMAT_HEAD_BYTES).includes(0) && !isUtf16(bytes))) {
      throw notWhatItsNameSays(name, {
        zh: 'CSV 文本文件（它看起来是 Excel 工作簿，请把扩展名改回 .xlsx 或另存为 CSV）',
        en: 'a CSV text file (it looks like an Excel workbook: rename it to .xlsx or save it as CSV)',
      });
    }
    return 'csv';
  }
  throw new ImportFileError({
    zh: `不能导入“${name}”：只接受 Excel 工作簿（.xlsx）和 CSV 文件（.csv，UTF-8 或 GBK 编码）`,
    en: `Cannot import “${name}”: only Excel workbooks (.xlsx) and CSV files (.csv, UTF-8 or GBK) are accepted`,
  });
}

export function isUtf16(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function notWhatItsNameSays(name: string, expected: Text): ImportFileError {
  return new ImportFileError({
    zh: `文件“${name}”不是${expected.zh}，内容与文件名不符；请确认选对了文件`,
    en: `The file “${name}” is not ${expected.en}: its content does not match its name; check that you chose the right file`,
  });
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const corrupt = (name: string) =>
  new ImportFileError({
    zh: `文件“${name}”已损坏，无法作为 Excel 工作簿打开；请在 Excel 或 WPS 中打开并重新保存后再导入`,
    en: `The file “${name}” is damaged and cannot be opened as an Excel workbook; open it in Excel or WPS, save it again and import it`,
  });

/** The zip's central directory: every entry with its declared sizes (zip64 included). */
function centralDirectory(name: string, bytes: Buffer): ZipEntry[] {
  // the end-of-central-directory record is in the last 65,557 bytes (22 bytes and a comment of up to 65,535)
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt(name);
  let count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== 0x07064b50) throw corrupt(name);
    const zip64End = Number(bytes.readBigUInt64LE(locator + 8));
    if (zip64End + 56 > bytes.length || bytes.readUInt32LE(zip64End) !== 0x06064b50) throw corrupt(name);
    count = Number(bytes.readBigUInt64LE(zip64End + 32));
    offset = Number(bytes.readBigUInt64LE(zip64End + 48));
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw corrupt(name);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    // zip64: the sizes that do not fit 32 bits are in the extra field 0x0001, in this order
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = bytes.readUInt16LE(extra);
      const size = bytes.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
          if (entry[key] === 0xffffffff && field + 8 <= extra + 4 + size) {
            entry[key] = Number(bytes.readBigUInt64LE(field));
            field += 8;
          }
        }
      }
      extra += 4 + size;
    }
    entries.push(entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

/** An entry of the zip as stored (checkWorkbookZip has checked the zip first). */
export function zipEntry(bytes: Buffer, entryName: string): { method: number; data: Buffer } | null {
  const entry = centralDirectory(entryName, bytes).find((e) => e.name === entryName);
  if (!entry) return null;
  const at = entry.localHeaderOffset;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  return { method: entry.method, data: bytes.subarray(start, start + entry.compressedSize) };
}

function zipBomb(name: string, unpacked: number, limits: ImportLimits): ImportFileError {
  return new ImportFileError({
    zh: `工作簿“${name}”解压后超过 ${megabytes(limits.maxUnpackedBytes)}（已知至少 ${megabytes(unpacked)}），超出导入上限，可能是恶意构造的压缩文件；未读取`,
    en: `The workbook “${name}” unpacks to more than ${megabytes(limits.maxUnpackedBytes)} (at least ${megabytes(unpacked)} known), over the import limit; it may be a zip bomb and was not read`,
  });
}

/**
 * Refuses a workbook that is not one, or that unpacks to more than the limit: first by the sizes its central
 * directory declares (before anything is unpacked), then by inflating every entry into nothing and counting,
 * so that a zip lying about its sizes is caught before exceljs unpacks it for real.
 */
export async function checkWorkbookZip(name: string, bytes: Buffer, limits: ImportLimits): Promise<WorkbookMerges> {
  const entries = centralDirectory(name, bytes);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('xl/workbook.bin')) {
      throw new ImportFileError({
        zh: `“${name}”是 Excel 二进制工作簿（.xlsb），本系统不读取此格式。${SAVE_AS_XLSX.zh}`,
        en: `“${name}” is an Excel binary workbook (.xlsb), which the hub does not read. ${SAVE_AS_XLSX.en}`,
      });
    }
    throw notWhatItsNameSays(name, { zh: 'Excel 工作簿（压缩包中没有工作表）', en: 'an Excel workbook (the zip holds no worksheets)' });
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUnpackedBytes) throw zipBomb(name, declared, limits);
  const merges: WorkbookMerges = new Map();
  let unpacked = 0;
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) throw corrupt(name);
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name);
    if (entry.method === 0) {
      unpacked += data.length;
      if (sheet) merges.set(entry.name, mergesIn(data.toString('latin1')));
    } else if (entry.method === 8) {
      const { size, mergeText } = await inflatedSize(data, entry.uncompressedSize, limits.maxUnpackedBytes - unpacked);
      unpacked += size;
      if (sheet) merges.set(entry.name, mergesIn(mergeText));
      // more than the entry declared: the directory lies, as zip bombs do
      if (size > entry.uncompressedSize) throw zipBomb(name, Math.max(unpacked, declared), limits);
    } else throw corrupt(name);
    if (unpacked > limits.maxUnpackedBytes) throw zipBomb(name, unpacked, limits);
  }
  return merges;
}

/** A merged range, 1-based and inclusive. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Merged ranges by worksheet entry (xl/worksheets/sheet1.xml). */
export type WorkbookMerges = Map<string, MergedRange[]>;

function columnNumber(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + c.charCodeAt(0) - 64;
  return n;
}

function mergesIn(xml: string): MergedRange[] {
  const ranges: MergedRange[] = [];
  for (const m of xml.matchAll(/<mergeCell\s+ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"/g)) {
    ranges.push({ top: Number(m[2]), left: columnNumber(m[1]!), bottom: Number(m[4]), right: columnNumber(m[3]!) });
  }
  return ranges.sort((a, b) => a.top - b.top);
}

const MERGE_CELLS = Buffer.from('<mergeCells');

/**
 * Inflates into nothing, counting; stops once past the entry's declared size or the room left. Keeps the
 * text from <mergeCells> on (it follows the rows, so exceljs' streaming reader learns of merges too late).
 */
async function inflatedSize(data: Buffer, declared: number, room: number): Promise<{ size: number; mergeText: string }> {
  const inflate = createInflateRaw();
  let size = 0;
  let mergeText = '';
  let tail: Buffer = Buffer.alloc(0);
  const limit = Math.min(declared, room) + 1;
  inflate.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) inflate.destroy();
    if (mergeText) mergeText += chunk.toString('latin1');
    else {
      // the tag may straddle two chunks: the previous chunk's end is looked at with this one's start
      const joined = tail.length ? Buffer.concat([tail, chunk.subarray(0, MERGE_CELLS.length)]) : null;
      const across = joined?.indexOf(MERGE_CELLS) ?? -1;
      const at = across >= 0 ? -1 : chunk.indexOf(MERGE_CELLS);
      if (across >= 0) mergeText = joined!.toString('latin1', across) + chunk.toString('latin1', MERGE_CELLS.length);
      else if (at >= 0) mergeText = chunk.toString('latin1', at);
      tail = chunk.subarray(Math.max(0, chunk.length - MERGE_CELLS.length + 1));
    }
  });
  inflate.end(data);
  try {
    await Promise.race([once(inflate, 'end'), once(inflate, 'close')]);
  } catch {
    // a damaged stream: exceljs will say so
  }
  return { size, mergeText };
}
