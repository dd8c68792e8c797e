import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
