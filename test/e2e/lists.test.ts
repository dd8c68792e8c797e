import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, launchBrowser, signInAs } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;
/** how long a filter typed takes to show, at most: the bar waits for typing to pause, then the hub answers (under a loaded CI) */
const WAIT = 30_000;

/**
 * Every record type's list page is the one generated list (the grid with its filter bar), over the demo
 * county: each list in the menu shows the count the hub gives for it, and a filter or a search typed in the bar
 * is the hub's.
 */
describe('the list pages', () => {
  let server: TestServer;
  let cookie: string;

  const totalOf = async (list: string, filter: Record<string, unknown> = {}) => {
    const result = await server.graphql<Record<string, { totalCount: number }>>(
      `query ($f: ${typeOf[list]}Filter) { l: ${list}(filter: $f) { totalCount } }`,
      { f: filter },
      { cookie },
    );
    expect(result.errors).toBeUndefined();
    return result.data!['l']!.totalCount;
  };
  const typeOf: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer(await freshDatabase('demo'), { adminDir: ADMIN_DIR });
    cookie = await server.signIn('admin', inject('demoPassword'));
    const types = await server.graphql<{ recordTypes: { name: string; list: string }[] }>('{ recordTypes { name list } }', {}, { cookie });
    for (const t of types.data!.recordTypes) typeOf[t.list] = t.name;
  });

  it(
    'shows every record type of the menu as the grid, with the hub’s count; filters and searches are the hub’s',
    { timeout: 300_000 },
    async () => {
      const browser = await launchBrowser();
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
      await signInAs(page, server.url, 'admin', inject('demoPassword'));
      await page.getByRole('menuitem', { name: '行政村' }).waitFor();
      const paths = await page
        .locator('a[role="menuitem"]')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.slice(1)));
      const lists = paths.filter((p) => typeOf[p]);
      // every area's record types, not only the spreadsheet ones of before (households…)
      expect(lists).toEqual(
        expect.arrayContaining(['counties', 'villages', 'households', 'projects', 'cadres', 'visitLogs', 'povertyLines', 'targets']),
      );
      const shownTotal = async () => Number((await page.getByTestId('grid-total').textContent())!.replace(/[^0-9]/g, ''));
      const open = async (path: string) => {
        await page.goto(`${server.url}/${path}`);
        await page.getByTestId('sheet-grid').waitFor();
        await page
          .getByTestId('grid-total')
          .getByText(/^共 [\d,]+ 条$/)
          .waitFor();
      };
      for (const list of lists) {
        await open(list);
        await expect.poll(shownTotal, { message: list, timeout: WAIT }).toBe(await totalOf(list));
      }

      // a filter of the bar (村: 贫困村) and the search box (contains, on a village's name)
      await open(`villages?filter=${encodeURIComponent(JSON.stringify({ isPoorVillage: true }))}`);
      await expect.poll(shownTotal, { timeout: WAIT }).toBe(await totalOf('villages', { isPoorVillage: { eq: true } }));
      await page.getByRole('combobox', { name: '贫困村' }).waitFor();
      await page.goto(`${server.url}/villages`);
      await page.getByTestId('list-search').fill('坡');
      await expect
        .poll(shownTotal, { timeout: WAIT })
        .toBe(await totalOf('villages', { or: [{ name: { contains: '坡' } }, { code: { contains: '坡' } }] }));
      await page.screenshot({ path: `${ARTIFACTS}lists-villages-search.png` });

      // households: the hub's own search, its hint from recordTypes
      await page.goto(`${server.url}/households`);
      const search = page.getByTestId('list-search');
      await expect(search.getAttribute('placeholder')).resolves.toBe('户编号、姓名、身份证号码或电话');
      await search.fill('韦');
      await expect.poll(shownTotal, { timeout: WAIT }).toBe(await totalOf('households', { search: '韦' }));
      await page.screenshot({ path: `${ARTIFACTS}lists-households-search.png` });
    },
  );
});
