/**
 * A preview's staged rows, kept for its apply: the national sheet's rows are read, parsed and checked one
 * by one in Node (the slowest part of an import), then staged in the database. A preview stages them into
 * a table of its own (import_stage.job_<id>, unlogged) and commits it; the admin's confirm then runs only
 * the checks across rows and the merge over those rows instead of reading the file again. The rows are
 * reused only under the key they were staged with: the file's bytes as read now (a file replaced on disk
 * is staged again), its name (the format), the list, the delete-missing option and the staging's version.
 *
 * Nothing is kept past its use: an apply, a refusal or a failure drops the job's rows, and an import never
 * confirmed loses its rows and its uploaded file after UNCONFIRMED_IMPORT_KEPT_MS (cleanStaleImports, run
 * whenever a new import starts).
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { HubDatabase } from '../db/connect';
import { importDirectory, removeImportFile } from './store';
import type { StagedRows } from './tables';

/** Raised whenever what a row stages as changes (the parser, the staged columns): rows staged before are not reused. */
const STAGING_VERSION = 1;

/** How long an import never confirmed keeps its staged rows and its uploaded file: a day. */
export const UNCONFIRMED_IMPORT_KEPT_MS = 24 * 60 * 60 * 1000;

/** The table a job's rows are staged in. */
export function stageTable(jobId: number): string {
  return `import_stage.job_${Math.trunc(jobId)}`;
}

/** The key rows are staged under: what the staging depends on (`fileSha256`: the file as read now). */
export function stagingKey(job: { list: string; fileName: string; deleteMissing: boolean }, fileSha256: string): string {
  return createHash('sha256')
    .update(JSON.stringify([STAGING_VERSION, fileSha256, job.fileName, job.list, job.deleteMissing]))
    .digest('hex');
}

/** The job's staged rows when they were staged under `key`, without problems, and are still there; else null. */
export async function keptStagedRows(
  database: HubDatabase,
  job: { id: number; staged: StagedRows | null },
  key: string,
): Promise<StagedRows | null> {
  const staged = job.staged;
  if (!staged || staged.key !== key || staged.problemCount > 0) return null;
  // an unlogged table survives a restart empty or not at all after a crash: count what is there
  const table = (await sql<{ t: string | null }>`select to_regclass(${stageTable(job.id)})::text as t`.execute(database.db)).rows[0]?.t;
  if (!table) return null;
  const rows = Number((await sql<{ n: string }>`select count(*) as n from ${sql.raw(stageTable(job.id))}`.execute(database.db)).rows[0]!.n);
  return rows === staged.rowsTotal ? staged : null;
}

/** Drops a job's staged rows (there may be none). */
export async function dropStagedRows(database: HubDatabase, jobId: number): Promise<void> {
  await sql.raw(`drop table if exists ${stageTable(jobId)}`).execute(database.db);
  await database.db.updateTable('importJob').set({ staged: null }).where('id', '=', jobId).where('staged', 'is not', null).execute();
}

/**
 * Imports never confirmed (previewed, refused, failed) whose work ended before `now - keptMs` lose their staged
 * rows and their uploaded file; staged tables no job will use again and upload files no job holds (a server
 * stopped between an upload and its job, or while staging) older than that go too. The import directory
 * belongs to this database's hub alone. Answers how many jobs, tables and files it cleaned.
 */
export async function cleanStaleImports(
  database: HubDatabase,
  now = new Date(),
  keptMs = UNCONFIRMED_IMPORT_KEPT_MS,
): Promise<{ jobs: number; tables: number; files: number }> {
  const cutoff = new Date(now.getTime() - keptMs);
  const { db } = database;
  const stale = await db
    .selectFrom('importJob')
    .select(['id', 'filePath'])
    .where('status', 'in', ['PREVIEWED', 'REFUSED', 'FAILED'])
    .where('finishedAt', '<', cutoff)
    .where((eb) => eb.or([eb('filePath', 'is not', null), eb('staged', 'is not', null)]))
    .execute();
  for (const job of stale) {
    await dropStagedRows(database, job.id);
    await removeImportFile(job.filePath);
    await db.updateTable('importJob').set({ filePath: null }).where('id', '=', job.id).execute();
  }
  // tables of jobs that are not at work and not a preview awaiting its confirm (or that are gone)
  const orphans = (
    await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'import_stage' and c.relkind = 'r' and c.relname ~ '^job_[0-9]+$'
      and not exists (select 1 from import_job j where j.id = substr(c.relname, 5)::int and j.status in ('READING', 'CHECKING', 'WRITING', 'PREVIEWED'))`.execute(
      db,
    )
  ).rows;
  for (const { name } of orphans) await sql.raw(`drop table if exists import_stage.${name}`).execute(db);
  let files = 0;
  const directory = importDirectory();
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const held = new Set(
    (await db.selectFrom('importJob').select('filePath').where('filePath', 'is not', null).execute()).map((j) => j.filePath),
  );
  for (const name of names.filter((n) => n.endsWith('.upload'))) {
    const path = join(directory, name);
    if (held.has(path)) continue;
    const modified = await stat(path).then(
      (s) => s.mtime,
      () => null,
    );
    if (!modified || modified >= cutoff) continue;
    await removeImportFile(path);
    files++;
  }
  return { jobs: stale.length, tables: orphans.length, files };
}
