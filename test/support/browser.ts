import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll } from 'vitest';

/** Screenshots of the main views land here (a CI artefact). */
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

/** Debian's Chromium, headless, without the background traffic this closed network refuses. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  afterAll(() => browser.close());
  return browser;
}

/** Signs `username` in through the admin's login page, as a person does, and waits until the admin is open. */
export async function signInAs(page: Page, hubUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${hubUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The grid's headers as Glide's accessible table holds them (the columns in view), left to right, without the sort arrow. */
export function gridHeaders(page: Page): Promise<string[]> {
  return page
    .locator('th[role="columnheader"]')
    .allTextContents()
    .then((texts) => texts.map((t) => t.replace(/\s*[▲▼]$/, '').trim()).filter(Boolean));
}

/** Clicks a list's 导出 button and reads the downloaded workbook's first sheet back. */
export async function exportedSheet(page: Page): Promise<ExcelJS.Worksheet> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await (await download).path());
  return book.worksheets[0]!;
}

/**
 * A speed figure measured in the browser (first page, a large paste), kept as a CI artefact in
 * test/artifacts/browser-timings.json. Speed is judged from these and `pnpm bench`, not asserted in a test
 * that a busy machine would fail.
 */
export function recordTiming(name: string, milliseconds: number, detail: Record<string, number> = {}): void {
  const file = `${ARTIFACTS}browser-timings.json`;
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all[name] = { milliseconds, ...detail, at: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`${name}: ${milliseconds} ms`);
}
