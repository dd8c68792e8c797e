/**
 * `pnpm bench:import --into URL`: the national register of ONE more county imported into a hub that already
 * holds others (the 100-county copy of issue 16), against a plain COPY of the same rows into the same hub's
 * household and member tables.
 *
 * 1. the county: the first demo county (the seed's shape, `countyAfter`) whose code the hub does not have, its
 *    ids after the hub's; its divisions (county, townships, villages, groups) and a county administrator are
 *    written into the hub and committed before any clock starts (the import matches divisions by name);
 * 2. the file: the county alone is loaded into a scratch database and written from there as the national sheet;
 * 3. the COPY of its households and members into the hub's real tables, in a transaction rolled back, before
 *    and after the imports (interleaved: the machine's load changes by the minute);
 * 4. the import at once (`pnpm hub import` without --dry-run) as the county's administrator, then the hub's
 *    undo of it; with --preview also a preview + apply, undone too. The hub keeps the county's divisions and
 *    administrator (a run after adds the next county); if an undo fails the hub keeps that import's rows.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { sql } from 'kysely';
import {
  confirmJob,
  connect,
  createImportJob,
  createUser,
  migrateToLatest,
  runImport,
  viewerNamed,
  type ImportJobRow,
} from '../../schema/src/index';
import { countyAfter, demoCounty, hubPlacement, MAX_DEMO_COUNTIES, type DemoData } from '../../schema/src/demo/index';
import { loadDemo, moveSequences } from '../../schema/src/demo/load';
import { inImportTransaction } from '../../schema/src/import/session';
import { runUndo, startUndo } from '../../schema/src/import/undo';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { writeRegisterFile, type RegisterFormat } from '../support/registerSheet';
import { copyIntoTables, cpu, load, peakRss, processorTime } from './measure';

export interface IntoOptions {
  /** the new county's households (default: the demo county's shape, as `pnpm hub seed --demo --counties N` makes it) */
  households?: number;
  format: RegisterFormat;
  /** also a preview + apply (undone), besides the import at once */
  preview: boolean;
  /** keep the scratch database that the file is written from */
  keep: boolean;
  log?: (line: string) => void;
}

export interface IntoResult {
  county: { id: number; code: string; name: string };
  rows: number;
  copyRowsPerSecond: number;
  copyRowsPerCpuSecond: number;
  atOnce: { rowsPerSecond: number; rowsPerCpuSecond: number; counts: ImportJobRow['counts'] };
  previewApply?: { rowsPerSecond: number; rowsPerCpuSecond: number };
}

/** The county's tables that the register and the import's matching need; the rest of the county stays out. */
const DIVISIONS: (keyof DemoData)[] = ['county', 'township', 'village', 'villageGroup'];
const REGISTER: (keyof DemoData)[] = [...DIVISIONS, 'household', 'member', 'householdIncome'];
const only = (data: DemoData, tables: (keyof DemoData)[]) =>
  Object.fromEntries(
    Object.entries(data).map(([table, rows]) => [table, tables.includes(table as keyof DemoData) ? rows : []]),
  ) as unknown as DemoData;

const seconds = (s: number) => `${s.toFixed(1)} s`;

