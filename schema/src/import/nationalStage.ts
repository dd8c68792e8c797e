/**
 * The national register sheet's file side: every row of the file read, checked on its own (the cells, the record
 * rules) and written as a line of COPY text for the job's staging table, a batch of rows at a time. What a row
 * stages as, and the problems it has, depend on the row alone, so the batches can be made on worker threads
 * (stageWorker.ts): national.ts' stageRows runs them there for a large file, on the import's own thread for a
 * small one, and takes the batches in the file's order either way.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Text } from '../errors';
import { householdRules, memberRules } from '../households/rules';
import { ImportFileError, type ImportProblem } from './contract';
import { copyText } from './copyText';
import { NATIONAL_COLUMNS, parseRegisterRow, type RegisterRow } from './nationalSheet';
import { readTableBatches, type SheetStart, type TableFile } from './read/index';

/** The household fields the national sheet carries (beside its number and divisions). */
export const SHEET_HOUSEHOLD_FIELDS = [
  'attribute',
  'status',
  'mainCause',
  'secondaryCauses',
  'housingDangerLevel',
  'hasSafeWater',
  'hasPower',
  'hasTv',
  'arableLandMu',
  'forestLandMu',
  'phone',
  'identificationYear',
  'plannedExitYear',
  'exitYear',
  'returnYear',
  'address',
] as const;
/** The member fields it carries. */
export const SHEET_MEMBER_FIELDS = [
  'personNumber',
  'name',
  'residentId',
  'sex',
  'birthDate',
  'relation',
  'ethnicity',
  'education',
  'schoolStatus',
  'health',
  'laborAbility',
  'migrantWorkMonths',
  'hasMedicalInsurance',
  'hasPension',
  'phone',
] as const;

export type HouseholdField = (typeof SHEET_HOUSEHOLD_FIELDS)[number];
export type MemberField = (typeof SHEET_MEMBER_FIELDS)[number];

/** Where each staged value came from in the sheet: the reader's column key (register sheet, nationalSheet.ts). */
export const SHEET_KEYS = {
  county: 'county',
  township: 'township',
  village: 'village',
  group: 'group',
  householdNumber: 'householdNumber',
  householdSize: 'householdSize',
  dataDate: 'dataDate',
  perCapitaIncome: 'perCapitaIncome',
  household: (field: HouseholdField) => `household.${field}`,
  member: (field: MemberField) => `member.${field}`,
};

/** A value as staged text: what COPY and the casts in SQL take. */
export function staged(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // a list of codes as an array literal (codes are plain words)
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  return String(value);
}

/** A problem on a cell of a sheet (or on the row, `key` null), by the sheet's column key. */
export function problemAt(sheet: SheetStart, row: number, key: string | null, value: string | null, message: Text): ImportProblem {
  const column = key ? sheet.columns[key] : undefined;
  return { sheet: sheet.sheet, row, column: column?.column ?? null, header: column?.header ?? null, value, message };
}

/** A batch of the file's rows staged: in the file's order by `batch`, the reader's own batches (a chunk of the file's text). */
export interface StagedBatch {
  batch: number;
  /** the sheets whose header this batch found, in order */
  sheets: SheetStart[];
  /** the problems found in it, in the order of its rows and cells */
  problems: ImportProblem[];
  /** its rows as lines of COPY text, UTF-8 */
  lines: Uint8Array;
  /** the rows read up to its end */
  rowsRead: number;
}

const NO_LINES = new Uint8Array(0);

/**
 * The file's batches staged, those of `part` only (batch numbers `index` modulo `of`: a worker's share); a part
 * reads the whole file all the same (its rows' numbers and sheets), and parses only its batches. Answers the
 * number of rows staged in all, and of batches.
 */
export async function* stagedBatches(
  file: TableFile,
  part = { index: 0, of: 1 },
): AsyncGenerator<StagedBatch, { rows: number; batches: number }> {
  const sheets: SheetStart[] = [];
  let current: SheetStart | null = null;
  let seq = 0;
  let batch = 0;
  const encoder = new TextEncoder();
  for await (const items of readTableBatches(file, NATIONAL_COLUMNS)) {
    const mine = batch % part.of === part.index;
    const staged: StagedBatch = { batch: batch++, sheets: [], problems: [], lines: NO_LINES, rowsRead: 0 };
    const lines: string[] = [];
    for (const item of items) {
      if (item.kind === 'problem') {
        if (mine) staged.problems.push(item.problem);
        continue;
      }
      if (item.kind === 'sheet') {
        current = item;
        sheets.push(item);
        if (mine) staged.sheets.push(item);
        continue;
      }
      if (!current) continue;
      seq++;
      if (!mine) continue;
      const parsed = parseRegisterRow(item, current);
      const row: RegisterRow = parsed.row;
      if (parsed.problems.length) staged.problems.push(...parsed.problems);
      else staged.problems.push(...ruleProblems(row, current, item.row));
      lines.push(stagedLine(seq, sheets.length - 1, item.row, parsed.problems.length > 0, row));
    }
    if (!mine) continue;
    staged.rowsRead = seq;
    // encoded here, on the thread that made them (a worker's, for a large file)
    if (lines.length) staged.lines = encoder.encode(lines.join(''));
    yield staged;
  }
  return { rows: seq, batches: batch };
}

