// the callbacks given to page.evaluate and waitForFunction run in the browser
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { globalId } from '../../schema/src/graph/ids';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { freshDatabase, type TestDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/** The household grid's columns as shown by default (HouseholdGrid); the first two stay put when scrolling sideways. */
const HOUSEHOLD = { householdNumber: 0, attribute: 4, identificationYear: 6, exitYear: 8, note: 20 };
/** Glide's defaults: the header and each row, in CSS pixels; the row numbers' column is 56 wide (SheetGrid) */
const HEADER = 36;
const ROW = 34;
const MARKERS = 56;

interface Household {
  id: string;
  householdNumber: string;
  note: string;
  exitYear: number | null;
}

/**
 * New rows and the whole township in one scroll, in a real browser against the real server and the demo
 * county, as the clerk of 泗城镇: what she types and pastes below the last row, and what she edits 1,500 rows
 * down, read back from the database.
 */
describe('the grid: new rows, and the whole list in one scroll', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let page: Page;
  const listRequests: string[] = [];

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await server.graphql<T>(query, variables, { cookie });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const householdCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('household')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The text of a data cell (Glide's accessible table of the visible cells; col 0 there is the row numbers). */
  const cell = (col: number, row: number) => page.locator(`#glide-cell-${col + 1}-${row}`);
  const scroller = () => page.locator('.dvn-scroller');
  /** Scrolls the grid (as its scroll bar does) so that `row` is on screen, and waits until it is read (a listed row has a number). */
  const scrollToRow = async (row: number, listed = true) => {
    await scroller().evaluate(
      async (el, top) => {
        el.scrollTo({ top });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      },
      Math.max(0, HEADER + row * ROW - 200),
    );
    await cell(HOUSEHOLD.householdNumber, row).waitFor({ state: 'attached' });
    if (listed)
      await page.waitForFunction((id) => !!document.getElementById(id)?.textContent, `glide-cell-${HOUSEHOLD.householdNumber + 1}-${row}`);
  };
  /** Clicks a cell of the first two columns (they stay in place sideways; each 140 wide). */
  const clickCell = async (col: 0 | 1, row: number, listed = false) => {
    await scrollToRow(row, listed);
    // a click on the cell the cursor is already on opens its editor (Excel's second click): not wanted here
    if ((await page.locator('td[aria-selected="true"]').count()) === 1 && (await cell(col, row).getAttribute('aria-selected')) === 'true')
      return;
    const box = (await page.getByTestId('data-grid-canvas').boundingBox())!;
    const top = await scroller().evaluate((el) => el.scrollTop);
    await page.mouse.click(box.x + MARKERS + col * 140 + 70, box.y + HEADER + row * ROW - top + ROW / 2);
    // the grid draws the scroll a frame later: check that the click landed on that cell
    await selected(col, row);
  };
  /** Waits until the grid's cursor is on that cell (Glide marks it in its accessible table). */
  const selected = (col: number, row: number) =>
    page.locator(`#glide-cell-${col + 1}-${row}[aria-selected="true"]`).waitFor({ state: 'attached', timeout: 5_000 });
  const editor = { waitFor: () => page.waitForFunction(() => !!document.activeElement?.closest('#portal')) };
  /** Enter opens the cell's editor; the text is typed into it and Enter saves it. */
  const typeInCell = async (text: string) => {
    await page.keyboard.press('Enter');
    await editor.waitFor();
    await page.keyboard.type(text);
  };
  const paste = async (text: string) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
  };
  /** Moves the cursor right along `row`, key by key, each move seen by the grid before the next. */
  const right = async (times: number, row: number) => {
    for (let col = 1; col <= times; col++) {
      await page.keyboard.press('ArrowRight');
      await selected(col, row);
    }
  };
  /** A village of the clerk's township and how many households it has: a list short enough to reach its end. */
  const aVillage = async (skip: number) => {
    const { villages } = await gql<{ villages: { nodes: { id: string; name: string; households: { totalCount: number } }[] } }>(
      `query ($o: Int) { villages(first: 1, offset: $o, orderBy: [{ field: CODE }]) { nodes { id name households { totalCount } } } }`,
      { o: skip },
    );
    return villages.nodes[0]!;
  };
  const openVillage = async (villageId: string, count: number) => {
    await page.goto(`${server.url}/households?filter=${encodeURIComponent(JSON.stringify({ villageId }))}`);
    await page
      .getByTestId('grid-total')
      .getByText(`共 ${count.toLocaleString('zh-CN')} 条`)
      .waitFor();
    await page.waitForFunction((id) => !!document.getElementById(id)?.textContent, `glide-cell-${HOUSEHOLD.householdNumber + 1}-0`);
  };

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    cookie = await server.signIn('clerk', inject('demoPassword'));
    const browser = await launchBrowser();
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.on('request', (r) => {
      const body = r.postData() ?? '';
      if (body.includes('query List(') && body.includes('list: households(')) listRequests.push(body);
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码', { exact: false }).first().fill(inject('demoPassword'));
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });

  it(
    'shows the township’s households in one scroll with their count, reads them 200 at a time, and saves an edit at row 1,500',
    { timeout: 90_000 },
    async () => {
      const { households } = await gql<{ households: { totalCount: number } }>(`{ households { totalCount } }`);
      expect(households.totalCount).toBeGreaterThan(1500);
      listRequests.length = 0;
      await page.goto(`${server.url}/households`);
      await page
        .getByTestId('grid-total')
        .getByText(`共 ${households.totalCount.toLocaleString('zh-CN')} 条`)
        .waitFor();

      const { households: at } = await gql<{ households: { nodes: Household[] } }>(
        `{ households(first: 1, offset: 1499, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber note exitYear } } }`,
      );
      const target = at.nodes[0]!;
      await clickCell(0, 1499, true);
      await expect.poll(() => cell(HOUSEHOLD.householdNumber, 1499).textContent()).toBe(target.householdNumber);
      await right(HOUSEHOLD.note, 1499);
      await typeInCell('第1500户已核实');
      await page.keyboard.press('Enter');
      await page.getByText('已保存 1 行').waitFor();
      const { node } = await gql<{ node: Household }>(`query ($id: ID!) { node(id: $id) { ... on Household { note } } }`, {
        id: target.id,
      });
      expect(node.note).toBe('第1500户已核实');
      await page.screenshot({ path: `${ARTIFACTS}grid-row-1500.png` });

      // the first block came with the list, then one request per block of 200 rows around row 1,500: none twice
      const offsets = listRequests.map((body) => (JSON.parse(body) as { variables: { offset: number; first: number } }).variables);
      expect(offsets.every((v) => v.first === 200)).toBe(true);
      expect(new Set(offsets.map((v) => v.offset)).size).toBe(offsets.length);
      expect(offsets.length).toBeLessThanOrEqual(4);

      // the edit is kept while the clerk scrolls away and back (the block is not read again)
      await scrollToRow(0);
      await scrollToRow(1499);
      await expect.poll(() => cell(HOUSEHOLD.note, 1499).textContent()).toBe('第1500户已核实');
    },
  );

  it('puts households without an exit year last when sorted by it in descending order', { timeout: 90_000 }, async () => {
    const { households } = await gql<{ households: { totalCount: number; nodes: Household[] } }>(
      `{ households(first: 1, orderBy: [{ field: EXIT_YEAR, direction: DESC }]) { totalCount nodes { householdNumber exitYear } } }`,
    );
    const { households: exited } = await gql<{ households: { totalCount: number } }>(
      `{ households(filter: { exitYear: { isNull: false } }) { totalCount } }`,
    );
    expect(exited.totalCount).toBeGreaterThan(0);
    expect(exited.totalCount).toBeLessThan(households.totalCount);
    await page.goto(`${server.url}/households?sort=exitYear&order=DESC`);
    await page.locator('th[role="columnheader"]', { hasText: '脱贫年度 ▼' }).waitFor({ state: 'attached' });
    await cell(HOUSEHOLD.householdNumber, 0).waitFor({ state: 'attached' });
    await expect.poll(() => cell(HOUSEHOLD.exitYear, 0).textContent()).toBe(String(households.nodes[0]!.exitYear));
    // the last household with an exit year, then the first without: the empty ones follow all the others
    await scrollToRow(exited.totalCount);
    await expect.poll(() => cell(HOUSEHOLD.exitYear, exited.totalCount - 1).textContent()).toMatch(/^20\d\d$/);
    await expect.poll(() => cell(HOUSEHOLD.exitYear, exited.totalCount).textContent()).toBe('');
    await scrollToRow(households.totalCount - 1);
    await expect.poll(() => cell(HOUSEHOLD.exitYear, households.totalCount - 1).textContent()).toBe('');
  });

  it(
    'starts a new household by typing below the last row: it waits for its required fields, then is saved in the chosen village',
    { timeout: 90_000 },
    async () => {
      const village = await aVillage(0);
      const before = await householdCount();
      await openVillage(village.id, village.households.totalCount);
      const last = village.households.totalCount;
      // under the last household, the empty row where a new one starts
      await scrollToRow(last - 1);
      await expect.poll(() => cell(HOUSEHOLD.householdNumber, last).getAttribute('aria-readonly')).toBe('false');
      await expect.poll(() => cell(HOUSEHOLD.householdNumber, last).textContent()).toBe('');

      // typed, then taken back with Ctrl+Z: nothing was sent
      await clickCell(0, last);
      await typeInCell('4510271009990001');
      await page.keyboard.press('Enter');
      await page.getByText('“贫困户属性”为必填项').waitFor();
      await page.keyboard.press('Control+z');
      await page.getByTestId('grid-problems').waitFor({ state: 'detached' });
      await expect.poll(() => cell(HOUSEHOLD.householdNumber, last).textContent()).toBe('');

      await clickCell(0, last);
      await typeInCell('4510271009990001');
      await page.keyboard.press('Enter');
      // pending, and the problems panel names every required field still empty (the village comes from the filter)
      const problems = page.getByTestId('grid-problem');
      await problems.first().waitFor();
      expect((await problems.allTextContents()).sort()).toEqual(
        ['贫困户属性', '脱贫状态', '识别年度', '主要致贫原因'].map((f) => `第 ${last + 1} 行 · ${f}：“${f}”为必填项`).sort(),
      );
      expect(await householdCount()).toBe(before);

      await clickCell(0, last);
      await right(HOUSEHOLD.attribute, last);
      await paste('一般贫困户\t未脱贫\t2016\t\t\t缺资金\n');
      await page.getByText('已保存 1 行').waitFor();
      const { households } = await gql<{
        households: {
          nodes: {
            id: string;
            village: { name: string };
            attribute: string;
            status: string;
            identificationYear: number;
            mainCause: string;
          }[];
        };
      }>(
        `{ households(filter: { householdNumber: { eq: "4510271009990001" } }) { nodes { id village { name } attribute status identificationYear mainCause } } }`,
      );
      expect(households.nodes).toEqual([
        expect.objectContaining({
          village: { name: village.name },
          attribute: 'GENERAL',
          status: 'POOR',
          identificationYear: 2016,
          mainCause: 'NO_CAPITAL',
        }),
      ]);
      const { node } = await gql<{ node: { history: { nodes: { operation: string; actorName: string }[] } } }>(
        `query ($id: ID!) { node(id: $id) { ... on Household { history(first: 5) { nodes { operation actorName } } } } }`,
        { id: households.nodes[0]!.id },
      );
      expect(node.history.nodes.map((n) => n.operation)).toEqual(['CREATE']);
      // the grid counts it, and the empty row is below it again
      await page
        .getByTestId('grid-total')
        .getByText(`共 ${(last + 1).toLocaleString('zh-CN')} 条`)
        .waitFor();
      await expect.poll(() => cell(HOUSEHOLD.householdNumber, last + 1).textContent()).toBe('');
      await page.screenshot({ path: `${ARTIFACTS}grid-new-row.png` });
    },
  );

  it('turns twenty rows pasted past the end into twenty households, saving none while one cell is wrong', { timeout: 90_000 }, async () => {
    const village = await aVillage(1);
    const before = await householdCount();
    await openVillage(village.id, village.households.totalCount);
    const last = village.households.totalCount;
    const numbers = Array.from({ length: 20 }, (_, i) => `45102710099902${String(i).padStart(2, '0')}`);

    await clickCell(0, last);
    await paste(`${numbers.join('\n')}\n`);
    await page.getByText(/处有误，全部未保存/).waitFor();
    // twenty pending rows, each short of its required fields
    await scrollToRow(last + 19, false);
    await expect.poll(() => cell(HOUSEHOLD.householdNumber, last + 19).textContent()).toBe(numbers[19]);
    await expect.poll(() => cell(HOUSEHOLD.householdNumber, last + 20).textContent()).toBe('');

    // the rest of the twenty rows, one identification year mistyped (a letter O for a zero)
    const lines = numbers.map((_, i) => `一般贫困户\t未脱贫\t${i === 7 ? '2O16' : '2016'}\t\t\t缺资金`);
    await clickCell(0, last);
    await right(HOUSEHOLD.attribute, last);
    await paste(`${lines.join('\n')}\n`);
    const problem = page.getByTestId('grid-problem');
    await expect
      .poll(async () => (await problem.allTextContents()).join('\n'), { timeout: 15_000 })
      .toMatch(new RegExp(`^第 ${last + 8} 行 · 识别年度：`));
    expect(await problem.count()).toBe(1);
    expect(await householdCount()).toBe(before);
    await page.screenshot({ path: `${ARTIFACTS}grid-paste-new-rows-refused.png` });

    // corrected in its cell: all twenty saved in one go
    await clickCell(0, last + 7);
    await right(HOUSEHOLD.identificationYear, last + 7);
    await typeInCell('2016');
    await page.keyboard.press('Enter');
    await page.getByText('已保存 20 行').waitFor();
    expect(await householdCount()).toBe(before + 20);
    const { households } = await gql<{
      households: { totalCount: number; nodes: { householdNumber: string; village: { name: string }; identificationYear: number }[] };
    }>(
      `query ($n: [String!]) { households(filter: { householdNumber: { in: $n } }, first: 50, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber village { name } identificationYear } } }`,
      { n: numbers },
    );
    expect(households.nodes.map((h) => h.householdNumber)).toEqual(numbers);
    expect(households.nodes.every((h) => h.village.name === village.name && h.identificationYear === 2016)).toBe(true);
  });

  it('refuses a new household in a village outside the clerk’s township, naming the village, and saves nothing', async () => {
    const outside = await database.db
      .selectFrom('village')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select('village.id')
      .where('township.name', '<>', '泗城镇')
      .executeTakeFirstOrThrow();
    const before = await householdCount();
    const result = await server.graphql(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id } } }`,
      {
        changes: [
          {
            type: 'Household',
            patch: {
              householdNumber: '4510271009990999',
              villageId: globalId('Village', outside.id),
              attribute: 'GENERAL',
              status: 'POOR',
              identificationYear: '2016',
              mainCause: 'NO_CAPITAL',
            },
          },
        ],
      },
      { cookie },
    );
    expect(result.errors?.[0]).toMatchObject({ message: '不能把贫困户放到您的管辖范围之外', extensions: { code: 'FORBIDDEN', row: 0 } });
    expect(await householdCount()).toBe(before);
  });
});
