/**
 * Cell normalisers: what a clerk's spreadsheet cell means, whatever Excel or WPS did to it. Used by the
 * national register sheet and by the engine for the hub's own exports. Each returns the value or a message
 * (zh first) that tells the clerk what is wrong and how to fix it; none guesses.
 */
import type { CodeTable } from '../../db/codeTable';
import type { Text } from '../../errors';
import { checkResidentId } from '../../households/residentId';

/** A cell as the reader gives it: a formula cell gives its cached result. */
export type CellValue = string | number | boolean | Date | null;

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: Text };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const refuse = <T>(message: Text): CellResult<T> => ({ ok: false, message });

// zero-width space, joiners, word joiner, byte-order mark, soft hyphen
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Full-width ASCII (１２３, ＡＢＣ, （）) and the ideographic space to their half-width forms, zero-width
 * characters removed. Chinese text is left as it is (no NFKC: it would also rewrite ㎡, ①…).
 */
const NEEDS_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD\uFF01-\uFF5E\u3000]/;

export function halfWidth(text: string): string {
  // most cells have nothing to change: one test instead of three replacements (every cell of every row comes here)
  if (!NEEDS_WIDTH.test(text)) return text;
  return text
    .replace(ZERO_WIDTH, '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** A number as a spreadsheet shows it in a General cell (no 1e+21, no float noise). */
function numberText(value: number): string {
  // 16 digits and more are not what the cell once held (Excel keeps 15): shown as Excel shows them, 4.51027E+17
  if (Math.abs(value) >= 1e15)
    return value
      .toExponential(5)
      .replace(/\.?0+e/, 'e')
      .toUpperCase();
  return Number.isInteger(value) ? value.toFixed(0) : String(Number(value.toPrecision(15)));
}

/** The cell as text, as the clerk reads it: trimmed, half-width, runs of spaces and line breaks as one space; empty → null. */
export function textOf(cell: CellValue): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const text =
    typeof cell === 'number'
      ? numberText(cell)
      : /\s/.test(cell) || NEEDS_WIDTH.test(cell)
        ? halfWidth(cell).replace(/\s+/g, ' ').trim()
        : cell;
  return text === '' ? null : text;
}

/** The cell's raw text for a problem report (the value as the file has it, untouched but for dates). */
export function rawText(cell: CellValue): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'number') return numberText(cell);
  return String(cell);
}

/**
 * A number kept as text the ways clerks and other systems keep it: a leading apostrophe ('451027…), or the
 * ="451027…" that CSV exports write so that Excel leaves the digits alone; spaces removed.
 */
