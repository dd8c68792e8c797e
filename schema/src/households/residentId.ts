/**
 * Resident identity card numbers (居民身份证号码), GB 11643-1999.
 *
 * 17 digits — 6 address code, 8 birth date (YYYYMMDD), 3 sequence (odd for men, even for women) — and a
 * check character computed with ISO 7064 MOD 11-2. Pure functions: used by validation, the demo generator
 * and tests alike.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for a 17-digit body. */
export function residentIdCheckChar(body: string): string {
  if (!/^[0-9]{17}$/.test(body)) throw new RangeError('body must be 17 digits');
  return checkChar(body);
}

/** The check character of an ID's first 17 characters, known to be digits (an import checks every member's: no slice, no regex). */
function checkChar(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Today (UTC) as an ISO date, made once a day rather than once a call: an import checks every member's number. */
let cachedToday = { iso: '', from: 0, until: 0 };
function todayIso(): string {
  const now = Date.now();
  // both bounds: a clock set back (a test's) is a day of its own
  if (now < cachedToday.from || now >= cachedToday.until) {
    const day = Math.floor(now / 86_400_000) * 86_400_000;
    cachedToday = { iso: new Date(day).toISOString().slice(0, 10), from: day, until: day + 86_400_000 };
  }
  return cachedToday.iso;
}

export type ResidentIdProblem =
  | 'FORMAT' // not 17 digits and a check character
  | 'CHECKSUM'
  | 'BIRTH_DATE' // not a real calendar date
  | 'FUTURE_BIRTH_DATE'
  | 'SEX_MISMATCH';

export interface ParsedResidentId {
  addressCode: string;
  /** ISO date, YYYY-MM-DD */
  birthDate: string;
  sequence: string;
  sex: 'MALE' | 'FEMALE';
}

export type ResidentIdResult =
  { ok: true; value: ParsedResidentId } | { ok: false; problem: ResidentIdProblem; message: { zh: string; en: string } };

const MESSAGES: Record<ResidentIdProblem, { zh: string; en: string }> = {
  FORMAT: { zh: '身份证号码应为 17 位数字加 1 位校验码（数字或 X）', en: 'An ID number is 17 digits and a check character (digit or X)' },
  CHECKSUM: { zh: '身份证号码校验码不正确', en: 'The ID number check character is wrong' },
  BIRTH_DATE: { zh: '身份证号码中的出生日期不是有效日期', en: 'The birth date in the ID number is not a real date' },
  FUTURE_BIRTH_DATE: { zh: '身份证号码中的出生日期晚于今天', en: 'The birth date in the ID number is in the future' },
  SEX_MISMATCH: { zh: '身份证号码的性别位与性别不符', en: 'The sex digit of the ID number does not match the sex' },
};

function fail(problem: ResidentIdProblem): ResidentIdResult {
  return { ok: false, problem, message: MESSAGES[problem] };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Checks a resident ID number. A lower-case x is accepted and means X. `sex`, when given, must match the
 * sequence digit. `today` (ISO date) makes the future-date rule testable.
 * An address code missing from today's division list is not rejected: abolished counties stay on valid cards.
 */
export function checkResidentId(input: string, options: { sex?: 'MALE' | 'FEMALE' | null; today?: string } = {}): ResidentIdResult {
  const read = readId(input);
  if (typeof read === 'string') return fail(read);
  const today = options.today ?? todayIso();
  if (read.birthDate > today) return fail('FUTURE_BIRTH_DATE');
  if (options.sex && options.sex !== read.sex) return fail('SEX_MISMATCH');
  return { ok: true, value: { ...read } }; // a copy: the kept one is shared
}

/**
 * The number's parts, or what is wrong with its form. The last one read is kept: an import checks each
 * member's number three times in a row (the cell, the sex beside it, the record's rule).
 */
let lastRead: { input: string; read: ParsedResidentId | ResidentIdProblem } = { input: '', read: 'FORMAT' };
function readId(input: string): Readonly<ParsedResidentId> | ResidentIdProblem {
  if (input === lastRead.input) return lastRead.read;
  lastRead = { input, read: parseId(input) };
  return lastRead.read;
}

function parseId(input: string): ParsedResidentId | ResidentIdProblem {
  const id = input.trim().toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'FORMAT';
  if (checkChar(id) !== id[17]) return 'CHECKSUM';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1850 || !isRealDate(year, month, day)) return 'BIRTH_DATE';
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const sex = Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
  return { addressCode: id.slice(0, 6), birthDate, sequence: id.slice(14, 17), sex };
}

/** Builds a valid number from its parts (demo data, tests). */
export function makeResidentId(addressCode: string, birthDate: string, sequence: number): string {
  const body = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/** The masked form shown to roles that may not see the number: 451027********123X. */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}
