import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/**
 * The generated resource views in a real browser over the demo county: show with history, edit, create with a
 * reference picker, a member's ID number revealed, and what an analyst does not get (edit buttons, full phone
 * numbers, a reveal).
 */
describe('the admin resources in a browser', () => {
  let server: TestServer;
  /** an administrator's session for checking what was stored */
  let adminCookie: string;
  let village: { id: string; name: string; ruralPopulation: number };
  let household: { id: string; householdNumber: string; phone: string };
  const password = inject('demoPassword');

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    const cookie = (adminCookie = await server.signIn('admin', password));
    const { data } = await server.graphql<{
      villages: { nodes: (typeof village)[] };
      households: { nodes: (typeof household)[] };
    }>(
      `{ villages(first: 1, orderBy: [{ field: CODE }]) { nodes { id name ruralPopulation } }
         households(first: 1, orderBy: [{ field: HOUSEHOLD_NUMBER }], filter: { phone: { isNull: false } }) { nodes { id householdNumber phone } } }`,
      {},
      { cookie },
    );
    village = data!.villages.nodes[0]!;
    household = data!.households.nodes[0]!;
  });

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: false }).first().fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('menuitem', { name: '首页' }).waitFor();
  }

  it(
    'lets an administrator edit through the forms, see the history, and add a member with a picker; an analyst only reads, phones masked',
    { timeout: 120_000 },
    async () => {
      const browser = await launchBrowser();
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      await signIn(page, 'admin');
      // the menu by area, in Chinese
      for (const area of ['区划', '贫困户与成员', '项目与资金', '结对帮扶', '用户'])
        await page.locator('.MuiListSubheader-root', { hasText: area }).first().waitFor();

      // a village: edit its population in the form, and the change shows in its history
      await page.goto(`${server.url}/villages/${village.id}/show`);
      await page.getByText(village.name).first().waitFor();
      await page.getByText('暂无修改记录').waitFor();
      await page.getByRole('link', { name: '编辑' }).click();
      const population = page.getByLabel('农村户籍人口');
      await population.fill(String(village.ruralPopulation + 1));
      await page.getByRole('button', { name: '保存' }).click();
      const villageHistory = page.getByTestId('history-entry').first();
      await villageHistory.waitFor();
      await expect(villageHistory.textContent()).resolves.toContain(
        `农村户籍人口：${village.ruralPopulation} → ${village.ruralPopulation + 1}`,
      );
      await expect(villageHistory.textContent()).resolves.toContain('修改');
      await page.screenshot({ path: `${ARTIFACTS}resources-village-show.png`, fullPage: true });

      // a household found by its number from the list's search box, its phone corrected in the edit form
      // (the households list is the spreadsheet grid: its search box, then the selected row's edit form)
      await page.goto(`${server.url}/households`);
      await page.getByTestId('list-search').fill(household.householdNumber);
      // the search applies after a pause: wait for it, or the click races the list's own navigation
      await page.getByTestId('grid-total').getByText('共 1 条', { exact: true }).waitFor();
      await page.locator('#glide-cell-1-0').focus();
      await page.getByRole('button', { name: '编辑' }).click();
      // a bad phone is refused by the hub and the reason shows under the field, in Chinese
      await page.getByLabel('联系电话').fill('12345');
      await page.getByRole('button', { name: '保存' }).click();
      await page
        .getByText(/手机号（11 位）或带区号的固定电话/)
        .first()
        .waitFor();
      await page.screenshot({ path: `${ARTIFACTS}resources-household-refused.png` });
      await page.getByLabel('联系电话').fill('13912345678');
      await page.getByRole('button', { name: '保存' }).click();
      const householdHistory = page.getByTestId('history-entry').first();
      await householdHistory.waitFor();
      await expect(householdHistory.textContent()).resolves.toContain(`联系电话：${household.phone} → 13912345678`);
      await page.screenshot({ path: `${ARTIFACTS}resources-household-show.png`, fullPage: true });
      const stored = await server.graphql<{ node: { phone: string; version: number } }>(
        `query ($id: ID!) { node(id: $id) { ... on Household { phone version } } }`,
        { id: household.id },
        { cookie: adminCookie },
      );
      expect(stored.data!.node.phone).toBe('13912345678');

      // a member added with the household picked by typing its number
      await page.goto(`${server.url}/members/create`);
      const picker = page.getByRole('combobox', { name: /^所属贫困户/ });
      await picker.fill(household.householdNumber);
      await page.getByRole('option', { name: new RegExp(`^${household.householdNumber}`) }).click();
      await page.getByLabel(/^人编号/).fill(`${household.householdNumber}99`);
      await page.getByLabel(/^姓名/).fill('韦小明');
      const choose = async (label: string, option: string) => {
        await page.getByRole('combobox', { name: new RegExp(`^${label}`) }).click();
        await page.getByRole('option', { name: option, exact: true }).click();
      };
      await choose('性别', '男');
      await page.getByLabel(/^出生日期/).fill('2010-03-15');
      await choose('民族', '壮族');
      await choose('与户主关系', '之子');
      await choose('文化程度', '小学');
      await choose('劳动技能', '无劳动力');
      await page.screenshot({ path: `${ARTIFACTS}resources-member-create.png`, fullPage: true });
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('暂无修改记录').or(page.getByTestId('history-entry').first()).waitFor();
      await page.getByRole('link', { name: new RegExp(`^${household.householdNumber}`) }).waitFor();
      const members = await server.graphql<{ members: { nodes: { name: string; household: { id: string } }[] } }>(
        `query ($n: String!) { members(filter: { personNumber: { eq: $n } }) { nodes { name household { id } } } }`,
        { n: `${household.householdNumber}99` },
        { cookie: adminCookie },
      );
      expect(members.data!.members.nodes).toEqual([{ name: '韦小明', household: { id: household.id } }]);

      // a member's full ID number, revealed on its page to whom the hub lets reveal it (audited)
      const member = (
        await server.graphql<{ members: { nodes: { id: string }[] } }>(
          `{ members(first: 1, orderBy: [{ field: PERSON_NUMBER }]) { nodes { id } } }`,
          {},
          { cookie: adminCookie },
        )
      ).data!.members.nodes[0]!;
      await page.goto(`${server.url}/members/${member.id}/show`);
      await page.getByRole('button', { name: '查看完整身份证号' }).click();
      await expect(page.getByTestId('full-resident-id').innerText()).resolves.toMatch(/^\d{17}[\dX]$/);

      // an API token, shown once, then revoked
      await page.goto(`${server.url}/apiTokens/create`);
      await page.getByLabel(/^令牌名称/).fill('分析脚本');
      await page.getByRole('button', { name: '保存' }).click();
      const token = await page.getByTestId('new-token').textContent();
      expect(token?.length).toBeGreaterThan(20);
      const viaToken = await server.graphql<{ me: { username: string } }>('{ me { username } }', {}, { token: token! });
      expect(viaToken.data!.me.username).toBe('admin');
      await page.screenshot({ path: `${ARTIFACTS}resources-token-created.png` });
      await page.getByRole('button', { name: '关闭' }).click();
      await page.getByRole('cell', { name: '分析脚本' }).waitFor();
      await page.getByRole('button', { name: '吊销' }).click();
      await page.getByRole('button', { name: '确认' }).click();
      await expect.poll(async () => (await server.graphql('{ me { username } }', {}, { token: token! })).data).toEqual({ me: null });

      // an analyst: the same household read-only, its phone masked, no users in the menu
      const analyst = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      await signIn(analyst, 'analyst');
      await analyst.goto(`${server.url}/households/${household.id}/show`);
      // (exactly: the record's history, which she reads masked too, names the number within a longer line)
      await analyst.getByText('139****5678', { exact: true }).waitFor();
      await analyst.getByText('韦小明').waitFor(); // the members panel
      await expect(analyst.getByRole('link', { name: '编辑' }).count()).resolves.toBe(0);
      await expect(analyst.getByText('13912345678').count()).resolves.toBe(0);
      await expect(analyst.locator('.MuiListSubheader-root', { hasText: '用户' }).count()).resolves.toBe(0);
      await analyst.goto(`${server.url}/members/${member.id}/show`);
      await analyst.getByText('451027', { exact: false }).first().waitFor();
      await expect(analyst.getByRole('button', { name: '查看完整身份证号' }).count()).resolves.toBe(0);
      await analyst.screenshot({ path: `${ARTIFACTS}resources-household-analyst.png`, fullPage: true });
      await analyst.goto(`${server.url}/households`);
      // the grid draws on a canvas; its accessible table holds the visible cells
      await analyst.locator('td[role="gridcell"]', { hasText: household.householdNumber }).first().waitFor({ state: 'attached' });
      await analyst.getByText('只读：您的角色不能修改这些记录').waitFor();
      await expect(analyst.getByRole('link', { name: '新建' }).count()).resolves.toBe(0);

      // the field labels follow the language, as the schema gives them in both
      await analyst.getByRole('button', { name: /简体中文/ }).click();
      await analyst.getByRole('menuitem', { name: 'English' }).click();
      await analyst.locator('th[role="columnheader"]', { hasText: 'Household number' }).waitFor({ state: 'attached' });
      await analyst
        .locator('td[role="gridcell"]', { hasText: /^Poor$/ })
        .first()
        .waitFor({ state: 'attached' });

      // a partner unit: only twinning and the households it reaches, and it records a visit
      const visitsOn = async () =>
        (
          await server.graphql<{ visitLogs: { totalCount: number } }>(
            `{ visitLogs(filter: { visitedOn: { eq: "2016-07-01" } }) { totalCount } }`,
            {},
            { cookie: adminCookie },
          )
        ).data!.visitLogs.totalCount;
      const before = await visitsOn();
      const partner = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
      await signIn(partner, 'partner');
      await partner.locator('.MuiListSubheader-root', { hasText: '结对帮扶' }).waitFor();
      await expect(partner.locator('.MuiListSubheader-root', { hasText: '项目与资金' }).count()).resolves.toBe(0);
      await expect(partner.getByRole('menuitem', { name: '行政村' }).count()).resolves.toBe(0);
      await partner.getByRole('menuitem', { name: '走访记录' }).click();
      await partner.getByRole('link', { name: '新建' }).click();
      await partner.getByRole('combobox', { name: /^结对帮扶/ }).click();
      await partner.getByRole('option').nth(1).click();
      await partner.getByLabel(/^走访日期/).fill('2016-07-01');
      await partner.getByRole('combobox', { name: /^走访方式/ }).click();
      await partner.getByRole('option', { name: '入户走访', exact: true }).click();
      await partner.getByLabel(/^走访内容/).fill('了解秋收情况');
      await partner.getByRole('button', { name: '保存' }).click();
      await partner.getByText('了解秋收情况').waitFor();
      await partner.screenshot({ path: `${ARTIFACTS}resources-partner-visit.png`, fullPage: true });
      await expect(visitsOn()).resolves.toBe(before + 1);
    },
  );
});
