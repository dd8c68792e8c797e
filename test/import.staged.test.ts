import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanStaleImports, stageTable } from '../schema/src/import/staged';
import { storeImportFile } from '../schema/src/import/store';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { confirm, countOf, preview, settled } from './support/importJobs';
import { REGISTER_HEADER, buildRegisterFile } from './support/registerSheet';
import type { TestServer } from './support/server';

/**
 * A preview's staged rows are kept for its apply (staged.ts): the confirm merges the rows the preview staged
 * instead of reading the file again, unless the file or the options changed; rows and files of imports never
 * confirmed are cleaned up after a day.
 */
describe('staged rows of a preview, kept for its apply', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fupin-import-staged-'));
  const before = process.env.HUB_IMPORT_DIR;
  let database: TestDatabase;
  let server: TestServer;
  let sessions: DemoCounty['sessions'];

  beforeAll(async () => {
    // this file's own import directory: the cleanup below removes files no job of its database holds
    process.env.HUB_IMPORT_DIR = dir;
    ({ database, server, sessions } = await demoCounty());
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HUB_IMPORT_DIR;
    else process.env.HUB_IMPORT_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });

  const numeric = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);
  const stageExists = async (jobId: number) =>
    (await sql<{ t: string | null }>`select to_regclass(${stageTable(jobId)})::text as t`.execute(database.db)).rows[0]!.t !== null;
  const jobRow = (jobId: number) => database.db.selectFrom('importJob').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  /** Renames a member in the job's staged rows, behind the import's back: it shows whether an apply used them. */
  const renameStaged = async (jobId: number, personNumber: string, name: string) =>
    sql`update ${sql.raw(stageTable(jobId))} set m_name = ${name} where m_person_number = ${personNumber}`.execute(database.db);
  const nameOf = async (personNumber: string) =>
    (await database.db.selectFrom('member').select('name').where('personNumber', '=', personNumber).executeTakeFirstOrThrow()).name;

  /** The county's first households as the national sheet, with one member renamed so that the import changes something. */
  async function changedFile(households: number, rename: string) {
    const file = await buildRegisterFile(database.db, { format: 'csv-utf8', townships: 1, households });
    const lines = file.bytes.toString('utf8').split('\r\n');
    // below the title, header and units rows, the first member gets a new name
    const cells = lines[3]!.split(',');
    const personNumber = cells[REGISTER_HEADER.indexOf('人编号')]!;
    cells[REGISTER_HEADER.indexOf('姓名')] = rename;
    lines[3] = cells.join(',');
    return { name: file.name, bytes: Buffer.from(lines.join('\r\n'), 'utf8'), personNumber };
  }

  it('an apply after a preview merges the rows the preview staged, and drops them once applied', async () => {
    const file = await changedFile(3, '韦测甲');
    const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Member').updated).toBe(1);
    const id = numeric(job.id);
    expect(await stageExists(id)).toBe(true);
    expect((await jobRow(id)).staged).toMatchObject({ rowsTotal: job.progress.rowsTotal, problemCount: 0 });
    // the preview rolled its merge back: the hub still has the old name
    expect(await nameOf(file.personNumber)).not.toBe('韦测甲');

    await renameStaged(id, file.personNumber, '韦测乙');
    const applied = await confirm(server, sessions.admin, job.id);
    expect(applied.status, applied.failure).toBe('APPLIED');
    // the name staged (and changed since), not the file's: the apply did not read the file again
    expect(await nameOf(file.personNumber)).toBe('韦测乙');
    expect(await stageExists(id)).toBe(false);
    expect((await jobRow(id)).staged).toBeNull();
  });

  it('a file changed on disk since the preview, or a changed option, is staged again', async () => {
    const file = await changedFile(2, '罗测丙');
    const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
    expect(job.problems).toEqual([]);
    const id = numeric(job.id);
    await renameStaged(id, file.personNumber, '罗测丁');
    // the stored file replaced by a corrected one: the apply reads it again
    const corrected = Buffer.from(file.bytes.toString('utf8').replace('罗测丙', '罗测戊'), 'utf8');
    writeFileSync((await jobRow(id)).filePath!, corrected);
    expect((await confirm(server, sessions.admin, job.id)).status).toBe('APPLIED');
    expect(await nameOf(file.personNumber)).toBe('罗测戊');

    // the same file with "delete missing members" asked for only at the confirm: staged again
    const again = await changedFile(2, '罗测己');
    const job2 = await preview(server, sessions.admin, 'households', again.name, again.bytes);
    expect(job2.problems).toEqual([]);
    const id2 = numeric(job2.id);
    await renameStaged(id2, again.personNumber, '罗测庚');
    expect((await confirm(server, sessions.admin, job2.id, true)).status).toBe('APPLIED');
    expect(await nameOf(again.personNumber)).toBe('罗测己');
    expect(await stageExists(id2)).toBe(false);
  });

  it('a refused preview keeps no staged rows', async () => {
    const file = await buildRegisterFile(database.db, { format: 'csv-utf8', townships: 1, households: 2, dirt: ['unknownVillage'] });
    const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
    expect(job.status).toBe('REFUSED');
    expect(await stageExists(numeric(job.id))).toBe(false);
  });

  it('an import never confirmed loses its staged rows and its file after a day; stray upload files go too, recent ones stay', async () => {
    const file = await changedFile(2, '黄测辛');
    const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
    expect(job.status).toBe('PREVIEWED');
    const id = numeric(job.id);
    const path = (await jobRow(id)).filePath!;
    // a refused preview keeps its file (for the marked workbook) until then too
    const bad = await buildRegisterFile(database.db, { format: 'csv-utf8', townships: 1, households: 2, dirt: ['noHead'] });
    const refused = numeric((await preview(server, sessions.admin, 'households', bad.name, bad.bytes)).id);
    const refusedPath = (await jobRow(refused)).filePath!;
    // an upload whose job was never recorded (the server stopped in between), two days old, and one just made
    const stray = await storeImportFile(Buffer.from('stray'), 1000);
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    utimesSync(stray.path, old, old);
    const recent = await storeImportFile(Buffer.from('recent'), 1000);
    // staged rows of a job that is gone (or no longer waits for its confirm) go at once
    const gone = 1_000_000 + id;
    await sql.raw(`create unlogged table ${stageTable(gone)} (seq int)`).execute(database.db);

    // within the day: nothing goes
    const name = (p: string) => p.slice(dir.length + 1);
    expect(await cleanStaleImports(database)).toEqual({ jobs: 0, tables: 1, files: 1 });
    expect(await stageExists(gone)).toBe(false);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining([name(path), name(refusedPath), name(recent.path)]));
    expect(readdirSync(dir)).not.toContain(name(stray.path));
    expect(await stageExists(id)).toBe(true);

    // a day and more later the preview's rows and file go; the job says its file is no longer kept when confirmed
    const later = new Date(Date.now() + 25 * 3600_000);
    // (and those of this file's earlier tests never confirmed)
    expect((await cleanStaleImports(database, later)).jobs).toBeGreaterThanOrEqual(2);
    expect(await stageExists(id)).toBe(false);
    expect(readdirSync(dir)).not.toContain(name(path));
    expect(readdirSync(dir)).not.toContain(name(refusedPath));
    expect((await jobRow(refused)).filePath).toBeNull();
    // the upload no job holds is by then more than a day old too
    expect(readdirSync(dir)).not.toContain(name(recent.path));
    expect((await jobRow(id)).filePath).toBeNull();
    const result = await server.graphql<Record<string, { status: string }>>(
      `mutation ($id: ID!) { confirmImport(id: $id) { id status } }`,
      { id: job.id },
      { cookie: sessions.admin },
    );
    expect(result.errors).toBeUndefined();
    await expect(settled(server, sessions.admin, job.id)).rejects.toThrow(/no longer kept/);
  });
});
