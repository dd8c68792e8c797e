/**
 * `pnpm bench:import`: the national register sheet of a whole county imported into an empty county with
 * the same divisions, against a plain COPY of the same rows into a table of the same shape.
 *
 * 1. the source: a database seeded with `pnpm hub seed --demo --households 135480` (--database-url), or a
 *    fresh one seeded here (--households N);
 * 2. the file: the reader's streaming fixture writer (test/support/registerSheet.ts) writes every member of
 *    the source as the national sheet (--format csv-utf8 | xlsx);
 * 3. the target: a fresh database, migrated, with the source's county, townships, villages and groups and an
 *    administrator, and no household;
 * 4. the import as the admin runs it (a preview, then the apply: read, staged by COPY, checked and merged in
 *    SQL), timed, with the process's resident memory sampled every 50 ms; then the same file again (every row
 *    unchanged); then the file at once into another empty county, as `pnpm hub import` without --dry-run runs
 *    it (read, staged, checked and merged in one job, no preview);
 * 5. two baselines, each measured once before the imports and once after (interleaved: the machine's load
 *    changes by the minute): a plain COPY of the file's rows (its data lines, as CSV) into a table of its
 *    columns (all text), and a plain COPY of the same households and members into the real tables of another
 *    empty county (indexes, constraints, foreign keys and triggers, as the tables' owner, no audit rows).
 * The figures go to standard output, with the load average; docs/benchmarks.md keeps them with the method.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
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
import { seedDemo } from '../../schema/src/demo/index';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { REGISTER_HEADER, writeRegisterFile, type RegisterFormat } from '../support/registerSheet';
import { importIntoHub } from './importInto';
import { copyIntoTables, cpu, load, peakRss, processorMs, processorTime } from './measure';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    // the fresh source's size (default 13548); with --into, the new county's (default: the demo county's shape)
    households: { type: 'string' },
    format: { type: 'string', default: 'csv-utf8' },
    keep: { type: 'boolean', default: false },
    // for measuring the merge alone (with HUB_IMPORT_TIMING): only the import at once, no baselines, no preview
    'at-once-only': { type: 'boolean', default: false },
    // for measuring what the apply pays for the preview's rolled-back rows: a VACUUM of the target between the two
    'vacuum-after-preview': { type: 'boolean', default: false },
    // one more county into this hub (a big one: the 100-county copy), the COPY baseline rolled back, the import undone
    into: { type: 'string' },
    // with --into: also a preview + apply (then undone), besides the import at once
    preview: { type: 'boolean', default: false },
  },
  strict: true,
});
const FORMAT = values.format as RegisterFormat;

/** A VACUUM of the database (the preview's rolled-back rows), with its wall and backend processor time. */
async function vacuumed(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const before = processorMs(pid);
    const started = performance.now();
    await client.query('vacuum');
    return `vacuum after the preview ${((performance.now() - started) / 1000).toFixed(1)} s, backend CPU ${((processorMs(pid) - before) / 1000).toFixed(2)} s`;
  } finally {
    await client.end();
  }
}

async function copyTable(client: pg.Client, target: string, table: string, columns: string) {
  const rows = (await client.query(`select ${columns} from ${table} order by id`)).rows;
  const into = new pg.Client({ connectionString: target });
  await into.connect();
  try {
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      const names = Object.keys(batch[0]);
      const params: unknown[] = [];
      const tuples = batch.map((row) => `(${names.map((n) => `$${params.push(row[n])}`).join(', ')})`);
      await into.query(`insert into ${table} (${names.join(', ')}) values ${tuples.join(', ')}`, params);
    }
  } finally {
    await into.end();
  }
}

