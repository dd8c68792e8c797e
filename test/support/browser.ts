import { mkdirSync } from 'node:fs';
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