/** The record rules (years and status, ID number and birth date) on one row's values, placed on their cells. */
function ruleProblems(row: RegisterRow, sheet: SheetStart, rowNumber: number): ImportProblem[] {
  const found: ImportProblem[] = [];
  const household = { ...row.household };
  if (household.status !== undefined && household.identificationYear !== undefined) {
    for (const rule of householdRules) {
      for (const issue of rule(household)) {
        const field = issue.field as HouseholdField;
        if (!(field in household)) continue; // a rule about a field the sheet does not carry (continued support)
        found.push(problemAt(sheet, rowNumber, SHEET_KEYS.household(field), staged(household[field]), issue.text));
      }
    }
  }
  const member = { ...row.member };
  if (member.residentId && member.birthDate && member.sex) {
    for (const rule of memberRules) {
      for (const issue of rule(member)) {
        const field = issue.field as MemberField;
        found.push(problemAt(sheet, rowNumber, SHEET_KEYS.member(field), staged(member[field]), issue.text));
      }
    }
  }
  return found;
}

/**
 * One row's staged values, in STAGE_COLUMNS' order, as a line of COPY's text format: made as one string, not an
 * array of values joined (the values are the readers' own, null where the cell was empty or had a problem).
 */
function stagedLine(seq: number, sheet: number, rowNumber: number, flagged: boolean, row: RegisterRow): string {
  // a row with a problem of its own is not blamed again for the blanks that problem left
  let line = `${seq}\t${sheet}\t${rowNumber}\t${flagged ? 't' : '\\N'}\t${copyValue(row.county)}\t${copyValue(row.township)}\t${copyValue(row.village)}\t${copyValue(row.group)}\t${copyValue(row.householdNumber)}\t${copyValue(row.householdSize)}\t${copyValue(row.dataDate)}\t${copyValue(row.perCapitaIncome)}`;
  for (const f of SHEET_HOUSEHOLD_FIELDS) line += `\t${copyValue(row.household[f])}`;
  for (const f of SHEET_MEMBER_FIELDS) line += `\t${copyValue(row.member[f])}`;
  return `${line}\n`;
}

/** A value as staged() makes it, in COPY's text format: \\N for null, a text escaped only when it must be. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '\\N';
  if (typeof value === 'number') return String(value);
  return copyText(typeof value === 'string' ? value : staged(value)!);
}

/**
 * Files from this size on are staged on worker threads; a smaller one on the import's own thread, where it
 * takes less than starting a worker does (a worker loads the reader's modules anew: 0.5–1 s under tsx).
 */
const IN_WORKERS_FROM_BYTES = 4 << 20;
/** batches a worker may run ahead of the COPY (each some 230 rows, 60 KB of COPY text) */
export const AHEAD = 16;

/** What a staging worker is given. */
export interface StageWorkerData {
  file: TableFile;
  part: { index: number; of: number };
  /** [0]: the batches taken so far (by the importing thread), which a worker waits on to stay at most AHEAD in front */
  taken: Int32Array;
}

/** What a staging worker says: a batch, its end (the rows staged in all), or why it failed. */
export type StageWorkerMessage =
  | { kind: 'batch'; batch: StagedBatch }
  | { kind: 'end'; rows: number; batches: number }
  | { kind: 'error'; message: string; text: Text | null; sheet: string | null };

/**
 * Workers for a file's staging: HUB_IMPORT_WORKERS when set (0: on this thread; for tests and measuring),
 * else one from IN_WORKERS_FROM_BYTES on.
 */
async function workersFor(file: TableFile): Promise<number> {
  const set = process.env.HUB_IMPORT_WORKERS;
  if (set !== undefined && set !== '') return Math.max(0, Math.min(4, Math.trunc(Number(set)) || 0));
  const size = 'bytes' in file ? file.bytes.length : (await stat(file.path)).size;
  return size >= IN_WORKERS_FROM_BYTES ? 1 : 0;
}

/**
 * Stages the file: every batch handed to `take` in the file's order (its promise awaited before the next:
 * the COPY's backpressure). Answers the number of rows staged. An ImportFileError of the reader is thrown as such.
 */
export async function stageFile(file: TableFile, take: (batch: StagedBatch) => Promise<void> | undefined): Promise<number> {
  const workers = await workersFor(file);
  if (workers === 0) {
    const batches = stagedBatches(file);
    for (;;) {
      const next = await batches.next();
      if (next.done) return next.value.rows;
      const taken = take(next.value);
      if (taken) await taken;
    }
  }
  return inWorkers(file, workers, take);
}

async function inWorkers(file: TableFile, count: number, take: (batch: StagedBatch) => Promise<void> | undefined): Promise<number> {
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const waiting = new Map<number, StagedBatch>();
  // set by the workers' messages (as, not a type: TypeScript would take them for null ever after)
  let end = null as { rows: number; batches: number } | null;
  let failure = null as Error | null;
  let wake: (() => void) | null = null;
  const workers = Array.from({ length: count }, (_, index) => {
    const worker = startWorker({ file, part: { index, of: count }, taken });
    worker.on('message', (message: StageWorkerMessage) => {
      if (message.kind === 'batch') waiting.set(message.batch.batch, message.batch);
      else if (message.kind === 'end') end = { rows: message.rows, batches: message.batches };
      else failure ??= message.text ? new ImportFileError(message.text, message.sheet) : new Error(message.message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    return worker;
  });
  try {
    // the batches in the file's order, as the workers send them (each worker reads the whole file: its end says how many)
    for (let next = 0; ;) {
      if (failure) throw failure;
      const batch = waiting.get(next);
      if (batch) {
        waiting.delete(next);
        const written = take(batch);
        if (written) await written;
        Atomics.store(taken, 0, ++next);
        Atomics.notify(taken, 0);
        continue;
      }
      if (end && next >= end.batches) return end.rows;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * A staging worker (stageWorker.ts, or .js once compiled). Under tsx, which the hub runs on, a worker does not
 * inherit its loader: the worker registers it (tsx's API, its ES module build) before it imports the entry.
 */
function startWorker(data: StageWorkerData): Worker {
  const entry = new URL(`./stageWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: data });
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}
