// the callbacks given to page.evaluate run in the browser
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { resourceNamed } from '../../schema/src/graph/registry';
import { exportedSheet, gridHeaders as headersOf, launchBrowser, signInAs } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/** A grid column's Chinese label: the admin's record key is the field (`householdNumber`), a link's id (`villageId`) or a derived field (`headName`). */
function labelOf(key: string): string {
  const { fields, computed = {} } = resourceNamed('Household').config;
  const spec = fields[key] ?? fields[key.replace(/Id$/, '')] ?? computed[key];
  if (!spec) throw new Error(`no household field ${key}`);
  return spec.label.zh;
}

/**
 * The admin's 导出 button writes what the grid shows (issue 15, point 6): a clerk hides a column and moves
 * another with the column chooser, exports, and the file has the grid's visible columns in the grid's
 * order, under its labels, with the version and the record's ID last.
 */
describe('the export button follows the grid’s columns', () => {
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database, { adminDir: ADMIN_DIR });
    const browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await signInAs(page, server.url, 'clerk', inject('demoPassword'));
  });

  const gridHeaders = () => headersOf(page);

  it('exports the columns left after hiding one and moving another, in the grid’s order', { timeout: 90_000 }, async () => {
    await page.goto(`${server.url}/households`);
    // the first block's rows, not the loading cells the grid draws while it reads them
    await page.waitForFunction(() => !!document.querySelector('#glide-cell-1-0')?.textContent);
    const before = await gridHeaders();
    expect(before.slice(0, 2)).toEqual(['户编号', '户主姓名']);

    // hide 户主姓名; take 户编号 out and back, which puts it last
    await page.getByRole('button', { name: '列', exact: true }).click();
    await page.getByRole('menuitem', { name: '户主姓名' }).click();
    await page.getByRole('menuitem', { name: '户编号' }).click();
    // taken out before it is put back: a second click racing the first's re-render would find it still shown
    await expect.poll(gridHeaders).not.toContain('户编号');
    await page.getByRole('menuitem', { name: '户编号' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(gridHeaders).not.toContain('户主姓名');
    const shown = await gridHeaders();
    expect(shown[0]).toBe('行政村');

    // the grid's columns as the chooser saved them: what the grid draws, in its order
    const chosen = await page.evaluate(
      () => JSON.parse(localStorage.getItem('fupin-hub.grid.clerk.households') ?? 'null') as { shown: string[] },
    );
    expect(chosen.shown).not.toContain('headName');
    expect(chosen.shown.at(-1)).toBe('householdNumber');

    const total = Number(/共 ([\d,]+) 条/.exec((await page.getByTestId('grid-total').textContent()) ?? '')?.[1]?.replaceAll(',', ''));
    const sheet = await exportedSheet(page);
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);

    expect(header).toEqual([...chosen.shown.map(labelOf), '版本', '记录标识']);
    // the columns in view in the grid begin the file, in the same order
    expect(header.slice(0, shown.length)).toEqual(shown);
    expect(sheet.actualRowCount - 1).toBe(total);
    const numbers = sheet.getColumn(header.indexOf('户编号') + 1).values.slice(2);
    expect(numbers.every((n) => typeof n === 'string' && /^[0-9]+$/.test(n))).toBe(true);
  });
});