export async function importIntoHub(url: string, options: IntoOptions): Promise<IntoResult> {
  const log = options.log ?? console.log;
  const hub = await connect({ databaseUrl: url, maxConnections: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'fupin-import-into-'));
  const scratch: string[] = [];
  try {
    // the first county of the seed's order that the hub does not have yet
    const codes = new Set((await hub.db.selectFrom('county').select('code').execute()).map((c) => c.code.slice(0, 6)));
    let index = 1;
    while (index < MAX_DEMO_COUNTIES && codes.has(demoCounty(index).code)) index++;
    if (index === MAX_DEMO_COUNTIES) throw new Error(`the hub has every demo county's code (${MAX_DEMO_COUNTIES}): no county left to add`);
    const { rows: sizes } = await sql<{ households: number; members: number }>`
      select (select count(*) from household)::integer as households, (select count(*) from member)::integer as members`.execute(hub.db);
    const generating = performance.now();
    const data = countyAfter(index, await hubPlacement(hub.db), options.households === undefined ? {} : { households: options.households });
    const county = data.county[0]!;
    log(
      `one more county into a hub of ${codes.size} counties (${sizes[0]!.households} households, ${sizes[0]!.members} members): ` +
        `${county.name} (${county.code.slice(0, 6)}), ${data.household.length} households, ${data.member.length} members, generated in ${seconds((performance.now() - generating) / 1000)}`,
    );

    // the file, written from a scratch database that holds the county alone
    const sourceName = uniqueName('fupin_bench_src');
    await adminQuery(`create database ${sourceName}`);
    scratch.push(sourceName);
    const source = await connect({ databaseUrl: databaseUrl(sourceName), maxConnections: 2 });
    let householdRows: Buffer;
    let memberRows: Buffer;
    let written: Awaited<ReturnType<typeof writeRegisterFile>>;
    const file = join(dir, `人员名单.${options.format === 'xlsx' ? 'xlsx' : 'csv'}`);
    try {
      await migrateToLatest(source.db);
      await inImportTransaction(source, ({ stage }) => loadDemo(stage, only(data, REGISTER)));
      // the national columns have no 返贫年度: a new household that returned to poverty is a problem of the file (as the fresh bench does)
      await sql`update household set status = 'EXITED', return_year = null where status = 'RETURNED'`.execute(source.db);
      written = await writeRegisterFile(source.db, file, { format: options.format });
      const dump = async (table: string) => {
        const client = new pg.Client({ connectionString: databaseUrl(sourceName) });
        await client.connect();
        try {
          const parts: Buffer[] = [];
          for await (const chunk of client.query(copyTo(`copy (select * from ${table} order by id) to stdout`)))
            parts.push(chunk as Buffer);
          return Buffer.concat(parts);
        } finally {
          await client.end();
        }
      };
      householdRows = await dump('household');
      memberRows = await dump('member');
    } finally {
      await source.close();
    }
    log(
      `file: ${written.rows} member rows of ${written.households} households, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB ${options.format}`,
    );

    // the county's divisions and its administrator in the hub, committed before any clock starts
    const username = `bench.${county.code.slice(0, 6)}`;
    await inImportTransaction(hub, async ({ tx, stage }) => {
      await loadDemo(stage, only(data, DIVISIONS));
      await moveSequences(tx);
      await createUser(tx, {
        username,
        displayName: `${county.name}管理员（导入基准）`,
        role: 'ADMIN',
        password: 'bench-password',
        countyIds: [county.id],
      });
    });
    const viewer = (await viewerNamed(hub.db, username))!;
    const rows = written.rows;

    const copy = async (when: string) => {
      const result = await copyIntoTables(url, householdRows, memberRows, 'rollback');
      if (result.rows !== rows) throw new Error(`COPY ${when}: ${result.rows} member rows, the file has ${rows}`);
      log(
        `${when}: COPY into the hub's household and member tables (rolled back) ${seconds(result.seconds)}, ${Math.round(result.rowsPerSecond)} rows/s, ` +
          `${Math.round(result.rowsPerCpuSecond)} rows a backend CPU second; load ${load()}`,
      );
      return result;
    };
    const fileName = `人员名单.${options.format === 'xlsx' ? 'xlsx' : 'csv'}`;
    const newJob = (atOnce: boolean) =>
      createImportJob(hub, viewer, { list: 'households', fileName, content: createReadStream(file), ...(atOnce ? { atOnce } : {}) });
    const timed = async (label: string, run: () => Promise<ImportJobRow>, expected: ImportJobRow['status']) => {
      const time = await processorTime(url, () => peakRss(run));
      const job = time.result.result;
      if (job.status !== expected)
        throw new Error(`${label}: ${job.status} ${job.failure ?? ''} ${JSON.stringify(job.problems.slice(0, 5))}`);
      const wall = time.result.seconds;
      log(
        `${label}: ${seconds(wall)} (${Math.round(rows / wall)} rows/s, peak RSS ${time.result.peakMb} MB from ${time.result.startMb} MB; ${cpu(time)}); load ${load()}`,
      );
      return { job, seconds: wall, cpuSeconds: (time.backendMs + time.nodeMs) / 1000 };
    };
    const undo = (job: ImportJobRow) =>
      timed(
        `  undo of job ${job.id} (the hub's undo)`,
        async () => {
          await startUndo(hub, viewer, job.id);
          return runUndo(hub, job.id);
        },
        'UNDONE',
      );

    const before = await copy('before the imports');
    const atOnce = await timed(
      'import at once (pnpm hub import without --dry-run)',
      async () => runImport(hub, (await newJob(true)).id),
      'APPLIED',
    );
    log(`  counts ${JSON.stringify(atOnce.job.counts)}`);
    await undo(atOnce.job);
    let previewApply: IntoResult['previewApply'];
    if (options.preview) {
      const preview = await timed('preview', async () => runImport(hub, (await newJob(false)).id), 'PREVIEWED');
      await confirmJob(hub, viewer, preview.job.id);
      const apply = await timed('apply', () => runImport(hub, preview.job.id), 'APPLIED');
      previewApply = {
        rowsPerSecond: rows / (preview.seconds + apply.seconds),
        rowsPerCpuSecond: rows / (preview.cpuSeconds + apply.cpuSeconds),
      };
      await undo(apply.job);
    }
    const after = await copy('after the imports');

    const copyRowsPerSecond = (before.rowsPerSecond + after.rowsPerSecond) / 2;
    const copyRowsPerCpuSecond = (before.rowsPerCpuSecond + after.rowsPerCpuSecond) / 2;
    const ratio = (value: number, baseline: number) => `${((value / baseline) * 100).toFixed(1)} %`;
    const result: IntoResult = {
      county: { id: county.id, code: county.code, name: county.name },
      rows,
      copyRowsPerSecond,
      copyRowsPerCpuSecond,
      atOnce: { rowsPerSecond: rows / atOnce.seconds, rowsPerCpuSecond: rows / atOnce.cpuSeconds, counts: atOnce.job.counts },
      ...(previewApply ? { previewApply } : {}),
    };
    log(
      `import / COPY into the hub's tables (${Math.round(copyRowsPerSecond)} rows/s, ${Math.round(copyRowsPerCpuSecond)} rows a CPU second): ` +
        `at once ${ratio(result.atOnce.rowsPerSecond, copyRowsPerSecond)} by wall time, ${ratio(result.atOnce.rowsPerCpuSecond, copyRowsPerCpuSecond)} by processor time` +
        (previewApply
          ? `; preview + apply ${ratio(previewApply.rowsPerSecond, copyRowsPerSecond)} by wall time, ${ratio(previewApply.rowsPerCpuSecond, copyRowsPerCpuSecond)} by processor time`
          : ''),
    );
    log(`the hub keeps ${county.name}'s divisions and its administrator ${username} (committed); its imports were undone`);
    return result;
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
    if (!options.keep && scratch.length) await adminQuery(...scratch.map((n) => `drop database if exists ${n} with (force)`));
  }
}
