import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { confirm, countOf, preview } from './support/importJobs';
import type { TestServer } from './support/server';

/**
 * Exports read like the grid (issue 15, point 6): the columns asked for, in their order, under the grid's
 * labels in the UI's language, then the version and the record's ID; one resident ID column; text that
 * starts like a formula stays text, without an apostrophe in an XLSX cell, and comes back as it was from CSV.
 */
describe('exports with the grid’s columns', () => {
  let database: TestDatabase;
  let server: TestServer;
  let sessions: DemoCounty['sessions'];
  let householdId: number;

  beforeAll(async () => {
    ({ database, server, sessions } = await demoCounty());
    householdId = (await database.db.selectFrom('household').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  });

  const download = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/export/${path}?${new URLSearchParams(params).toString()}`, { headers: { cookie: sessions.admin, ...headers } });
  const oneHousehold = () => ({ filter: JSON.stringify({ id: { eq: globalId('Household', householdId) } }) });

  /** The first sheet as rows of cells (header first), as exceljs reads it back. */
  const sheetOf = async (response: Response) => {
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    return workbook.worksheets[0]!;
  };
  const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1).map(String);

  it('writes the columns asked for in their order, with their Chinese labels, the version and the ID last', async () => {
    const sheet = await sheetOf(
      await download('households.xlsx', { ...oneHousehold(), columns: 'headName,householdNumber,village,status,size' }),
    );
    expect(headerOf(sheet)).toEqual(['户主姓名', '户编号', '行政村', '脱贫状态', '家庭人口', '版本', '记录标识']);
    const household = await database.db
      .selectFrom('household')
      .select(['householdNumber', 'version'])
      .where('id', '=', householdId)
      .executeTakeFirstOrThrow();
    const row = sheet.getRow(2);
    expect(row.getCell(2).value).toBe(household.householdNumber);
    expect(row.getCell(3).value).toMatch(/村$/);
    expect(row.getCell(6).value).toBe(household.version);
    expect(row.getCell(7).value).toBe(globalId('Household', householdId));
  });

  it('labels the columns in English when asked (locale=en, as the English admin sends), or by Accept-Language', async () => {
    const sheet = await sheetOf(await download('households.xlsx', { ...oneHousehold(), columns: 'householdNumber,status', locale: 'en' }));
    expect(headerOf(sheet)).toEqual(['Household number', 'Status', 'Version', 'Record ID']);
    const byHeader = await download('households.csv', { ...oneHousehold(), columns: 'householdNumber' }, { 'accept-language': 'en-GB' });
    expect(parse((await byHeader.text()).replace(/^\uFEFF/, ''))[0]).toEqual(['Household number', 'Version', 'Record ID']);
  });

  it('without columns, writes every field, then the derived ones, then the version and the ID', async () => {
    const sheet = await sheetOf(await download('households.xlsx', oneHousehold()));
    const header = headerOf(sheet);
    expect(header.slice(0, 3)).toEqual(['户编号', '行政村', '村民小组']);
    expect(header.slice(-4)).toEqual(['家庭人口', '户主姓名', '版本', '记录标识']);
  });

  it('shows a member’s resident ID number in one column, masked', async () => {
    const sheet = await sheetOf(
      await download('members.xlsx', { filter: JSON.stringify({ household: { eq: globalId('Household', householdId) } }) }),
    );
    const header = headerOf(sheet);
    expect(header.filter((h) => h.startsWith('身份证号码'))).toEqual(['身份证号码']);
    const ids = sheet
      .getColumn(header.indexOf('身份证号码') + 1)
      .values.slice(2)
      .filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[0-9]{6}\*{8}[0-9]{3}[0-9X]$/);
  });

  it('refuses an unknown column with 400, naming it and the list’s columns, and a locale it does not speak', async () => {
    const unknown = await download('households.csv', { columns: 'householdNumber,colour' });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { errors: { message: string; extensions: { code: string; fields: { field: string }[] } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(/colour/);
    expect(body.errors[0]!.message).toMatch(/householdNumber/);
    expect(body.errors[0]!.extensions.fields.map((f) => f.field)).toEqual(['columns.colour']);
    expect((await download('households.csv', { columns: 'householdNumber,,status' })).status).toBe(400);
    const locale = await download('households.csv', { locale: 'fr' });
    expect(locale.status).toBe(400);
    expect(JSON.stringify(await locale.json())).toMatch(/locale/);
  });

  describe('text that starts like a formula', () => {
    const formula = '=HYPERLINK("http://evil.example","点我")';
    const quoted = "'+1 已有撇号";
    beforeAll(async () => {
      await database.db.updateTable('household').set({ note: formula, address: quoted }).where('id', '=', householdId).execute();
    });

    it('is a text cell in XLSX, formatted as text, with no apostrophe in its value', async () => {
      const sheet = await sheetOf(await download('households.xlsx', { ...oneHousehold(), columns: 'note,address' }));
      const [note, address] = [sheet.getRow(2).getCell(1), sheet.getRow(2).getCell(2)];
      expect(note.value).toBe(formula);
      expect(note.type).toBe(ExcelJS.ValueType.String);
      expect(note.formula).toBeUndefined();
      expect(note.numFmt).toBe('@');
      expect(address.value).toBe(quoted);
    });

    it('gets an apostrophe in CSV, which the hub’s import of the file takes off again', async () => {
      const response = await download('households.csv', { ...oneHousehold(), columns: 'householdNumber,note,address' });
      const bytes = Buffer.from(await response.arrayBuffer());
      const [record] = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
      expect(record!['备注']).toBe(`'${formula}`);
      expect(record!['住址']).toBe(`'${quoted}`);
      // read back by the hub's own import, the texts are the ones stored: nothing to change
      const job = await preview(server, sessions.admin, 'households', '贫困户.csv', bytes);
      expect(job.problems).toEqual([]);
      expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    });
  });

  it('comes back when only some columns were exported: an edited cell is written, the others left alone', async () => {
    const before = await database.db.selectFrom('household').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await (await download('households.xlsx', { ...oneHousehold(), columns: 'note,householdNumber' })).arrayBuffer()) as never,
    );
    workbook.worksheets[0]!.getRow(2).getCell(1).value = '只导出了两列';
    const job = await preview(server, sessions.admin, 'households', '贫困户.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Household')).toMatchObject({ updated: 1 });
    expect((await confirm(server, sessions.admin, job.id)).status).toBe('APPLIED');
    const after = await database.db.selectFrom('household').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
    expect(after).toEqual({ ...before, note: '只导出了两列', version: before.version + 1, updatedAt: after.updatedAt });
  });
});
