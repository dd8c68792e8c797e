import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { globalId } from '../../schema/src/graph/ids';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;
const integer = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

/** The dashboard in a real browser on the demo county: the seed's figures, a chart read as a table, a clerk's scope, English. */
describe('the dashboard in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let clerkTownship: { id: string; name: string };
  const password = () => inject('demoPassword');

  /** Signs in on a new page (reduced motion: charts drawn at once, so screenshots show them whole) and waits for every card. */
  async function signIn(username: string): Promise<{ page: Page; loadedMs: number }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 2200 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: false }).first().fill(password());
    const started = Date.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('您好').waitFor();
    await cardsLoaded(page);
    return { page, loadedMs: Date.now() - started };
  }

  /** Every card has drawn: no skeleton is left. */
  async function cardsLoaded(page: Page) {
    await page.getByRole('region').first().waitFor();
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
  }

  const card = (page: Page, title: string) => page.getByRole('region', { name: title });

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    browser = await launchBrowser();
    const township = await database.db.selectFrom('township').select(['id', 'name']).where('name', '=', '泗城镇').executeTakeFirstOrThrow();
    clerkTownship = { id: globalId('Township', township.id), name: township.name };
    // an edit inside the clerk's township (the phone) and one outside it (the address), for the recent edits
    const household = (inside: boolean) =>
      database.db
        .selectFrom('household')
        .innerJoin('village', 'village.id', 'household.villageId')
        .select('household.id')
        .where('village.townshipId', inside ? '=' : '<>', township.id)
        .orderBy('household.id')
        .executeTakeFirstOrThrow();
    const admin = await server.signIn('admin', password());
    const update = `mutation ($id: ID!, $patch: HouseholdPatch!) { updateHousehold(input: { id: $id, version: 1, patch: $patch }) { household { id } } }`;
    const outside = await server.graphql(
      update,
      { id: globalId('Household', (await household(false)).id), patch: { address: '逻楼镇某屯' } },
      { cookie: admin },
    );
    const inside = await server.graphql(
      update,
      { id: globalId('Household', (await household(true)).id), patch: { phone: '13907761234' } },
      { cookie: admin },
    );
    expect([outside.errors, inside.errors]).toEqual([undefined, undefined]);
  });

  it('shows an administrator the county’s figures, a chart as a table, and switches to English', { timeout: 120_000 }, async () => {
    const admin = await server.signIn('admin', password());
    const truth = (
      await server.graphql<Any>(
        `{ targetProgress(year: 2016) { level subject goal progress } fundSourcesStats(groupBy: [LEVEL]) { level sum { amount } } }`,
        {},
        { cookie: admin },
      )
    ).data!;
    const central = (truth.fundSourcesStats as Any[]).find((r) => r.level === 'CENTRAL')!;
    const people = (truth.targetProgress as Any[]).find((t) => t.level === 'COUNTY' && t.subject === 'PEOPLE_EXITED')!;
    const villages = (truth.targetProgress as Any[]).find((t) => t.level === 'COUNTY' && t.subject === 'VILLAGES_EXITED')!;

    const { page, loadedMs } = await signIn('admin');
    console.log(`dashboard (admin, demo county): every card drawn ${loadedMs} ms after clicking 登录`);

    const targets = card(page, '2016 年目标任务进度');
    await expect(targets.getByText(`${integer(people.progress)} / 16,000`).isVisible()).resolves.toBe(true);
    await expect(targets.getByText(`${integer(villages.progress)} / 17`).isVisible()).resolves.toBe(true);
    await expect(card(page, '贫困发生率变化').getByText('全县 · 2014–2016').isVisible()).resolves.toBe(true);
    await expect(card(page, '各乡镇贫困发生率').locator('svg').first().isVisible()).resolves.toBe(true);
    // the county's day of record, and the years taken from the data: the last year-end reached is 2015's
    await expect(page.getByRole('status', { name: '数据截至日' }).innerText()).resolves.toBe('数据截至 2016年6月30日');
    await expect(card(page, '各乡镇贫困发生率').getByText('全县 · 2015 年末').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-zh.png`, fullPage: true });

    // the incidence chart as its table: 25.3 % at the end of 2015
    const years = card(page, '贫困发生率变化');
    await years.getByRole('button', { name: '表格' }).click();
    const row2015 = years.getByRole('row').filter({ hasText: '2015' });
    await expect(row2015.getByRole('cell').last().innerText()).resolves.toBe('25.3');
    // the 2016 targets as a table too
    await targets.getByRole('button', { name: '表格' }).click();
    await expect(targets.getByRole('row').filter({ hasText: '贫困人口脱贫' }).first().getByRole('cell').nth(2).innerText()).resolves.toBe(
      '16,000',
    );

    // the money by level as a table: the central government's funds in 万元
    const funds = card(page, '扶贫资金分配与拨付');
    await funds.getByRole('button', { name: '表格' }).click();
    const tenThousands = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      Math.round(Number(central.sum.amount) / 1000) / 10,
    );
    await expect(funds.getByRole('row').filter({ hasText: '中央财政' }).getByRole('cell').nth(1).innerText()).resolves.toBe(tenThousands);

    // both edits in the recent edits, newest first
    const recent = card(page, '最近修改');
    await expect(recent.getByRole('row').nth(1).innerText()).resolves.toMatch(/admin\s+修改\s+贫困户\s+phone/);
    await expect(recent.getByRole('row').nth(2).innerText()).resolves.toMatch(/admin\s+修改\s+贫困户\s+address/);

    // English: the labels switch, the figures stay; the table choice is remembered
    await page.getByRole('button', { name: /简体中文/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await card(page, 'Poverty incidence over the years').waitFor();
    await cardsLoaded(page);
    for (const title of [
      '2016 targets and progress',
      'Poverty incidence by township',
      'Poor villages by exit batch',
      'Funds allocated and disbursed',
      'Projects by status',
      'Recent edits',
    ]) {
      await expect(card(page, title).isVisible()).resolves.toBe(true);
    }
    await expect(
      card(page, 'Poverty incidence over the years').getByRole('row').filter({ hasText: '2015' }).getByRole('cell').last().innerText(),
    ).resolves.toBe('25.3');
    await expect(card(page, 'Projects by status').getByText('Accepted').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('status', { name: 'Day of record' }).innerText()).resolves.toBe('Records as of June 30, 2016');
    await expect(card(page, 'Recent edits').getByText('Household').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-en.png`, fullPage: true });
  });

  it('shows a clerk her township’s figures, labelled as hers, and only its edits', { timeout: 120_000 }, async () => {
    const clerk = await server.signIn('clerk', password());
    const own = (
      await server.graphql<Any>(
        `query ($d: ID!) { povertyOverview(year: 2015, divisionId: $d) { incidence } targetProgress(year: 2016) { subject goal } }`,
        { d: clerkTownship.id },
        { cookie: clerk },
      )
    ).data!;
    const peopleGoal = (own.targetProgress as Any[]).find((t) => t.subject === 'PEOPLE_EXITED')!.goal as number;

    const { page } = await signIn('clerk');
    const years = card(page, '贫困发生率变化');
    await expect(years.getByText(`本乡镇 · ${clerkTownship.name} · 2014–2016`).isVisible()).resolves.toBe(true);
    await years.getByRole('button', { name: '表格' }).click();
    const incidence = await years.getByRole('row').filter({ hasText: '2015' }).getByRole('cell').last().innerText();
    expect(incidence).toBe((own.povertyOverview.incidence as number).toFixed(1));
    expect(incidence).not.toBe('25.3');
    await expect(
      card(page, '2016 年目标任务进度')
        .getByText(`/ ${integer(peopleGoal)}`)
        .isVisible(),
    ).resolves.toBe(true);
    await expect(card(page, '2016 年目标任务进度').getByText('/ 16,000').count()).resolves.toBe(0);
    // by village, not by township
    await expect(card(page, '各村贫困发生率').isVisible()).resolves.toBe(true);
    await expect(card(page, '各乡镇贫困发生率').count()).resolves.toBe(0);
    // the county's fund sources are not hers: allocated and disbursed only
    const funds = card(page, '扶贫资金分配与拨付');
    await funds.getByRole('button', { name: '表格' }).click();
    await expect(funds.getByRole('columnheader', { name: '已分配（万元）' }).first().isVisible()).resolves.toBe(true);
    await expect(funds.getByRole('columnheader', { name: '资金总额（万元）' }).count()).resolves.toBe(0);
    // the phone edit in her township, not the address edit elsewhere
    const recent = card(page, '最近修改');
    await expect(recent.getByText('phone').isVisible()).resolves.toBe(true);
    await expect(recent.getByText('address').count()).resolves.toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-clerk-zh.png`, fullPage: true });
  });

  it(
    'shows an analyst the county’s figures too, and a card that failed to load with its reason and a retry',
    { timeout: 60_000 },
    async () => {
      const { page } = await signIn('analyst');
      await expect(card(page, '2016 年目标任务进度').getByText('/ 16,000').isVisible()).resolves.toBe(true);

      // the hub fails the funds request once: the card says why and offers to try again; the others stay
      await page.route('**/graphql', async (route) => {
        if (!route.request().postData()?.includes('query Funds')) return route.fallback();
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ errors: [{ message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
        });
      });
      await page.getByRole('button', { name: '刷新' }).first().click();
      const funds = card(page, '扶贫资金分配与拨付');
      await funds.getByText('数据加载失败：服务器内部错误').waitFor();
      await expect(card(page, '项目实施状态').getByRole('alert').count()).resolves.toBe(0);
      await page.unroute('**/graphql');
      await funds.getByRole('button', { name: '重试' }).click();
      await funds.getByText('按资金级次').waitFor();
      await expect(funds.getByRole('alert').count()).resolves.toBe(0);
    },
  );

  it('shows a partner its unit’s twinning and no county figures', { timeout: 60_000 }, async () => {
    const { page } = await signIn('partner');
    await expect(page.getByText('帮扶单位账号只显示本单位的结对帮扶情况').isVisible()).resolves.toBe(true);
    await expect(card(page, '本单位结对帮扶').getByText('走访记录').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('status', { name: '数据截至日' }).innerText()).resolves.toBe('数据截至 2016年6月30日');
    await expect(card(page, '贫困发生率变化').count()).resolves.toBe(0);
  });
});
