// the callbacks given to page.evaluate and waitForFunction run in the browser
/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, launchBrowser, recordTiming } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/** The household grid's columns, as the grid shows them by default (HouseholdGrid): index → field. */
const HOUSEHOLD = { householdNumber: 0, headName: 1, phone: 3, attribute: 4, address: 19, note: 20, hasTv: 16 };
const MEMBER = { residentId: 3, sex: 4 };

interface HouseholdRow {
  id: string;
  version: number;
  householdNumber: string;
  headName: string;
  phone: string | null;
  attribute: string;
  address: string;
  note: string;
}
const HOUSEHOLD_FIELDS = 'id version householdNumber headName phone attribute address note';

/**
 * The spreadsheet grid in a real browser against the real server and the demo county: what a township
 * clerk does in a morning, by keyboard, with every result read back through GraphQL (the grid draws on a
 * canvas; Glide keeps an accessible table of the visible cells behind it, `#glide-cell-<col>-<row>`, with
 * the row-number column as col 0).
 */
describe('the spreadsheet grid', () => {
  let server: TestServer;
  let cookie: string;
  let page: Page;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await server.graphql<T>(query, variables, { cookie });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const households = async (numbers: string[]) =>
    (
      await gql<{ households: { nodes: HouseholdRow[] } }>(
        `query ($n: [String!]) { households(filter: { householdNumber: { in: $n } }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { ${HOUSEHOLD_FIELDS} } } }`,
        { n: numbers },
      )
    ).households.nodes;

  /** The text of a data cell of the grid (col as in the view's columns, row on the page). */
  const cell = (col: number, row: number) => page.locator(`#glide-cell-${col + 1}-${row}`);
  /** Keyboard only: focus the grid (its top-left cell) and walk to a cell with the arrow keys. */
  const goTo = async (col: number, row: number) => {
    await page.getByTestId('data-grid-canvas').focus();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < row; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
  };
  /** Glide's cell editor (in #portal), open and holding the focus */
  const editor = { waitFor: () => page.waitForFunction(() => !!document.activeElement?.closest('#portal')) };
  /**
   * Type-to-start: the first key opens the cell's editor with that character; the rest go into it once it
   * is there (Glide reopens the editor for a key that arrives before the editor has mounted).
   */
  const typeInCell = async (text: string) => {
    await page.keyboard.type(text[0]!);
    await editor.waitFor();
    await page.keyboard.type(text.slice(1));
  };
  const paste = async (text: string) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
  };
  const openGrid = async (resource: string) => {
    await page.goto(`${server.url}/${resource}`);
    // rows come block by block as the grid scrolls: wait for the first block's text, not the loading cells
    await page.waitForFunction(() => !!document.querySelector('#glide-cell-1-0')?.textContent);
  };

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    cookie = await server.signIn('clerk', inject('demoPassword'));
    const browser = await launchBrowser();
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码', { exact: false }).first().fill(inject('demoPassword'));
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });

  it('shows the first 200 households of the scroll with their count, and records how long it took', { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/`);
    await page.locator('a[href="/households"]').first().waitFor();
    const started = Date.now();
    await page.locator('a[href="/households"]').first().click();
    await page
      .getByTestId('grid-total')
      .getByText(/^共 [\d,]+ 条$/)
      .waitFor();
    // the first row's text, not the loading cells drawn while the block is read
    await page.waitForFunction((id) => !!document.getElementById(id)?.textContent, `glide-cell-${HOUSEHOLD.headName + 1}-0`);
    const elapsed = Date.now() - started;
    recordTiming('first households block (200 rows) visible after navigation', elapsed);

    const first = await gql<{ households: { totalCount: number; nodes: HouseholdRow[] } }>(
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { ${HOUSEHOLD_FIELDS} } } }`,
    );
    await expect(cell(HOUSEHOLD.householdNumber, 0).textContent()).resolves.toBe(first.households.nodes[0]!.householdNumber);
    await expect(cell(HOUSEHOLD.headName, 0).textContent()).resolves.toBe(first.households.nodes[0]!.headName);
    await page.screenshot({ path: `${ARTIFACTS}grid-households.png` });
  });

  it('finds a household by the head’s name and by an ID number, and saves a phone typed by keyboard', { timeout: 60_000 }, async () => {
    const { households: page3 } = await gql<{ households: { nodes: HouseholdRow[] } }>(
      `{ households(first: 1, offset: 250, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { ${HOUSEHOLD_FIELDS} members { id relation } } } }`,
    );
    const target = page3.nodes[0]! as HouseholdRow & { members: { id: string; relation: string }[] };
    // ID numbers read masked; the clerk has the full one on paper (here: revealed, audited)
    const head = target.members.find((m) => m.relation === 'HEAD') ?? target.members[0]!;
    const { revealResidentId } = await gql<{ revealResidentId: string }>(`mutation ($id: ID!) { revealResidentId(memberId: $id) }`, {
      id: head.id,
    });
    await openGrid('households');
    const search = page.getByTestId('list-search');

    // the text lands in the URL as the list's filter, and the hub finds the households (HouseholdFilter.search)
    const searchedFor = (text: string) =>
      page.waitForURL((url) => (JSON.parse(url.searchParams.get('filter') ?? '{}') as { q?: string }).q === text);
    await search.fill(target.headName);
    await searchedFor(target.headName);
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('td[id^="glide-cell-2-"]')].some((td) => td.textContent === n),
      target.headName,
    );
    // the ID number's own search must have answered: the name's result may already be this one household
    const lookup = page.waitForResponse((r) => r.url().includes('/graphql') && (r.request().postData() ?? '').includes(revealResidentId));
    await search.fill(revealResidentId);
    await lookup;
    await page.waitForFunction(
      // one household, then the empty row for a new one
      (n) =>
        document.querySelector('#glide-cell-1-0')?.textContent === n &&
        document.querySelector('#glide-cell-1-1')?.textContent === '' &&
        !document.querySelector('#glide-cell-1-2'),
      target.householdNumber,
    );
    await page.screenshot({ path: `${ARTIFACTS}grid-search.png` });

    await goTo(HOUSEHOLD.phone, 0);
    await typeInCell('13912345678');
    await page.keyboard.press('Enter');
    await page.getByText('已保存 1 行').waitFor();
    const [after] = await households([target.householdNumber]);
    expect(after).toMatchObject({ phone: '13912345678', version: target.version + 1 });

    // Ctrl+Z undoes it as a new, audited edit
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await households([target.householdNumber]))[0]!.phone, { timeout: 10_000 }).toBe(target.phone);
    const [undone] = await households([target.householdNumber]);
    expect(undone).toMatchObject({ phone: target.phone, version: target.version + 2 });
    const history = await gql<{ node: { history: { nodes: { operation: string; changedFields: string[] }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Household { history(first: 5) { nodes { operation changedFields } } } } }`,
      { id: target.id },
    );
    expect(history.node.history.nodes.slice(0, 2)).toEqual([
      { operation: 'UPDATE', changedFields: ['phone'] },
      { operation: 'UPDATE', changedFields: ['phone'] },
    ]);
    await search.fill('');
    await page.waitForFunction(() => !!document.querySelector('#glide-cell-1-5'));
  });

  it('saves a pasted 3×2 range in one go', { timeout: 60_000 }, async () => {
    await openGrid('households');
    const numbers = await Promise.all([5, 6, 7].map((row) => cell(HOUSEHOLD.householdNumber, row).textContent()));
    await goTo(HOUSEHOLD.phone, 5);
    await paste('13700000001\t低保贫困户\n13700000002\t一般贫困户\n13700000003\t特困供养贫困户\n');
    await page.getByText('已保存 3 行').waitFor();
    const saved = await households(numbers as string[]);
    expect(saved.map((h) => [h.phone, h.attribute])).toEqual([
      ['13700000001', 'DIBAO'],
      ['13700000002', 'GENERAL'],
      ['13700000003', 'TEKUN'],
    ]);
    // the grid shows what was saved (its accessible table follows the canvas a frame later)
    await page.waitForFunction(() => document.querySelector('#glide-cell-5-7')?.textContent === '特困供养贫困户');

    // and copies the range out as Excel takes it: tab-separated, labels as shown
    await goTo(HOUSEHOLD.phone, 5);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+C');
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe('13700000001\t低保贫困户\n13700000002\t一般贫困户\n13700000003\t特困供养贫困户');
  });

  it(
    'shows what changed underneath when the record was saved by someone else, and re-applies only when asked',
    { timeout: 60_000 },
    async () => {
      await openGrid('households');
      const number = (await cell(HOUSEHOLD.householdNumber, 2).textContent())!;
      const [before] = await households([number]);
      // someone else saves the household after the grid read it
      await gql(`mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { version } } }`, {
        input: { id: before!.id, version: before!.version, patch: { address: '别人改的地址' } },
      });

      // Chinese comes through an input method, which needs the cell's editor open first (Enter)
      await goTo(HOUSEHOLD.note, 2);
      await page.keyboard.press('Enter');
      await editor.waitFor();
      await page.keyboard.type('入户核实');
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('conflict-dialog');
      await dialog.getByText('别人改的地址').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}grid-conflict.png` });
      // nothing was overwritten while the clerk decides
      const [meanwhile] = await households([number]);
      expect(meanwhile).toMatchObject({ address: '别人改的地址', note: before!.note, version: before!.version + 1 });

      await dialog.getByRole('button', { name: '在最新数据上重新应用我的修改' }).click();
      await page.getByText('已保存 1 行').waitFor();
      const [after] = await households([number]);
      expect(after).toMatchObject({ address: '别人改的地址', note: '入户核实', version: before!.version + 2 });
    },
  );

  it('saves a pasted 100×5 range in one request, and records how long it took', { timeout: 60_000 }, async () => {
    await openGrid('households');
    const { households: shown } = await gql<{ households: { nodes: HouseholdRow[] } }>(
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { ${HOUSEHOLD_FIELDS} } } }`,
    );
    const lines = shown.nodes.map((_, i) => ['是', `${(i % 7) + 1}.5`, `${i % 3}.25`, `凌云县泗城镇${i}号`, `粘贴${i}`].join('\t'));
    await goTo(HOUSEHOLD.hasTv, 0);
    const request = page.waitForRequest((r) => (r.postData() ?? '').includes('applyChanges'));
    const started = Date.now();
    await paste(`${lines.join('\r\n')}\r\n`);
    await page.getByText('已保存 100 行').waitFor();
    const elapsed = Date.now() - started;
    const timing = (await request).timing();
    recordTiming('pasted 100×5 range saved', elapsed, { applyChangesMs: Math.round(timing.responseEnd - timing.requestStart) });

    const saved = await gql<{ households: { nodes: (HouseholdRow & { hasTv: boolean; arableLandMu: string })[] } }>(
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { note address hasTv arableLandMu } } }`,
    );
    expect(saved.households.nodes.map((h) => h.note)).toEqual(shown.nodes.map((_, i) => `粘贴${i}`));
    expect(saved.households.nodes.every((h) => h.hasTv)).toBe(true);
    expect(Number(saved.households.nodes[3]!.arableLandMu)).toBe(4.5);
    await page.screenshot({ path: `${ARTIFACTS}grid-paste-100x5.png` });
  });

  it('refuses a pasted range with a bad ID number at its cell, saving nothing', { timeout: 60_000 }, async () => {
    await openGrid('members');
    const { members } = await gql<{ members: { nodes: { id: string; version: number; sex: string; personNumber: string }[] } }>(
      `{ members(first: 3, orderBy: [{ field: PERSON_NUMBER }]) { nodes { id version sex personNumber } } }`,
    );
    await expect(cell(0, 0).textContent()).resolves.toBe(members.nodes[0]!.personNumber);
    await goTo(MEMBER.residentId, 0);
    // row 1 is fine (a sex change), row 2 carries an ID number of 12 digits
    await paste(`\t${members.nodes[0]!.sex === 'MALE' ? '女' : '男'}\n451027199001\t男\n`);
    const problem = page.getByTestId('grid-problem');
    await problem.first().waitFor();
    const text = (await problem.allTextContents()).join('\n');
    expect(text).toMatch(/第 2 行 · 身份证号码：.*(17 位数字加校验码|18)/);
    await expect(page.getByText(/处有误，全部未保存/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}grid-refused-id.png` });

    const after = await gql<{ members: { nodes: { version: number; sex: string }[] } }>(
      `{ members(first: 3, orderBy: [{ field: PERSON_NUMBER }]) { nodes { version sex } } }`,
    );
    expect(after.members.nodes.map((m) => [m.version, m.sex])).toEqual(members.nodes.map((m) => [m.version, m.sex]));

    // leaving with the refused edits kept asks first
    await page.locator('a[href="/households"]').first().click();
    await page.getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: '留在本页' }).click();
    await expect(page.getByTestId('grid-problems').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '放弃修改' }).click();
  });

  it('exports the filtered list as an Excel file the hub writes, within the clerk’s township', { timeout: 60_000 }, async () => {
    const poor = await gql<{ households: { totalCount: number } }>(`{ households(filter: { status: { eq: POOR } }) { totalCount } }`);
    await page.goto(`${server.url}/households?filter=${encodeURIComponent(JSON.stringify({ status: 'POOR' }))}`);
    await page
      .getByTestId('grid-total')
      .getByText(`共 ${poor.households.totalCount.toLocaleString('zh-CN')} 条`)
      .waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出' }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('户编号');
    expect(sheet.actualRowCount - 1).toBe(poor.households.totalCount);
    const status = header.indexOf('脱贫状态') + 1;
    const statuses = new Set<unknown>();
    sheet.eachRow((row, n) => n > 1 && statuses.add(row.getCell(status).value));
    expect([...statuses]).toEqual(['未脱贫']);
  });

  it('switches to English, headers and all', { timeout: 60_000 }, async () => {
    await openGrid('households');
    await page.getByRole('button', { name: /简体中文/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.locator('th[role="columnheader"]', { hasText: 'Household number' }).waitFor({ state: 'attached' });
    await expect(cell(HOUSEHOLD.attribute, 0).textContent()).resolves.toMatch(/poor|household/i);
    await page.screenshot({ path: `${ARTIFACTS}grid-households-en.png` });
  });
});
