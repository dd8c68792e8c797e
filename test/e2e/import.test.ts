// the callbacks given to page.evaluate and waitForFunction run in the browser
/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeResidentId } from '../../schema/src/households/residentId';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { freshDatabase, type TestDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A new household of the clerk's township as the national person list carries it: one row per member. */
interface NewHousehold {
  village: string;
  householdNumber: string;
  members: { name: string; relation: string; sex: '男' | '女'; born: string; residentId: string }[];
}

/** The national person-level sheet's columns (shared/docs/import.md), as a county's workbook names them. */
const HEADER = [
  '序号',
  '县(市、区、旗)',
  '乡(镇)',
  '行政村',
  '自然村',
  '户编号',
  '人编号',
  '姓名',
  '性别',
  '出生日期',
  '证件号码',
  '人数',
  '与户主关系',
  '民族',
  '文化程度',
  '健康状况',
  '劳动技能',
  '贫困户属性',
  '脱贫状态',
  '主要致贫原因',
  '首次识别时间',
];
const TITLE_ROWS = 1;
/** The spreadsheet row (1-based, as Excel shows it) of the n-th member row (0-based) of the file. */
const sheetRow = (n: number) => TITLE_ROWS + 1 + 1 + n;

/** The workbook a clerk of 泗城镇 would bring: a merged title row, the header, a row per member. */
async function nationalWorkbook(households: NewHousehold[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('泗城镇');
  sheet.addRow(['凌云县建档立卡贫困人口名单（泗城镇新识别户）']);
  sheet.mergeCells(1, 1, 1, HEADER.length);
  sheet.addRow(HEADER);
  let n = 0;
  for (const household of households) {
    household.members.forEach((member, index) => {
      n += 1;
      sheet.addRow([
        n,
        '凌云县',
        '泗城镇',
        household.village,
        '',
        household.householdNumber,
        `${household.householdNumber}${String(index + 1).padStart(2, '0')}`,
        member.name,
        member.sex,
        member.born,
        member.residentId, // text, as the national system writes ID numbers
        household.members.length,
        member.relation,
        '壮族',
        '初中',
        '健康',
        '普通劳动力',
        '一般贫困户',
        '未脱贫',
        '因病',
        2016,
      ]);
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * 导入 in the admin, as a clerk of 泗城镇 does it: a workbook of new households with a village that does not
 * exist, the problems table and her workbook marked, the corrected file previewed, confirmed and seen in the
 * grid; the import kept in 导入记录; an administrator undoes it. Every result is read back through GraphQL.
 */
describe('importing a workbook in the admin', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let clerkCookie: string;
  let households: NewHousehold[];
  let jobUrl: string;
  const numbers = () => households.map((h) => h.householdNumber);

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await server.graphql<T>(query, variables, { cookie: clerkCookie });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const stored = async () =>
    (
      await gql<{
        households: {
          nodes: { householdNumber: string; headName: string; village: { name: string }; members: { name: string; relation: string }[] }[];
        };
      }>(
        `query ($n: [String!]) { households(filter: { householdNumber: { in: $n } }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber headName village { name } members { name relation } } } }`,
        { n: numbers() },
      )
    ).households.nodes;

  const signIn = async (target: Page, username: string) => {
    await target.goto(`${server.url}/login`);
    await target.getByLabel('用户名').fill(username);
    await target.getByLabel('密码', { exact: false }).first().fill(inject('demoPassword'));
    await target.getByRole('button', { name: '登录' }).click();
    await target.waitForURL((url) => !url.pathname.startsWith('/login'));
  };
  /** Chooses the file on the upload page and uploads it; resolves on the job's page once the hub is done reading and checking. */
  const upload = async (name: string, bytes: Buffer) => {
    await page.locator('input[type="file"]').setInputFiles({ name, mimeType: XLSX, buffer: bytes });
    await page.getByText(`已选择：${name}`).waitFor();
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.waitForURL(/\/imports\/[^/]+\/show$/);
    await page
      .locator('[data-testid="import-job"][data-status="PREVIEWED"], [data-testid="import-job"][data-status="REFUSED"]')
      .waitFor({ timeout: 30_000 });
  };

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    clerkCookie = await server.signIn('clerk', inject('demoPassword'));
    // three new households in two villages of 泗城镇, numbered after the village's code like the national system's
    const villages = await database.db
      .selectFrom('village')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .where('township.name', '=', '泗城镇')
      .select(['village.name', 'village.code'])
      .orderBy('village.code')
      .limit(2)
      .execute();
    const person = (name: string, relation: string, sex: '男' | '女', born: string, sequence: number) => ({
      name,
      relation,
      sex,
      born,
      residentId: makeResidentId('451027', born, sequence * 2 + (sex === '男' ? 1 : 0)),
    });
    households = [
      {
        village: villages[0]!.name,
        householdNumber: `${villages[0]!.code}9001`,
        members: [
          person('韦新民', '户主', '男', '1968-03-14', 401),
          person('黄秀兰', '配偶', '女', '1970-07-02', 402),
          person('韦小军', '之子', '男', '1996-11-20', 403),
        ],
      },
      {
        village: villages[0]!.name,
        householdNumber: `${villages[0]!.code}9002`,
        members: [person('罗桂芳', '户主', '女', '1955-01-09', 404)],
      },
      {
        village: villages[1]!.name,
        householdNumber: `${villages[1]!.code}9001`,
        members: [person('岑志强', '户主', '男', '1979-05-30', 405), person('岑丽', '之女', '女', '2008-09-12', 406)],
      },
    ];
    browser = await launchBrowser();
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    await signIn(page, 'clerk');
  });

  it(
    'shows the problems of a workbook with an unknown village, writes nothing, and gives the workbook back marked',
    { timeout: 90_000 },
    async () => {
      // the second household's village is misspelt: an error on that cell, never a village made up
      const planted = households.map((h, i) => (i === 1 ? { ...h, village: '不存在村' } : h));
      const badRow = sheetRow(households[0]!.members.length);

      await page.goto(`${server.url}/households`);
      await page.getByRole('link', { name: '导入', exact: true }).click();
      await page.waitForURL(/\/imports\/create\?list=households$/);
      await page.getByText('把 Excel 工作簿或 CSV 文件拖到这里').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}import-upload.png` });
      await upload('泗城镇新识别户.xlsx', await nationalWorkbook(planted));
      jobUrl = page.url();

      // the job's page: the rows the hub read and checked, then the problem, on its cell
      const memberRows = households.reduce((total, h) => total + h.members.length, 0);
      await page.getByText(`已读取 ${memberRows} / ${memberRows} 行`).waitFor();
      await page.getByText(`已检查 ${memberRows} / ${memberRows} 行`).waitFor();
      const problems = page.getByTestId('import-problems');
      const problem = problems.locator('tbody tr', { hasText: '不存在村' });
      await expect(problem.count()).resolves.toBe(1);
      const cells = await problem.locator('td').allTextContents();
      expect(cells[0]).toBe('泗城镇');
      expect(cells[1]).toBe(String(badRow));
      expect(cells[2]).toBe(`D行政村`); // column D, as Excel shows it, and the header
      expect(cells[3]).toBe('不存在村');
      expect(cells[4]).toMatch(/行政村|不存在村/);
      await expect(page.getByText(/没有写入任何数据/).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: '确认导入' }).count()).resolves.toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}import-problems.png`, fullPage: true });
      await expect(stored()).resolves.toEqual([]);

      // the clerk's own workbook back, the bad cell's row with a 问题 column saying what is wrong
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: '下载标注问题的工作簿' }).click();
      const marked = new ExcelJS.Workbook();
      await marked.xlsx.readFile((await (await download).path())!);
      const sheet = marked.getWorksheet('泗城镇')!;
      const header = (sheet.getRow(TITLE_ROWS + 1).values as unknown[]).slice(1).map(String);
      expect(header.slice(0, HEADER.length)).toEqual(HEADER);
      const problemsColumn = header.indexOf('问题') + 1;
      expect(problemsColumn).toBeGreaterThan(HEADER.length);
      expect(String(sheet.getRow(badRow).getCell(problemsColumn).value ?? '')).toMatch(/行政村|不存在村/);
      expect(sheet.getRow(sheetRow(0)).getCell(problemsColumn).value ?? null).toBeNull();
    },
  );

  it('imports the corrected file after its preview, and the new households are in the grid', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: '重新导入' }).click();
    await page.waitForURL(/\/imports\/create\?list=households$/);
    await upload('泗城镇新识别户（已改正）.xlsx', await nationalWorkbook(households));

    // the preview: three households and six members to create, nothing written yet
    const counts = page.getByTestId('import-counts');
    const created = (recordType: string) => counts.locator(`tr[data-record-type="${recordType}"] td[data-count="created"]`).textContent();
    await expect(created('Household')).resolves.toBe('3');
    await expect(created('Member')).resolves.toBe('6');
    await expect(page.getByTestId('import-problems').count()).resolves.toBe(0);
    await expect(stored()).resolves.toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}import-preview.png`, fullPage: true });

    await page.getByRole('button', { name: '确认导入' }).click();
    await page.locator('[data-testid="import-job"][data-status="APPLIED"]').waitFor({ timeout: 30_000 });
    await page.getByText('已写入 6 / 6 行').waitFor();
    const written = await stored();
    expect(written.map((h) => [h.householdNumber, h.village.name, h.headName, h.members.length])).toEqual(
      households.map((h) => [h.householdNumber, h.village, h.members[0]!.name, h.members.length]),
    );
    expect(written[0]!.members.map((m) => m.relation).sort()).toEqual(['HEAD', 'SON', 'SPOUSE']);

    // the grid, narrowed to the new households' numbers
    await page.getByRole('link', { name: '查看贫困户' }).click();
    await page.waitForURL(/\/households/);
    await page.goto(`${server.url}/households?filter=${encodeURIComponent(JSON.stringify({ householdNumber: numbers() }))}`);
    await page.getByText(/共 3 条/).waitFor();
    for (const [row, household] of households.entries()) {
      await expect.poll(() => page.locator(`#glide-cell-1-${row}`).textContent()).toBe(household.householdNumber);
      await expect.poll(() => page.locator(`#glide-cell-2-${row}`).textContent()).toBe(household.members[0]!.name);
    }
    await page.screenshot({ path: `${ARTIFACTS}import-grid.png` });
  });

  it('keeps the import in 导入记录: reopened, it shows its result, in English too', { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('menuitem', { name: '导入记录' }).click();
    await page.waitForURL(/\/imports$/);
    // newest first: the applied import, then the refused one
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: '已导入' }).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/已导入.*泗城镇新识别户（已改正）\.xlsx.*新增 9/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/有问题，未导入.*泗城镇新识别户\.xlsx/);
    await page.screenshot({ path: `${ARTIFACTS}import-history.png` });

    await rows.nth(0).click();
    await page.locator('[data-testid="import-job"][data-status="APPLIED"]').waitFor();
    await page.getByRole('button', { name: /简体中文/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('6 of 6 rows written').waitFor();
    await expect(page.getByRole('button', { name: 'Undo import' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('import-counts').locator('th').allTextContents()).resolves.toEqual([
      'Records',
      'New',
      'Changed',
      'Unchanged',
    ]);
    // the record types as the hub names them, asked again in the new language
    await page.getByTestId('import-counts').locator('tr[data-record-type="Member"] td', { hasText: 'Member' }).first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}import-applied-en.png`, fullPage: true });
    // the problems of the refused file in English as well: the hub answers in the UI's language
    await page.goto(jobUrl);
    await page.getByText(/Problems \(\d+\)/).waitFor();
    await expect(page.getByTestId('import-problems').locator('tbody tr td').last().textContent()).resolves.toMatch(/village/i);
  });

  it('lets an administrator undo the import, after asking', { timeout: 60_000 }, async () => {
    const admin = await (
      await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' })
    ).newPage();
    await signIn(admin, 'admin');
    await admin.goto(`${server.url}/imports`);
    const applied = admin.locator('tbody tr', { hasText: '已导入' });
    await expect(applied.textContent()).resolves.toMatch(/泗城镇新识别户（已改正）\.xlsx/);
    await applied.click();
    await admin.getByRole('button', { name: '撤销导入' }).click();
    await admin.getByText('撤销这次导入？').waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}import-undo.png` });
    await admin.getByRole('dialog').getByRole('button', { name: '撤销导入' }).click();
    await admin.locator('[data-testid="import-job"][data-status="UNDONE"]').waitFor({ timeout: 30_000 });
    await admin.getByText(/已于 .* 撤销/).waitFor();
    await expect(stored()).resolves.toEqual([]);
  });
});
