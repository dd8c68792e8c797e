import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { confirm, countOf, preview, undo, upload } from './support/importJobs';
import { startServer, type TestServer } from './support/server';

/**
 * The hub's own exports back in: download a list, edit it as a clerk would in Excel, import it, see the
 * changes in the preview, confirm; an edit made in the hub since the export is a CONFLICT; undo puts it back.
 */
describe('import of the hub’s own exports', () => {
  let database: TestDatabase;
  let server: TestServer;
  let sessions: DemoCounty['sessions'];
  let as: DemoCounty['as'];
  let villageId: number;

  beforeAll(async () => {
    ({ database, server, sessions, as } = await demoCounty());
    villageId = (await database.db.selectFrom('household').select('villageId').orderBy('id').executeTakeFirstOrThrow()).villageId;
  });

  const exported = async (list: string, format: 'csv' | 'xlsx', filter: unknown) => {
    const response = await fetch(`${server.url}/export/${list}.${format}?filter=${encodeURIComponent(JSON.stringify(filter))}`, {
      headers: { cookie: sessions.admin },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };
  const csvRecords = (bytes: Buffer) => parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
  const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  const csvBytes = (records: Record<string, string>[]) =>
    Buffer.from(`\uFEFF${[Object.keys(records[0]!), ...records.map((r) => Object.values(r))].map(csvLine).join('\n')}\n`, 'utf8');
  const auditRowsOf = async (jobId: string) => {
    const id = Number(Buffer.from(jobId, 'base64').toString().split(':')[1]);
    return database.db.selectFrom('auditLog').selectAll().where('importJobId', '=', id).execute();
  };
  const villageFilter = () => ({ villageId: globalId('Village', villageId) });

  it('the export has a version column before the record ID, and the same file comes back unchanged', async () => {
    const bytes = await exported('households', 'csv', villageFilter());
    const records = csvRecords(bytes);
    const header = Object.keys(records[0]!);
    expect(header.slice(-2)).toEqual(['版本', '记录标识']);
    const versions = await database.db.selectFrom('household').select(['id', 'version']).where('villageId', '=', villageId).execute();
    const job = await preview(server, sessions.admin, 'households', '贫困户.csv', bytes);
    expect(job.kind).toBe('HUB_EXPORT');
    expect(job.problems).toEqual([]);
    expect(job.status, job.failure).toBe('PREVIEWED');
    expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: records.length, deleted: 0 });
    const applied = await confirm(server, sessions.admin, job.id);
    expect(applied.status).toBe('APPLIED');
    // nothing changed: no version moved, no audit row
    expect(await database.db.selectFrom('household').select(['id', 'version']).where('villageId', '=', villageId).execute()).toEqual(
      versions,
    );
    expect(await auditRowsOf(job.id)).toEqual([]);
  });

  it('an edited cell is previewed, written with an audit row carrying the job, and undone', async () => {
    const bytes = await exported('households', 'xlsx', villageFilter());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const noteColumn = header.indexOf('备注') + 1;
    const idColumn = header.indexOf('记录标识') + 1;
    sheet.getRow(2).getCell(noteColumn).value = '导入测试：已走访';
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const recordId = String(sheet.getRow(2).getCell(idColumn).value);
    const id = Number(Buffer.from(recordId, 'base64').toString().split(':')[1]);
    const before = await database.db.selectFrom('household').select(['version', 'note']).where('id', '=', id).executeTakeFirstOrThrow();

    const job = await preview(server, sessions.admin, 'households', '贫困户.xlsx', edited);
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    // the preview wrote nothing
    expect(await database.db.selectFrom('household').select(['version', 'note']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(
      before,
    );

    const applied = await confirm(server, sessions.admin, job.id);
    expect(applied.status).toBe('APPLIED');
    const after = await database.db.selectFrom('household').select(['version', 'note']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ version: before.version + 1, note: '导入测试：已走访' });
    const audits = await auditRowsOf(job.id);
    expect(audits.map((a) => [a.operation, a.recordType, a.recordId])).toEqual([['UPDATE', 'Household', id]]);

    const undone = await undo(server, sessions.admin, job.id);
    expect(undone).toMatchObject({ status: 'UNDONE', problemCount: 0 });
    expect((await database.db.selectFrom('household').select('note').where('id', '=', id).executeTakeFirstOrThrow()).note).toBe(
      before.note,
    );
  });

  it('an edit made in the hub since the export is a CONFLICT on that row, and nothing is written', async () => {
    const bytes = await exported('households', 'csv', villageFilter());
    const records = csvRecords(bytes);
    const [first, second] = records;
    const firstId = Number(Buffer.from(first!['记录标识']!, 'base64').toString().split(':')[1]);
    // someone edits the first household in the hub after the export
    const current = await database.db.selectFrom('household').select('version').where('id', '=', firstId).executeTakeFirstOrThrow();
    const edit = await as('admin')(
      `mutation ($id: ID!, $v: Int!) { updateHousehold(input: { id: $id, version: $v, patch: { note: "在平台中修改" } }) { household { version } } }`,
      { id: first!['记录标识'], v: current.version },
    );
    expect(edit.errors).toBeUndefined();
    first!['备注'] = '表格中修改';
    second!['备注'] = '表格中修改第二户';
    const job = await preview(server, sessions.admin, 'households', '贫困户.csv', csvBytes(records));
    expect(job.status, job.failure).toBe('REFUSED');
    expect(job.problems).toHaveLength(1);
    expect(job.problems[0]).toMatchObject({ row: 2, header: '版本', value: String(current.version) });
    expect(job.problems[0].message).toMatch(/^冲突/);
    const confirmed = await as('admin')(`mutation ($id: ID!) { confirmImport(id: $id) { id } }`, { id: job.id });
    expect(confirmed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const secondId = Number(Buffer.from(second!['记录标识']!, 'base64').toString().split(':')[1]);
    expect((await database.db.selectFrom('household').select('note').where('id', '=', secondId).executeTakeFirstOrThrow()).note).not.toBe(
      '表格中修改第二户',
    );
  });

  it('bad cells are problems on their cells; masked cells stay; a row without an ID is created', async () => {
    const bytes = await exported('households', 'csv', villageFilter());
    const records = csvRecords(bytes);
    records[0]!['识别年度'] = '去年';
    records[1]!['行政村'] = '没有这个村';
    expect(records[2]!['联系电话']).not.toContain('*'); // the admin sees phones in full
    const job = await preview(server, sessions.admin, 'households', '贫困户.csv', csvBytes(records));
    expect(job.status, job.failure).toBe('REFUSED');
    expect(job.problems.map((p: Record<string, unknown>) => [p.row, p.header, p.value])).toEqual([
      [2, '识别年度', '去年'],
      [3, '行政村', '没有这个村'],
    ]);
    expect(job.problems[1].message).toContain('不存在或不在您的管辖范围内');
    // the file comes back with its problems marked, for its owner (and administrators) only
    const marked = await fetch(`${server.url}/import/${encodeURIComponent(job.id)}/marked.xlsx`, { headers: { cookie: sessions.admin } });
    expect(marked.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await marked.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.at(-1)).toMatch(/问题/);
    expect(String(sheet.getRow(2).getCell(header.length).value)).toMatch(/识别年度/);
    const foreign = await fetch(`${server.url}/import/${encodeURIComponent(job.id)}/marked.xlsx`, { headers: { cookie: sessions.clerk } });
    expect(foreign.status).toBe(404);

    // the analyst's export masks phones: imported by an admin, the masked cells change nothing
    const masked = await fetch(`${server.url}/export/households.csv?filter=${encodeURIComponent(JSON.stringify(villageFilter()))}`, {
      headers: { cookie: sessions.analyst },
    });
    const maskedRecords = csvRecords(Buffer.from(await masked.arrayBuffer()));
    expect(maskedRecords.some((r) => r['联系电话']?.includes('*'))).toBe(true);
    const fresh = { ...maskedRecords[0]!, 户编号: '4510279999000001', 记录标识: '', 版本: '', 联系电话: '' };
    const job2 = await preview(server, sessions.admin, 'households', 'masked.csv', csvBytes([...maskedRecords, fresh]));
    expect(job2.problems).toEqual([]);
    expect(countOf(job2, 'Household')).toMatchObject({ created: 1, updated: 0, unchanged: maskedRecords.length });
  });

  it('analysts and partners cannot import; a list that cannot be imported is refused; the CSRF header is required', async () => {
    for (const user of ['analyst', 'partner'] as const) {
      const refused = await upload(server, sessions[user], 'households', 'x.csv', 'a,b\n1,2\n');
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const list = await as(user)(`{ importJobs { totalCount } }`);
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const county = await upload(server, sessions.admin, 'counties', 'x.csv', 'a,b\n1,2\n');
    expect(county.status).toBe(400);
    const noHeader = await upload(server, sessions.admin, 'households', 'x.csv', 'a,b\n1,2\n', { headers: { 'x-hub-import': '' } });
    expect(noHeader.status).toBe(400);
  });

  it('a clerk sees her own imports, an admin every import', async () => {
    const clerkJobs = await as('clerk')(`{ importJobs { totalCount nodes { createdBy } } }`);
    const adminJobs = await as('admin')(`{ importJobs { totalCount nodes { createdBy } } }`);
    expect(clerkJobs.data!.importJobs.totalCount).toBe(0);
    expect(adminJobs.data!.importJobs.totalCount).toBeGreaterThan(3);
    const someone = adminJobs.data!.importJobs.nodes[0];
    expect(someone.createdBy).toBeTruthy();
  });

  it('a job left at work by a server that stopped is FAILED when the server starts again', async () => {
    const admin = await database.db
      .selectFrom('appUser')
      .select(['id', 'displayName'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const left = await database.db
      .insertInto('importJob')
      .values({
        list: 'households',
        kind: 'NATIONAL_REGISTER',
        fileName: 'x.csv',
        fileSize: 1,
        fileSha256: '0'.repeat(64),
        filePath: null,
        createdByUserId: admin.id,
        createdByName: admin.displayName,
        status: 'WRITING',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const undoing = await database.db
      .insertInto('importJob')
      .values({
        list: 'households',
        kind: 'NATIONAL_REGISTER',
        fileName: 'y.csv',
        fileSize: 1,
        fileSha256: '0'.repeat(64),
        filePath: null,
        createdByUserId: admin.id,
        createdByName: admin.displayName,
        status: 'UNDOING',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await startServer(database);
    const job = await database.db.selectFrom('importJob').select(['status', 'failure']).where('id', '=', left.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('FAILED');
    expect(job.failure).toMatch(/interrupted/);
    // an undo's transaction died with the server: the import stands, and can be undone again
    const stands = await database.db
      .selectFrom('importJob')
      .select(['status', 'failure'])
      .where('id', '=', undoing.id)
      .executeTakeFirstOrThrow();
    expect(stands).toEqual({ status: 'APPLIED', failure: expect.stringMatching(/undo interrupted/) });
  });
});
