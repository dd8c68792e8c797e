import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLD_STATUSES } from '../schema/src/households/codes';
import { globalId } from '../schema/src/graph/ids';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoAccount, type DemoCounty } from './support/demoAccounts';
import type { TestServer } from './support/server';

/**
 * Exports, as the admin's export button fetches them and as `pnpm hub export` writes them: each account
 * gets what it may read, masked as it reads it, in files that parse back, and every export is audited.
 */
describe('exports, on the demo county', () => {
  let database: TestDatabase;
  let server: TestServer;
  let sessions: DemoCounty['sessions'];
  let townshipId: number;
  const dir = mkdtempSync(join(tmpdir(), 'fupin-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    ({ database, server, sessions, townshipId } = await demoCounty());
  });

  const download = (user: DemoAccount | null, path: string, filter?: unknown) =>
    fetch(`${server.url}/export/${path}${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`, {
      headers: user ? { cookie: sessions[user] } : {},
    });

  /** A CSV export parsed back: the header row and the records keyed by it. */
  const csv = async (user: DemoAccount, path: string, filter?: unknown) => {
    const response = await download(user, path, filter);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel and WPS look for
    return parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
  };

  /** An XLSX export read back with exceljs: the first sheet's rows as records keyed by the header. */
  const xlsx = async (user: DemoAccount, path: string, filter?: unknown) => {
    const response = await download(user, path, filter);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const records: Record<string, unknown>[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) records.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    return records;
  };

  const townshipHouseholds = async () =>
    new Set(
      (
        await database.db
          .selectFrom('household')
          .select('id')
          .where('villageId', 'in', database.db.selectFrom('village').select('id').where('townshipId', '=', townshipId))
          .execute()
      ).map((h) => globalId('Household', h.id)),
    );

  it('gives a clerk exactly her township’s households, with Chinese headers and code labels, as CSV that parses back', async () => {
    const rows = await csv('clerk', 'households.csv');
    const mine = await townshipHouseholds();
    expect(rows.length).toBe(mine.size);
    expect(rows.filter((r) => !mine.has(r['记录标识']!))).toEqual([]);
    const labels = new Set<string>(HOUSEHOLD_STATUSES.map((s) => s.zh));
    expect(rows.filter((r) => !labels.has(r['脱贫状态']!))).toEqual([]);
    expect(rows[0]!['户编号']).toMatch(/^[0-9]{8,20}$/);
    // a clerk reads phone numbers in full; the village is named
    expect(rows.some((r) => /^1[0-9]{10}$/.test(r['联系电话']!))).toBe(true);
    expect(rows[0]!['行政村']).toMatch(/村/);
  });

  it('gives an analyst masked numbers only, as XLSX that exceljs reads back', async () => {
    const filter = { townshipId: globalId('Township', townshipId) };
    const households = await xlsx('analyst', 'households.xlsx', filter);
    expect(households.length).toBe((await townshipHouseholds()).size);
    const phones = households.map((h) => h['联系电话']).filter(Boolean) as string[];
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.filter((p) => !/^[0-9]{3}\*{4}[0-9]{4}$/.test(p))).toEqual([]);
    const members = await xlsx('analyst', 'members.xlsx', { household: { eq: households[0]!['记录标识'] } });
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) if (member['身份证号码']) expect(member['身份证号码']).toMatch(/^451027\*{8}[0-9]{3}[0-9X]$/);
    // and she may not filter on what she sees masked, in an export either
    const probe = await download('analyst', 'members.csv', { residentId: { startsWith: '4510271980' } });
    expect(probe.status).toBe(403);
  });

  it('gives a partner only its unit’s pairings and the households they reach', async () => {
    const unit = (
      await database.db.selectFrom('appUser').select('helperUnitId').where('username', '=', 'partner').executeTakeFirstOrThrow()
    ).helperUnitId!;
    const pairings = await database.db
      .selectFrom('cadreHouseholdPairing')
      .innerJoin('cadre', 'cadre.id', 'cadreHouseholdPairing.cadreId')
      .select(['cadreHouseholdPairing.id', 'cadreHouseholdPairing.householdId'])
      .where('cadre.helperUnitId', '=', unit)
      .execute();
    const exported = await csv('partner', 'cadreHouseholdPairings.csv');
    expect(exported.map((r) => r['记录标识']).sort()).toEqual(pairings.map((p) => globalId('CadreHouseholdPairing', p.id)).sort());
    const households = await csv('partner', 'households.csv');
    expect(households.map((r) => r['记录标识']).sort()).toEqual(
      [...new Set(pairings.map((p) => globalId('Household', p.householdId)))].sort(),
    );
    expect(await csv('partner', 'fundSources.csv')).toEqual([]);
  });

  it('audits every export when it starts and when it ends: who, which list, which filter, which format, how many rows', async () => {
    const filter = { status: { eq: 'POOR' } };
    const rows = await csv('admin', 'households.csv', filter);
    // the end is recorded once the last byte is handed over, which the client may see first
    const audit = () =>
      database.db
        .selectFrom('auditLog')
        .select(['id', 'actorName', 'recordType', 'after'])
        .where('operation', '=', 'EXPORT')
        .where('actorName', '=', 'admin')
        .orderBy('id', 'desc')
        .limit(2)
        .execute();
    await expect.poll(async () => ((await audit())[0]?.after as { stage?: string } | undefined)?.stage).toBe('finished');
    const [finished, started] = await audit();
    expect(started).toEqual({
      id: expect.any(Number),
      actorName: 'admin',
      recordType: 'Household',
      after: { list: 'households', format: 'csv', filter, stage: 'started' },
    });
    expect(finished).toEqual({
      id: expect.any(Number),
      actorName: 'admin',
      recordType: 'Household',
      after: {
        list: 'households',
        format: 'csv',
        filter,
        stage: 'finished',
        started: started!.id,
        rows: rows.length,
        bytes: expect.any(Number),
      },
    });
  });

  it('writes a cell that starts like a formula as text', async () => {
    const household = await database.db.selectFrom('household').select(['id']).orderBy('id').executeTakeFirstOrThrow();
    await database.db
      .updateTable('household')
      .set({ note: '=HYPERLINK("http://evil.example","点我")' })
      .where('id', '=', household.id)
      .execute();
    const rows = await csv('admin', 'households.csv', { id: { eq: globalId('Household', household.id) } });
    expect(rows.map((r) => r['备注'])).toEqual([`'=HYPERLINK("http://evil.example","点我")`]);
  });

  it('refuses clearly: no session, an unknown list, a filter that is not the list’s', async () => {
    expect((await download(null, 'households.csv')).status).toBe(401);
    const unknown = await download('admin', 'secrets.csv');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).toMatch(/households/);
    const bad = await download('admin', 'households.csv', { colour: { eq: 'red' } });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: { extensions: { fields: { field: string }[] } }[] }).errors[0]!.extensions.fields[0]!.field,
    ).toMatch(/filter/);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`lets go of the database when the client drops a ${format.toUpperCase()} download half way, and audits what was sent`, async () => {
      // members: far more than the socket buffers hold, so the export is still writing when it is cut
      const controller = new AbortController();
      const response = await fetch(`${server.url}/export/members.${format}`, {
        headers: { cookie: sessions.admin },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      // the request's transaction ends (rolled back) instead of waiting for a drain that never comes
      const open = () =>
        sql<{
          n: number;
        }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`
          .execute(database.db)
          .then((r) => r.rows[0]!.n);
      await expect.poll(open, { timeout: 10_000 }).toBe(0);
      const ended = () =>
        database.db
          .selectFrom('auditLog')
          .select('after')
          .where('operation', '=', 'EXPORT')
          .where('recordType', '=', 'Member')
          .orderBy('id', 'desc')
          .executeTakeFirst()
          .then((r) => r?.after as Record<string, unknown> | undefined);
      await expect.poll(ended, { timeout: 10_000 }).toMatchObject({ list: 'members', format, stage: 'aborted', reason: 'CLIENT_CLOSED' });
      const members = (
        await database.db
          .selectFrom('member')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      const { rows } = (await ended()) as { rows: number };
      expect(rows).toBeLessThan(members);
      const after = await server.graphql<{ households: { totalCount: number } }>(
        `{ households { totalCount } }`,
        {},
        { cookie: sessions.admin },
      );
      expect(after.data!.households.totalCount).toBeGreaterThan(0);
    });
  }

  it('is what `pnpm hub export` writes too, as the user named with --as', { timeout: 120_000 }, () => {
    const file = join(dir, '贫困户.csv');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/src/cli.ts', 'export', 'households', file, '--as', 'clerk', '--filter', '{"status":{"eq":"POOR"}}'],
      {
        cwd: new URL('..', import.meta.url).pathname,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: database.url },
        encoding: 'utf8',
        timeout: 100_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(result.stdout).toContain(`已导出 ${rows.length} 行`);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r['脱贫状态']))).toEqual(new Set(['未脱贫']));
    return townshipHouseholds().then((mine) => expect(rows.filter((r) => !mine.has(r['记录标识']!))).toEqual([]));
  });
});
