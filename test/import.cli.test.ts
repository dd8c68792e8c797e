import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmJob, connect, createImportJob, migrateToLatest, runImport, viewerNamed, type HubDatabase } from '../schema/src/index';
import { seedDemo } from '../schema/src/demo/index';
import { runUndo, startUndo } from '../schema/src/import/undo';
import { freshDatabase, type TestDatabase } from './support/database';
import { buildRegisterFile } from './support/registerSheet';
import { hub } from './support/cli';

const hubImport = (args: string[], env: Record<string, string>) => hub(args, env, 120_000);

/** `pnpm hub import`: a dry run lists every problem and exits non-zero; a clean file is written; --as scopes it. */
describe('pnpm hub import', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'fupin-import-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    database = await freshDatabase('demo');
  });

  it('prints the counts and every problem, exits 1 and writes nothing; the corrected file is written', async () => {
    const dirty = await buildRegisterFile(database.db, {
      format: 'csv-gbk',
      townships: 1,
      households: 6,
      dirt: ['unknownVillage', 'noHead'],
    });
    const file = join(dir, dirty.name);
    writeFileSync(file, dirty.bytes);
    const refused = hubImport(['import', 'households', file], { DATABASE_URL: database.url });
    expect(refused.status, refused.stderr).toBe(1);
    const village = dirty.planted.find((p) => p.dirt === 'unknownVillage')!;
    expect(refused.stdout).toContain(`${village.sheet} 第 ${village.rows[0]} 行 row [行政村] “无此村”`);
    expect(refused.stdout).toMatch(/该户没有户主/);
    expect(refused.stdout).toMatch(/未写入任何数据/);
    expect(refused.stderr).toMatch(/已读 read \d+/);

    const clean = await buildRegisterFile(database.db, { format: 'xlsx', townships: 1, households: 6 });
    const cleanFile = join(dir, clean.name);
    writeFileSync(cleanFile, clean.bytes);
    const dry = hubImport(['import', 'households', cleanFile, '--dry-run'], { DATABASE_URL: database.url });
    expect(dry.status, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Household: 新增 created 0, 修改 updated 0, 不变 unchanged 6, 删除 deleted 0/);
    expect(dry.stdout).toMatch(/检查通过（未写入）/);
    const applied = hubImport(['import', 'households', cleanFile, '--as', 'clerk'], { DATABASE_URL: database.url });
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/以 clerk（CLERK）的权限导入/);
    expect(applied.stdout).toMatch(/已全部写入/);
    const jobs = await database.db.selectFrom('importJob').select(['status', 'createdByName']).orderBy('id').execute();
    expect(jobs.map((j) => j.status)).toEqual(['REFUSED', 'PREVIEWED', 'APPLIED']);

    const analyst = hubImport(['import', 'households', cleanFile, '--as', 'analyst'], { DATABASE_URL: database.url });
    expect(analyst.status).toBe(1);
    expect(analyst.stderr).toMatch(/当前角色不能导入数据/);
  });
});

/** Undo refuses, as a whole, when a record the import wrote was edited since. */
describe('undo after an edit', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('demo');
  });

  it('a record edited since the import is a CONFLICT problem and nothing is undone', async () => {
    const admin = (await viewerNamed(database.db, 'admin'))!;
    const file = await buildRegisterFile(database.db, { format: 'xlsx', townships: 1, households: 3 });
    // the hub's values drift from the file's (the households the fixture writes: the first township's first three), so that the import updates them
    const township = await database.db.selectFrom('township').select('id').orderBy('code').executeTakeFirstOrThrow();
    const ids = (
      await database.db
        .selectFrom('household')
        .innerJoin('village', 'village.id', 'household.villageId')
        .select('household.id')
        .where('village.townshipId', '=', township.id)
        .orderBy('householdNumber')
        .limit(3)
        .execute()
    ).map((h) => h.id);
    await database.db.updateTable('member').set({ migrantWorkMonths: 11 }).where('householdId', 'in', ids).execute();
    let job = await createImportJob(database, admin, { list: 'households', fileName: file.name, content: file.bytes });
    job = await runImport(database, job.id);
    expect(job.status).toBe('PREVIEWED');
    await confirmJob(database, admin, job.id);
    job = await runImport(database, job.id);
    expect(job.status).toBe('APPLIED');
    const updated = job.counts.find((c) => c.recordType === 'Member')!.updated;
    expect(updated).toBeGreaterThan(0);
    const touched = await database.db
      .selectFrom('auditLog')
      .select('recordId')
      .where('importJobId', '=', job.id)
      .where('recordType', '=', 'Member')
      .execute();
    const edited = touched[0]!.recordId!;
    const before = await database.db
      .selectFrom('member')
      .select(['id', 'migrantWorkMonths'])
      .where(
        'id',
        'in',
        touched.map((t) => t.recordId!),
      )
      .orderBy('id')
      .execute();
    await database.db.updateTable('member').set({ name: '导入后改名' }).where('id', '=', edited).execute();

    expect((await startUndo(database, admin, job.id)).status).toBe('UNDOING');
    const after = await runUndo(database, job.id);
    expect(after.status).toBe('APPLIED');
    // the import's own figures come back once the refused undo is over
    expect(after.progress).toEqual(job.progress);
    expect(after.problemCount).toBe(1);
    expect(after.problems[0]!.message.zh).toMatch(/^冲突：家庭成员「.+」在导入后已被修改（版本 \d+ → \d+）/);
    const now = await database.db
      .selectFrom('member')
      .select(['id', 'migrantWorkMonths'])
      .where(
        'id',
        'in',
        touched.map((t) => t.recordId!),
      )
      .orderBy('id')
      .execute();
    expect(now.map((m) => m.migrantWorkMonths)).toEqual(before.map((m) => m.migrantWorkMonths));
  });
});

/** The embedded database: the job, its preview and its apply, without COPY (batched inserts into the staging table). */
describe('import on PGlite', () => {
  let pglite: HubDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'fupin-import-pglite-'));
  afterAll(async () => {
    await pglite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('previews, applies and re-imports as unchanged', { timeout: 240_000 }, async () => {
    pglite = await connect({ dataDir: 'memory://import' });
    await migrateToLatest(pglite.db);
    await seedDemo(pglite.db, { password: 'smoke-password', households: 300 });
    const admin = (await viewerNamed(pglite.db, 'admin'))!;
    // a workbook: PGlite gives its bytes back as a Uint8Array, which the zip reader must take as well as pg's Buffer
    const file = await buildRegisterFile(pglite.db, { format: 'xlsx', townships: 1, households: 4 });
    let job = await createImportJob(pglite, admin, { list: 'households', fileName: file.name, content: file.bytes });
    job = await runImport(pglite, job.id);
    expect(job.problems).toEqual([]);
    expect(job.status, job.failure ?? '').toBe('PREVIEWED');
    expect(job.counts.find((c) => c.recordType === 'Household')).toMatchObject({ created: 0, unchanged: 4 });
    await confirmJob(pglite, admin, job.id);
    job = await runImport(pglite, job.id);
    expect(job.status).toBe('APPLIED');
    expect(job.progress.rowsWritten).toBe(job.progress.rowsTotal);
  });
});
