import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CODINGS, chooseEncoding, type ContentCoding } from './compress';

/** the file names of a coding's precompressed copy, next to the file (admin/scripts/precompress.mjs) */
const SUFFIX: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

function fileStats(path: string): Stats | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats?.isFile() ? stats : undefined;
}

/**
 * Which bytes to send for `file`: its precompressed copy in the best coding the client accepts, else the
 * file itself. The ETag names the representation (size and time of the file, and the coding), so a cache
 * never answers a gzip request with brotli bytes.
 */
function representation(
  file: string,
  acceptEncoding: string | string[] | undefined,
): { path: string; stats: Stats; coding: ContentCoding | null; etag: string } | undefined {
  const stats = fileStats(file);
  if (!stats) return undefined;
  const tag = `${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}`;
  const coding = chooseEncoding(
    acceptEncoding,
    CODINGS.filter((c) => fileStats(file + SUFFIX[c])),
  );
  if (!coding) return { path: file, stats, coding, etag: `"${tag}"` };
  return { path: file + SUFFIX[coding], stats: fileStats(file + SUFFIX[coding])!, coding, etag: `"${tag}-${coding}"` };
}

/** If-None-Match names this representation (or `*`): the client's copy is current. */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the admin UI's built files, precompressed when the client accepts it. Unknown paths without an
 * extension get index.html (client-side routes); hashed assets are cached for a year, index.html is
 * revalidated on every load (its ETag makes that a 304).
 */
export function serveAdmin(adminDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const index = join(adminDir, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('管理界面尚未构建：请运行 pnpm build / The admin UI is not built yet: run pnpm build\n');
    return;
  }
  let file = normalize(join(adminDir, decodeURIComponent(pathname)));
  if (!file.startsWith(adminDir + sep) && file !== adminDir) {
    res.writeHead(400).end();
    return;
  }
  if (!fileStats(file)) {
    if (extname(pathname)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    file = index;
  }
  const sent = representation(file, req.headers['accept-encoding']);
  if (!sent) {
    // removed between the two looks (a rebuild under a running hub)
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const immutable = file.includes(`${sep}assets${sep}`);
  const headers = {
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag: sent.etag,
    // the coding depends on the request's Accept-Encoding wherever a compressed copy exists
    ...(CODINGS.some((c) => fileStats(file + SUFFIX[c])) ? { vary: 'Accept-Encoding' } : {}),
  };
  if (notModified(req, sent.etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': sent.stats.size,
    ...(sent.coding ? { 'content-encoding': sent.coding } : {}),
    'x-content-type-options': 'nosniff',
    ...(file === index ? { 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(sent.path).pipe(res);
}