async function main() {
  if (values.into) {
    await importIntoHub(values.into, {
      ...(values.households === undefined ? {} : { households: Number(values.households) }),
      format: FORMAT,
      preview: values.preview,
      keep: values.keep,
    });
    return;
  }
  const scratch: string[] = [];
  let sourceUrl = values['database-url'];
  if (!sourceUrl) {
    const name = uniqueName('fupin_bench_src');
    await adminQuery(`create database ${name}`);
    scratch.push(name);
    sourceUrl = databaseUrl(name);
    const source = await connect({ databaseUrl: sourceUrl });
    await migrateToLatest(source.db);
    const households = Number(values.households ?? '13548');
    console.log(`seeding ${households} households…`);
    await seedDemo(source.db, { password: 'bench-password', households });
    await source.close();
  }
  // the fixture writes the national columns, which have no 返贫年度: a household new to the hub that returned to
  // poverty cannot be created from it (a problem of the file); the source's few such households are made exited ones
  const fix = new pg.Client({ connectionString: sourceUrl });
  await fix.connect();
  await fix.query(`update household set status = 'EXITED', return_year = null where status = 'RETURNED'`);
  await fix.end();
  const dir = mkdtempSync(join(tmpdir(), 'fupin-import-bench-'));
  const file = join(dir, `人员名单.${FORMAT === 'xlsx' ? 'xlsx' : 'csv'}`);
  const source = await connect({ databaseUrl: sourceUrl });
  const written = await peakRss(() => writeRegisterFile(source.db, file, { format: FORMAT }));
  await source.close();
  console.log(
    `file: ${written.result.rows} member rows of ${written.result.households} households, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB ${FORMAT}, written in ${written.seconds.toFixed(1)} s`,
  );

  // a target: the same divisions, no household (one for the import, one for each COPY into the real tables)
  const freshTarget = async (prefix: string) => {
    const name = uniqueName(prefix);
    await adminQuery(`create database ${name}`);
    scratch.push(name);
    const url = databaseUrl(name);
    const hub = await connect({ databaseUrl: url, maxConnections: 4 });
    await migrateToLatest(hub.db);
    const from = new pg.Client({ connectionString: sourceUrl });
    await from.connect();
    await copyTable(from, url, 'county', 'id, code, name');
    await copyTable(from, url, 'township', 'id, county_id, code, name');
    await copyTable(from, url, 'village', 'id, township_id, code, name, rural_population, is_poor_village, planned_exit_year, exit_year');
    await copyTable(from, url, 'village_group', 'id, village_id, name');
    await from.end();
    return { url, hub };
  };
  const { url: targetUrl, hub: target } = await freshTarget('fupin_bench_import');
  const { url: atOnceUrl, hub: atOnceTarget } = await freshTarget('fupin_bench_import');
  const tablesFirst = await freshTarget('fupin_bench_tables');
  const tablesSecond = await freshTarget('fupin_bench_tables');
  // the source's households and members as COPY text, read before any clock starts
  const sourceRows = new pg.Client({ connectionString: sourceUrl });
  await sourceRows.connect();
  const dump = async (table: string) => {
    const parts: Buffer[] = [];
    for await (const chunk of sourceRows.query(copyTo(`copy (select * from ${table} order by id) to stdout`))) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  };
  const householdRows = await dump('household');
  const memberRows = await dump('member');
  await sourceRows.end();
  const benchUser = async (hub: typeof target) => {
    await createUser(hub.db, { username: 'bench', displayName: 'bench', role: 'ADMIN', password: 'bench-password' });
    return (await viewerNamed(hub.db, 'bench'))!;
  };
  const viewer = await benchUser(target);
  const atOnceViewer = await benchUser(atOnceTarget);
  const fileName = `人员名单.${FORMAT === 'xlsx' ? 'xlsx' : 'csv'}`;

  const importOnce = async (label: string) => {
    const previewTime = await processorTime(targetUrl, () =>
      peakRss(async () => {
        const job = await createImportJob(target, viewer, { list: 'households', fileName, content: createReadStream(file) });
        return runImport(target, job.id);
      }),
    );
    const previewed = previewTime.result;
    const job: ImportJobRow = previewed.result;
    if (job.status !== 'PREVIEWED')
      throw new Error(`${label}: preview ${job.status} ${job.failure ?? ''} ${JSON.stringify(job.problems.slice(0, 5))}`);
    if (values['vacuum-after-preview']) console.log(`${label}: ${await vacuumed(targetUrl)}`);
    await confirmJob(target, viewer, job.id);
    const applyTime = await processorTime(targetUrl, () => peakRss(() => runImport(target, job.id)));
    const applied = applyTime.result;
    if (applied.result.status !== 'APPLIED') throw new Error(`${label}: apply ${applied.result.status} ${applied.result.failure ?? ''}`);
    const rows = written.result.rows;
    const whole = previewed.seconds + applied.seconds;
    console.log(
      `${label}: preview ${previewed.seconds.toFixed(1)} s (${Math.round(rows / previewed.seconds)} rows/s, peak RSS ${previewed.peakMb} MB from ${previewed.startMb} MB; ${cpu(previewTime)}); ` +
        `apply ${applied.seconds.toFixed(1)} s (${Math.round(rows / applied.seconds)} rows/s, peak RSS ${applied.peakMb} MB from ${applied.startMb} MB; ${cpu(applyTime)}); ` +
        `whole import ${whole.toFixed(1)} s (${Math.round(rows / whole)} rows/s); counts ${JSON.stringify(applied.result.counts)}`,
    );
    return {
      rowsPerSecond: rows / applied.seconds,
      wholeRowsPerSecond: rows / whole,
      rowsPerCpuSecond: rows / ((applyTime.backendMs + applyTime.nodeMs) / 1000),
    };
  };
  /** `pnpm hub import households FILE` without --dry-run: no preview, the file read, staged, checked and merged in one job. */
  const importAtOnce = async (label: string) => {
    const time = await processorTime(atOnceUrl, () =>
      peakRss(async () => {
        const job = await createImportJob(atOnceTarget, atOnceViewer, {
          list: 'households',
          fileName,
          content: createReadStream(file),
          atOnce: true,
        });
        return runImport(atOnceTarget, job.id);
      }),
    );
    const run = time.result;
    if (run.result.status !== 'APPLIED') throw new Error(`${label}: ${run.result.status} ${run.result.failure ?? ''}`);
    const rows = written.result.rows;
    console.log(
      `${label}: ${run.seconds.toFixed(1)} s (${Math.round(rows / run.seconds)} rows/s, peak RSS ${run.peakMb} MB from ${run.startMb} MB; ${cpu(time)}); counts ${JSON.stringify(run.result.counts)}`,
    );
    return { rowsPerSecond: rows / run.seconds, rowsPerCpuSecond: rows / ((time.backendMs + time.nodeMs) / 1000) };
  };

  /** A plain COPY of the file's data lines into a table of its columns, all text (a CSV only: a workbook has no lines). */
  const copyText = async (table: string) => {
    if (FORMAT === 'xlsx') return Number.NaN;
    const client = new pg.Client({ connectionString: targetUrl });
    await client.connect();
    try {
      await client.query(`create table ${table} (${REGISTER_HEADER.map((_, i) => `c${i} text`).join(', ')})`);
      let lines = 0;
      // the title, header and units lines go (found as bytes: a chunk may end inside a character); the rest is CSV as COPY reads it
      const skipHead = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          let at = 0;
          while (lines < 3 && at < chunk.length) {
            const newline = chunk.indexOf(0x0a, at);
            if (newline < 0) return done();
            at = newline + 1;
            lines++;
          }
          done(null, chunk.subarray(at));
        },
      });
      const start = performance.now();
      await pipeline(createReadStream(file), skipHead, client.query(copyFrom(`copy ${table} from stdin with (format csv)`)));
      const seconds = (performance.now() - start) / 1000;
      const copied = Number((await client.query(`select count(*) from ${table}`)).rows[0].count);
      if (copied !== written.result.rows) throw new Error(`COPY into ${table}: ${copied} rows, the file has ${written.result.rows}`);
      return copied / seconds;
    } finally {
      await client.end();
    }
  };
  /** A plain COPY of the same households and members into the real tables of an empty county, committed. */
  const copyTables = (url: string) => copyIntoTables(url, householdRows, memberRows, 'commit');
  const rate = (rowsPerSecond: number) =>
    Number.isNaN(rowsPerSecond) ? 'not measured (a workbook has no lines to COPY)' : `${Math.round(rowsPerSecond)} rows/s`;

  const cleanUp = async () => {
    await Promise.all([target, atOnceTarget, tablesFirst.hub, tablesSecond.hub].map((hub) => hub.close()));
    rmSync(dir, { recursive: true, force: true });
    if (!values.keep) await adminQuery(...scratch.map((n) => `drop database if exists ${n} with (force)`));
  };
  if (values['at-once-only']) {
    await importAtOnce('at once into an empty county (pnpm hub import without --dry-run)');
    return cleanUp();
  }
  // interleaved: each COPY once before the imports and once after, under the load of the same minutes
  const textBefore = await copyText('bench_plain_before');
  const tablesBefore = await copyTables(tablesFirst.url);
  console.log(
    `before the imports: COPY into text columns ${rate(textBefore)}; COPY into the household and member tables ${rate(tablesBefore.rowsPerSecond)} (${Math.round(tablesBefore.rowsPerCpuSecond)} rows a backend CPU second); load ${load()}`,
  );
  const first = await importOnce('import into the empty county');
  const again = await importOnce('the same file again (all unchanged)');
  const atOnce = await importAtOnce('at once into another empty county (pnpm hub import without --dry-run)');
  const textAfter = await copyText('bench_plain_after');
  const tablesAfter = await copyTables(tablesSecond.url);
  console.log(
    `after the imports: COPY into text columns ${rate(textAfter)}; COPY into the household and member tables ${rate(tablesAfter.rowsPerSecond)} (${Math.round(tablesAfter.rowsPerCpuSecond)} rows a backend CPU second); load ${load()}`,
  );
  const textRate = (textBefore + textAfter) / 2;
  const tablesRate = (tablesBefore.rowsPerSecond + tablesAfter.rowsPerSecond) / 2;
  const tablesCpuRate = (tablesBefore.rowsPerCpuSecond + tablesAfter.rowsPerCpuSecond) / 2;
  const ratio = (rowsPerSecond: number, baseline: number) =>
    Number.isNaN(baseline) ? 'n/a' : `${((rowsPerSecond / baseline) * 100).toFixed(1)} %`;
  // the apply is the admin's confirm; the whole import (preview + apply) is what the clerk waits for from the upload on
  for (const [what, baseline] of [
    ['COPY into text columns', textRate],
    ['COPY into the real tables', tablesRate],
  ] as const) {
    console.log(
      `import / ${what} (${rate(baseline)}): apply ${ratio(first.rowsPerSecond, baseline)} (re-import ${ratio(again.rowsPerSecond, baseline)}); ` +
        `whole import ${ratio(first.wholeRowsPerSecond, baseline)} (re-import ${ratio(again.wholeRowsPerSecond, baseline)}); ` +
        `at once ${ratio(atOnce.rowsPerSecond, baseline)}`,
    );
  }
  // by processor time (rows a CPU second, the import's backend and this process against the COPY's backend): what
  // the machine's load barely moves, where the wall-time ratios above move with it
  console.log(
    `import / COPY into the real tables by processor time (${Math.round(tablesCpuRate)} rows a CPU second): apply ${ratio(first.rowsPerCpuSecond, tablesCpuRate)} ` +
      `(re-import ${ratio(again.rowsPerCpuSecond, tablesCpuRate)}); at once ${ratio(atOnce.rowsPerCpuSecond, tablesCpuRate)}`,
  );
  console.log(`file written with peak RSS ${written.peakMb} MB`);
  await cleanUp();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