function codeText(cell: CellValue): string | null {
  // most cells are bare digits (or an ID's X): nothing to take off
  if (typeof cell === 'string' && isBareCode(cell)) return cell;
  const text = textOf(cell);
  if (text === null) return null;
  const kept = /^="(.*)"$/.exec(text)?.[1] ?? text.replace(/^'/, '');
  return kept.replace(/\s+/g, '') || null;
}

/** only ASCII letters and digits (what a code's text is once its quotes and spaces are gone) */
function isBareCode(text: string): boolean {
  if (!text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

const FORMAT_AS_TEXT: Text = {
  zh: '请在 Excel 或 WPS 中把该列设置为“文本”格式（右键 → 设置单元格格式 → 文本），再重新输入或粘贴原号码',
  en: 'In Excel or WPS, format the column as Text (right-click → Format Cells → Text), then type or paste the original number again',
};

/**
 * A code made of digits (户编号, 人编号, phone): spaces removed. A number cell is taken only while it is
 * exact (Excel keeps 15 significant digits): longer ones lost their last digits and are refused.
 */
export function digitsOf(cell: CellValue, what: Text): CellResult<string | null> {
  if (typeof cell === 'number') {
    if (Number.isSafeInteger(cell) && cell >= 0 && String(cell).length <= 15) return ok(String(cell));
    return refuse({
      zh: `${what.zh}被 Excel 当成了数字（${numberText(cell)}），末几位已经丢失；${FORMAT_AS_TEXT.zh}`,
      en: `Excel turned the ${what.en.toLowerCase()} into a number (${numberText(cell)}) and lost its last digits. ${FORMAT_AS_TEXT.en}`,
    });
  }
  return ok(codeText(cell));
}

/**
 * A resident ID number: 18 characters, spaces removed, x as X, checked (GB 11643). A number cell, or text that
 * shows one (4.51027E+17, 451027198…E+17), is refused: Excel keeps 15 digits, so the number is lost.
 */
const idTurned = (shown: string) =>
  refuse<string | null>({
    zh: `证件号码被 Excel 当成了数字（${shown}），后几位已经丢失，无法还原；${FORMAT_AS_TEXT.zh}`,
    en: `Excel turned the ID number into a number (${shown}); its last digits are lost and cannot be recovered. ${FORMAT_AS_TEXT.en}`,
  });

export function residentIdOf(cell: CellValue): CellResult<string | null> {
  const turned = idTurned;
  if (typeof cell === 'number') return turned(numberText(cell));
  const id = codeText(cell)?.toUpperCase() ?? null;
  if (id === null) return ok(null);
  if (/^[0-9.]+E\+?[0-9]+$/.test(id)) return turned(String(cell));
  const checked = checkResidentId(id);
  return checked.ok ? ok(id) : refuse(checked.message);
}

/** A date as far as the cell gives it: a year alone (2014), a month (2014.4, 2014年4月) or a day. */
export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

const MIN_YEAR = 1850;
const MAX_YEAR = 2100;

function isoDate(date: Date): string {
  // exceljs gives dates as UTC midnights, sometimes a millisecond off: round to the day
  const day = new Date(Math.round(date.getTime() / 86_400_000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function realDate(year: number, month: number | null, day: number | null): PartialDate | null {
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null) {
    if (month === null) return null;
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  }
  return { year, month, day };
}

/** Excel's day numbers: day 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was. */
function fromSerial(serial: number): PartialDate | null {
  const days = Math.round(serial);
  if (days < 1 || days > 2_958_465) return null;
  const d = new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86_400_000);
  return realDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const DATE_HINT: Text = {
  zh: '应为日期（如 2014-04-01、2014/4/1、2014年4月、2014.4）或年份（如 2014）',
  en: 'should be a date (2014-04-01, 2014/4/1, 2014年4月, 2014.4) or a year (2014)',
};

/** A date cell: an Excel date or day number, 2014-04-01, 2014/4/1, 2014.4, 2014年4月(1日), 20140401, or a year alone. */
export function partialDateOf(cell: CellValue): CellResult<PartialDate | null> {
  let date: PartialDate | null;
  if (cell === null) return ok(null);
  if (cell instanceof Date) {
    const [y, m, d] = isoDate(cell).split('-').map(Number) as [number, number, number];
    date = realDate(y, m, d);
  } else if (typeof cell === 'number') {
    date =
      Number.isInteger(cell) && cell >= MIN_YEAR && cell <= MAX_YEAR
        ? { year: cell, month: null, day: null }
        : (digitDate(String(cell)) ?? fromSerial(cell));
  } else if (typeof cell === 'boolean') {
    date = null;
  } else {
    const text = textOf(cell);
    if (text === null) return ok(null);
    date = textDate(text.replace(/\s+/g, ''));
  }
  return date
    ? ok(date)
    : refuse({ zh: `“${rawText(cell)}”不是日期：${DATE_HINT.zh}`, en: `“${rawText(cell)}” is not a date: it ${DATE_HINT.en}` });
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** 20140401 and 201404 */
function digitDate(text: string): PartialDate | null {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})?$/.exec(text);
  return m ? realDate(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null) : null;
}

function textDate(text: string): PartialDate | null {
  // the two shapes most cells have, 2014 and 2014-04-01, without the regular expression below (same results)
  if (text.length === 4 && isDigits(text, 0, 4)) return realDate(Number(text), null, null);
  if (text.length === 10 && text[4] === '-' && text[7] === '-' && isDigits(text, 0, 4) && isDigits(text, 5, 7) && isDigits(text, 8, 10))
    return realDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
  const m =
    /^([0-9]{4})(?:[-/.年]([0-9]{1,2})(?:[-/.月]([0-9]{1,2})日?)?月?)?年?(?:[T ]?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?Z?)?$/.exec(
      text,
    );
  if (m) return realDate(Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null);
  if (/^[0-9]{6,8}$/.test(text)) return digitDate(text);
  // a day number that came through as text (a CSV saved from a date column formatted as General)
  if (/^[0-9]{5}(\.[0-9]+)?$/.test(text)) return fromSerial(Number(text));
  return null;
}

/** A full date, as ISO text (2014-04-01). */
export function isoDateOf(cell: CellValue): CellResult<string | null> {
  const date = partialDateOf(cell);
  if (!date.ok || date.value === null) return date as CellResult<null>;
  const { year, month, day } = date.value;
  if (month === null || day === null) {
    return refuse({
      zh: `“${rawText(cell)}”缺少月或日：应为完整日期，如 2014-04-01`,
      en: `“${rawText(cell)}” lacks the month or day: it should be a full date such as 2014-04-01`,
    });
  }
  return ok(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** A year: 2014, or the year of any date the cell holds (首次识别时间 2014-04-01 → 2014). */
export function yearOf(cell: CellValue): CellResult<number | null> {
  const date = partialDateOf(cell);
  return date.ok ? ok(date.value?.year ?? null) : date;
}

const TRUE_WORDS = new Set(['是', '有', 'Y', 'YES', 'TRUE', '√', '✓', '参加', '已参加', '已解决', '1']);
const FALSE_WORDS = new Set(['否', '无', '没有', 'N', 'NO', 'FALSE', '×', '✗', '未参加', '未解决', '0']);

/** 是/否, 有/无, Y/N (and a spreadsheet's own TRUE/FALSE). */
export function booleanOf(cell: CellValue): CellResult<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = textOf(cell)?.toUpperCase() ?? null;
  if (text === null) return ok(null);
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return refuse({ zh: `“${rawText(cell)}”应为“是”或“否”`, en: `“${rawText(cell)}” should be 是 (yes) or 否 (no)` });
}

/** A whole number within bounds (人数, 务工时间（月）); "3人", "3 个月" accepted. */
export function integerOf(cell: CellValue, bounds: { min: number; max: number }): CellResult<number | null> {
  let value: number;
  if (typeof cell === 'number') value = cell;
  else {
    const text = textOf(cell);
    if (text === null) return ok(null);
    const m = /^([0-9]+(?:\.0+)?)\s*(?:人|个月|月|口)?$/.exec(text);
    value = m ? Number(m[1]) : Number.NaN;
  }
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    return refuse({
      zh: `“${rawText(cell)}”应为 ${bounds.min} 到 ${bounds.max} 之间的整数`,
      en: `“${rawText(cell)}” should be a whole number from ${bounds.min} to ${bounds.max}`,
    });
  }
  return ok(value);
}

/** An amount (yuan, mu) as decimal text with at most two places; thousands separators accepted. */
export function decimalOf(cell: CellValue, bounds: { min: number; max: number }): CellResult<string | null> {
  const text = typeof cell === 'number' ? numberText(cell) : (textOf(cell)?.replace(/[,，\s]|元$/g, '') ?? null);
  if (text === null) return ok(null);
  const value = Number(text);
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text) || value < bounds.min || value > bounds.max) {
    return refuse({
      zh: `“${rawText(cell)}”应为 ${bounds.min} 到 ${bounds.max} 之间的数`,
      en: `“${rawText(cell)}” should be a number from ${bounds.min} to ${bounds.max}`,
    });
  }
  return ok(String(Math.round(value * 100) / 100));
}

/** Other labels a sheet uses for a code, beside the hub's own (e.g. the national system's 否 / C级 for 危房户). */
export type CodeAliases<V extends string = string> = Readonly<Record<string, V>>;

/** Label text compared without spaces or width differences (C级 = Ｃ级, 之 子 = 之子). */
const labelKey = (text: string) => halfWidth(text).replace(/\s+/g, '').toUpperCase();

/** label → code for a table and its aliases, and the cell texts already found (each cell's text is normalised once, not once a row) */
interface Lookup {
  byLabel: Map<string, string>;
  byText: Map<string, string>;
}

/** cell texts kept a table: far more than any county's spellings, bounded all the same */
const KEPT_TEXTS = 10_000;

const lookups = new WeakMap<CodeTable, WeakMap<CodeAliases, Lookup>>();

/** the lookup for a table and its aliases, built once per pair */
function lookupOf(table: CodeTable, aliases: CodeAliases): Lookup {
  let byAliases = lookups.get(table);
  if (!byAliases) lookups.set(table, (byAliases = new WeakMap()));
  let lookup = byAliases.get(aliases);
  if (!lookup) {
    const byLabel = new Map<string, string>();
    for (const entry of table) {
      byLabel.set(labelKey(entry.zh), entry.value);
      byLabel.set(labelKey(entry.en), entry.value);
    }
    for (const [label, value] of Object.entries(aliases)) byLabel.set(labelKey(label), value);
    lookup = { byLabel, byText: new Map() };
    byAliases.set(aliases, lookup);
  }
  return lookup;
}

const NO_ALIASES: CodeAliases = {};

/**
 * A code by its label: the hub's Chinese or English label, or one of `aliases`. An unknown label is refused
 * naming the labels the hub accepts.
 */
export function codeOf<V extends string>(
  cell: CellValue,
  table: CodeTable<V>,
  aliases: CodeAliases<V> = NO_ALIASES as CodeAliases<V>,
): CellResult<V | null> {
  return codeIn(cell, table, lookupOf(table, aliases));
}

/** codeOf with its lookup found once, for a reader applied to every row of a sheet */
export function codeReader<V extends string>(
  table: CodeTable<V>,
  aliases: CodeAliases<V> = NO_ALIASES as CodeAliases<V>,
): (cell: CellValue) => CellResult<V | null> {
  const lookup = lookupOf(table, aliases);
  return (cell) => codeIn(cell, table, lookup);
}

function codeIn<V extends string>(cell: CellValue, table: CodeTable<V>, lookup: Lookup): CellResult<V | null> {
  if (typeof cell === 'string') {
    const known = lookup.byText.get(cell);
    if (known !== undefined) return ok(known as V);
  }
  const text = textOf(cell);
  if (text === null) return ok(null);
  const value = lookup.byLabel.get(labelKey(text));
  if (value !== undefined) {
    if (typeof cell === 'string' && lookup.byText.size < KEPT_TEXTS) lookup.byText.set(cell, value);
    return ok(value as V);
  }
  const labels = table.map((c) => c.zh);
  const shown = labels.length > 20 ? `${labels.slice(0, 20).join('、')}…` : labels.join('、');
  return refuse({ zh: `“${text}”不是可用的选项；可填：${shown}`, en: `“${text}” is not one of the accepted labels: ${shown}` });
}

/** Several codes in one cell, separated by 、，,;； or spaces (其他致贫原因). */
export function codeListOf<V extends string>(cell: CellValue, table: CodeTable<V>, aliases?: CodeAliases<V>): CellResult<V[] | null> {
  const text = textOf(cell);
  if (text === null) return ok(null);
  const values: V[] = [];
  for (const part of text.split(/[、,，;；/\s]+/).filter(Boolean)) {
    const one = codeOf(part, table, aliases);
    if (!one.ok) return one;
    if (one.value !== null && !values.includes(one.value)) values.push(one.value);
  }
  return ok(values);
}
