// Builds the admin UI only when admin/dist is missing or older than its inputs; the root `pnpm start` and
// `pnpm test` call it, so an unchanged tree costs a few stat calls, not a Vite build.
// Plain Node, no dependencies of its own: it runs the workspace's Vite from its bin script.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const adminDir = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(adminDir, 'dist', 'index.html');

// Everything the bundle is made of. The lockfile too: a dependency can move without package.json changing.
const inputs = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'scripts/precompress.mjs',
  'package.json',
  'tsconfig.json',
  '../pnpm-lock.yaml',
].map((path) => join(adminDir, path));

/**
 * The newest modification time under `path` (a file or a folder), with the file that has it.
 * @param {string} path
 * @returns {{ mtimeMs: number, file: string | undefined }}
 */
function newest(path) {
  if (!existsSync(path)) return { mtimeMs: 0, file: undefined };
  const stats = statSync(path);
  if (!stats.isDirectory()) return { mtimeMs: stats.mtimeMs, file: path };
  let found = { mtimeMs: 0, file: /** @type {string | undefined} */ (undefined) };
  for (const entry of readdirSync(path)) {
    const candidate = newest(join(path, entry));
    if (candidate.mtimeMs > found.mtimeMs) found = candidate;
  }
  return found;
}

/** @returns {string | undefined} why a build is needed, or undefined when dist is current */
function staleness() {
  if (!existsSync(builtIndex)) return 'admin/dist/index.html is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  for (const input of inputs) {
    const { mtimeMs, file } = newest(input);
    if (file && mtimeMs > builtAt) return `${relative(adminDir, file)} changed since the last build`;
  }
  return undefined;
}

const reason = staleness();
if (!reason) {
  console.log('admin UI is up to date (admin/dist)');
  process.exit(0);
}

console.log(`building the admin UI: ${reason}`);
const require = createRequire(join(adminDir, 'package.json'));
const viteDir = dirname(require.resolve('vite/package.json'));
/** @type {{ bin: Record<string, string> }} */
const vitePackage = require('vite/package.json');
const viteBin = join(viteDir, vitePackage.bin.vite ?? 'bin/vite.js');

const started = Date.now();
const result = spawnSync(process.execPath, [viteBin, 'build'], { cwd: adminDir, stdio: 'inherit' });
if (result.error) {
  console.error('could not run vite:', result.error.message);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`the admin UI build failed (${result.signal ?? `exit code ${result.status}`})`);
  process.exit(result.status || 1);
}
console.log(`admin UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
