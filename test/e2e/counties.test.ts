import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../../schema/src/demo/index';
import { globalId } from '../../schema/src/graph/ids';
import { ARTIFACTS, gridHeaders, launchBrowser } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;
const WAIT = 20_000;

/** A hub of two counties in a real browser (issue 16): the dashboard's choice of county, the lists' county picker. */
describe('a hub of several counties in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  const password = () => inject('demoPassword');

  beforeAll(async () => {
    const database = await freshDatabase('empty');
    await seedDemo(database.db, { password: password(), counties: 2, households: 700 });
    server = await startServer(database, { adminDir: ADMIN_DIR });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(() => browser?.close());

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 2200 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: false }).first().fill(password());
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('您好').waitFor();
    return page;
  }

  const card = (page: Page, title: string) => page.getByRole('region', { name: title });

  it('lets the hub administrator read all counties’ figures or one county’s', { timeout: 120_000 }, async () => {
    const admin = await server.signIn('admin', password());
    const truth = await server.graphql<{ leye: { incidence: number } }>(
      `query ($d: ID!) { leye: povertyOverview(year: 2015, divisionId: $d) { incidence } }`,
      { d: globalId('County', 2) },
      { cookie: admin },
    );
    const page = await signIn('admin');
    const years = card(page, '贫困发生率变化');
    await expect.poll(() => years.getByText('全部县 · 2014–2016').isVisible(), { timeout: WAIT }).toBe(true);
    await page.getByRole('combobox', { name: '县' }).click();
    await page.getByRole('option', { name: '乐业县' }).click();
    await expect.poll(() => years.getByText('乐业县 · 2014–2016').isVisible(), { timeout: WAIT }).toBe(true);
    await years.getByRole('button', { name: '表格' }).click();
    const row2015 = years.getByRole('row').filter({ hasText: '2015' });
    await expect
      .poll(() => row2015.getByRole('cell').last().innerText(), { timeout: WAIT })
      .toBe(new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(truth.data!.leye.incidence));
    await page.screenshot({ path: `${ARTIFACTS}counties-dashboard.png`, fullPage: true });
  });

  it('offers a county picker in the lists, and none to a county administrator, who sees one county', { timeout: 120_000 }, async () => {
    const page = await signIn('admin');
    await page.goto(`${server.url}/households`);
    await expect.poll(() => page.getByLabel('县', { exact: true }).first().isVisible(), { timeout: WAIT }).toBe(true);
    const leye = await signIn('admin.451028');
    await expect.poll(() => card(leye, '贫困发生率变化').getByText('全县 · 2014–2016').isVisible(), { timeout: WAIT }).toBe(true);
    await expect(leye.getByRole('combobox', { name: '县' }).count()).resolves.toBe(0);
    await leye.goto(`${server.url}/households`);
    await expect.poll(() => leye.getByLabel('乡镇', { exact: true }).first().isVisible(), { timeout: WAIT }).toBe(true);
    await expect(leye.getByLabel('县', { exact: true }).count()).resolves.toBe(0);
  });

  it(
    'shows each record’s county in the lists of the hub administrator, and no county column to a county’s',
    { timeout: 120_000 },
    async () => {
      const page = await signIn('admin');
      await page.goto(`${server.url}/households`);
      // the first block's rows, not the loading cells the grid draws while it reads them
      await page.waitForFunction(() => !!document.querySelector('#glide-cell-1-0')?.textContent);
      expect((await gridHeaders(page)).slice(0, 4)).toEqual(['户编号', '户主姓名', '县', '行政村']);
      await expect.poll(() => page.locator('#glide-cell-3-0').textContent(), { timeout: WAIT }).toBe('凌云县');
      await page.goto(`${server.url}/villages`);
      await page.waitForFunction(() => !!document.querySelector('#glide-cell-1-0')?.textContent);
      expect((await gridHeaders(page)).slice(0, 4)).toEqual(['区划代码', '村名', '县', '所属乡镇']);
      const leye = await signIn('admin.451028');
      await leye.goto(`${server.url}/households`);
      await leye.waitForFunction(() => !!document.querySelector('#glide-cell-1-0')?.textContent);
      const headers = await gridHeaders(leye);
      expect(headers.slice(0, 3)).toEqual(['户编号', '户主姓名', '行政村']);
      expect(headers).not.toContain('县');
    },
  );
});
