// the callbacks given to page.evaluate and waitForFunction run in the browser
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchBrowser } from './browser';
import { freshDatabase, type TestDatabase } from './database';
import { startServer, type TestServer } from './server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/**
 * The spreadsheet grid of the built admin in Chromium, over the demo county, signed in as a demo account:
 * what the grid's browser tests drive. Glide draws on a canvas and keeps an accessible table of the
 * visible cells behind it, `#glide-cell-<col>-<row>`, with the row-number column as col 0.
 */
export async function openSheet(account: 'clerk' | 'admin') {
  const database: TestDatabase = await freshDatabase('demo');
  const server: TestServer = await startServer(database, { adminDir: ADMIN_DIR });
  const cookie = await server.signIn(account, inject('demoPassword'));
  const browser = await launchBrowser();
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page: Page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(account);
  await page.getByLabel('密码', { exact: false }).first().fill(inject('demoPassword'));
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await server.graphql<T>(query, variables, { cookie });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  /** The text of a data cell of the grid (col as in the view's columns, row on the page). */
  const cell = (col: number, row: number) => page.locator(`#glide-cell-${col + 1}-${row}`);
  const editorOpen = () => page.waitForFunction(() => !!document.activeElement?.closest('#portal'));
  return {
    database,
    server,
    page,
    gql,
    cell,
    editorOpen,
    openGrid: async (resource: string) => {
      await page.goto(`${server.url}/${resource}`);
      await cell(0, 0).waitFor({ state: 'attached' });
    },
    /** Keyboard only: focus the grid (its top-left cell) and walk to a cell with the arrow keys. */
    goTo: async (col: number, row: number) => {
      await page.getByTestId('data-grid-canvas').focus();
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < row; i++) await page.keyboard.press('ArrowDown');
      for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
    },
    /** Type-to-start: the first key opens the editor; the rest go into it once it is there. */
    typeInCell: async (text: string) => {
      await page.keyboard.type(text[0]!);
      await editorOpen();
      await page.keyboard.type(text.slice(1));
    },
    paste: async (text: string) => {
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.keyboard.press('Control+V');
    },
    copied: () => page.evaluate(() => navigator.clipboard.readText()),
  };
}
