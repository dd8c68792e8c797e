// The build's last step: a brotli and a gzip copy next to each text file of admin/dist (`x.js.br`,
// `x.js.gz`), compressed once at the highest levels, which would cost too much per request; the hub serves
// them to clients that accept them (server/src/staticFiles.ts), and the file itself to those that do not.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** what shrinks: text; images other than SVG and fonts (woff2 is brotli inside) are compressed already */
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
/** below this the saving is under a packet (the hub's COMPRESS_MIN_BYTES for its answers) */
const MIN_BYTES = 1024;

/**
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

/**
 * Writes `.br` and `.gz` next to each text file under `dir` that is worth it (a variant that would not be
 * smaller is not written, and the hub then sends the file as it is).
 * @param {string} dir
 * @returns {Promise<{ files: number, bytes: number, br: number, gzip: number }>} totals over the files compressed
 */
export async function precompress(dir) {
  const totals = { files: 0, bytes: 0, br: 0, gzip: 0 };
  const files = (await filesUnder(dir)).filter((f) => TEXT.has(extname(f)));
  await Promise.all(
    files.map(async (file) => {
      if ((await stat(file)).size < MIN_BYTES) return;
      const bytes = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        gzipped(bytes, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < bytes.length) await writeFile(`${file}.br`, br);
      if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
      totals.files += 1;
      totals.bytes += bytes.length;
      totals.br += Math.min(br.length, bytes.length);
      totals.gzip += Math.min(gz.length, bytes.length);
    }),
  );
  return totals;
}

/**
 * The Vite plugin: precompresses the output folder once the build has written it.
 * @param {string} outDir
 * @returns {import('vite').Plugin}
 */
export function precompressPlugin(outDir) {
  return {
    name: 'fupin-precompress',
    apply: 'build',
    async closeBundle() {
      const t = await precompress(outDir);
      const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(0)} KB`;
      console.log(`precompressed ${t.files} files: ${kb(t.bytes)} → brotli ${kb(t.br)}, gzip ${kb(t.gzip)}`);
    },
  };
}
