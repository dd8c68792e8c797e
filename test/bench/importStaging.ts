/**
 * `tsx test/bench/importStaging.ts FILE [--database-url URL]`: national.ts' stageRows alone (read, parse, check,
 * COPY into the staging table) on a register file, in a transaction rolled back, with its wall time, this
 * process's processor time and the backend's. For profiling the file side (node --cpu-prof --import tsx).
 * With --write SOURCE_URL, first writes the file from a seeded hub (the bench's fixture writer).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { connect, migrateToLatest } from '../../schema/src/index';
import { stageRows } from '../../schema/src/import/national';
import { Rollback, inImportTransaction } from '../../schema/src/import/session';
import type { ImportProblem } from '../../schema/src/import/contract';
import { adminQuery, databaseUrl } from '../support/postgres';
import { writeRegisterFile, type RegisterFormat } from '../support/registerSheet';
import { processorMs } from './measure';

const { values, positionals } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    digest: { type: 'boolean' },
    write: { type: 'string' },
    format: { type: 'string', default: 'csv-utf8' },
  },
  allowPositionals: true,
});
const file = positionals[0]!;
if (values.write && !existsSync(file)) {
  const source = await connect({ databaseUrl: values.write });
  const written = await writeRegisterFile(source.db, file, { format: values.format as RegisterFormat });
  await source.close();
  console.log(`written ${written.rows} rows`);
}
let url = values['database-url'];
if (!url) {
  const name = 'impoverlap_stage';
  await adminQuery(`create database ${name}`).catch(() => {}); // there already
  url = databaseUrl(name);
}
const hub = await connect({ databaseUrl: url });
await migrateToLatest(hub.db);
const problems: ImportProblem[] = [];
const started = performance.now();
const cpu = process.cpuUsage();
let backend = 0;
const rows = await inImportTransaction(hub, async (session) => {
  const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(session.tx)).rows[0]!.pid;
  const before = processorMs(pid);
  const job = { id: 999_999, file: { name: file.split('/').pop()!, path: file } };
  const sheets: Parameters<typeof stageRows>[2] = [];
  // a record rule's problem, placed as the import places it (sheet, row, the key's column)
  const at: Parameters<typeof stageRows>[4] = (index, row, key, value, message) => {
    const { sheet, columns } = sheets[index]!.start;
    return {
      sheet,
      row,
      column: key ? (columns[key]?.column ?? null) : null,
      header: key ? (columns[key]?.header ?? null) : null,
      value,
      message,
    };
  };
  const n = await stageRows({ job, progress: () => {} } as never, session, sheets, (p) => problems.push(p), at);
  backend = processorMs(pid) - before;
  if (values.digest) {
    // the staged rows' digest, for comparing two trees' staging (after the clock)
    const d = await sql<{ md5: string }>`select md5(string_agg(t::text, E'\n' order by seq)) as md5 from import_stage.job_999999 t`.execute(
      session.tx,
    );
    console.log(`staged rows' md5 ${d.rows[0]!.md5}`);
  }
  throw new Rollback(n);
});
const used = process.cpuUsage(cpu);
console.log(
  `staged ${rows} rows, ${problems.length} problems: wall ${((performance.now() - started) / 1000).toFixed(2)} s, node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, backend ${(backend / 1000).toFixed(2)} s, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
);
await hub.close();
