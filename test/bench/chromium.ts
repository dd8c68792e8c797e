/**
 * How the browser benchmarks start Debian's Chromium (bench:grid, bench:grid:trace).
 *
 * Chromium (156) opens each new browser context in a window of its own, whose omnibox popup (a WebUI page,
 * chrome://omnibox-popup.top-chrome) it loads at once in a renderer of its own: 400–600 ms of processor time
 * on the 2 cores during every cold load measured, which a clerk's browser spends once, when it starts. These
 * features are turned off unless `omniboxUi` (as the sections of docs/benchmarks.md before 2026-12-07 ran).
 */
const OMNIBOX_UI = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

export function chromiumArgs(omniboxUi = false): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    ...(omniboxUi ? [] : [`--disable-features=${OMNIBOX_UI.join(',')}`]),
  ];
}
