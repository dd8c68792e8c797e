/**
 * Compression of what the hub sends, when the client accepts it (Accept-Encoding): township offices sit on
 * slow links, and JSON and CSV shrink five- to twentyfold.
 *
 * - The admin's built files are compressed once, at build time (admin/scripts/precompress.mjs writes `.br`
 *   and `.gz` next to each), and staticFiles.ts picks a variant with `chooseEncoding`.
 * - GraphQL answers are compressed as they are sent (`sendCompressed`), exports as they stream
 *   (`compressingStream`): brotli at a modest quality, whose cost per answer is close to gzip's (see
 *   docs/benchmarks.md for the measurements), gzip for clients without brotli.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Writable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliOptions, type ZlibOptions } from 'node:zlib';

/** The content codings the hub sends besides the bytes as they are ("identity"), in the hub's order of preference. */
export type ContentCoding = 'br' | 'gzip';
export const CODINGS: readonly ContentCoding[] = ['br', 'gzip'];

/**
 * Below this many bytes an answer goes out as it is: the saving is a few hundred bytes at most, under a
 * packet, and not worth a compressor's setup.
 */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Brotli for answers made per request: at quality 5 of 11 a GraphQL answer costs about what gzip's level 6
 * costs and comes out 10–20 % smaller; 11 (what the build uses for the admin's files) takes tens of times
 * longer. Text mode tunes it for JSON and CSV. Measured in docs/benchmarks.md.
 */
const BROTLI: BrotliOptions = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
/** gzip's default level: its speed and size are a good middle for answers made per request */
const GZIP: ZlibOptions = { level: 6 };

const compress = { br: promisify(brotliCompress), gzip: promisify(gzip) };

/**
 * The coding to use for a client's Accept-Encoding, among `offered` (in the hub's order of preference), or
 * null for the bytes as they are. Follows RFC 9110 §12.5.3: q-values, `*` for any coding not named, q=0 refuses;
 * between equal q-values the hub's order decides. No header, or one naming nothing offered, means identity.
 */
export function chooseEncoding(
  acceptEncoding: string | string[] | undefined,
  offered: readonly ContentCoding[] = CODINGS,
): ContentCoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    // an unreadable q is taken as a refusal rather than a guess
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentCoding | null = null;
  let bestWeight = 0;
  for (const coding of offered) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** Adds `accept-encoding` to the response's Vary: what a cache must key the answer on. */
export function varyOnEncoding(res: ServerResponse): void {
  const vary = res.getHeader('vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/\baccept-encoding\b/i.test(current)) res.setHeader('vary', current ? `${current}, Accept-Encoding` : 'Accept-Encoding');
}

/**
 * Ends `res` with `body`, compressed when the client accepts it and the body is worth it. The status and
 * other headers are set by the caller beforehand. Compression runs on libuv's thread pool, not the event loop.
 */
export async function sendCompressed(req: IncomingMessage, res: ServerResponse, body: string | Buffer): Promise<void> {
  varyOnEncoding(res);
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const coding = bytes.length >= COMPRESS_MIN_BYTES ? chooseEncoding(req.headers['accept-encoding']) : null;
  const sent = coding === 'br' ? await compress.br(bytes, BROTLI) : coding === 'gzip' ? await compress.gzip(bytes, GZIP) : bytes;
  if (coding) res.setHeader('content-encoding', coding);
  res.setHeader('content-length', sent.length);
  res.end(sent);
}

/**
 * Ends `res` with a complete answer: `headers` (lower-case names) and the body, in one `writeHead` and one
 * `end` when the body is below COMPRESS_MIN_BYTES and nothing else set a header (the head and the body then
 * leave in one socket write, with none of setHeader's calls per header); otherwise as sendCompressed.
 */
export function sendAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: readonly [string, string][],
  body: string,
): Promise<void> | void {
  const length = Buffer.byteLength(body, 'utf8');
  if (length >= COMPRESS_MIN_BYTES || res.getHeaderNames().length > 0) {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.statusCode = status;
    return sendCompressed(req, res, body);
  }
  const head: string[] = [];
  for (const [name, value] of headers) head.push(name, value);
  // what varyOnEncoding and sendCompressed set: the same headers whatever the size
  head.push('vary', 'Accept-Encoding', 'content-length', String(length));
  res.writeHead(status, head).end(body, 'utf8');
}

/**
 * Whether a body of this type shrinks when compressed: text does; a workbook (.xlsx, a zip archive) and
 * images are compressed already, and a second pass costs time to save a few per cent.
 */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|graphql-response\+json|javascript)\b|image\/svg\+xml)/i.test(contentType);
}

/**
 * A body written as it is made (an export): `body` is what to write to, compressing into `res` when the client
 * accepts it and the type is worth it; `headers` go with the caller's own in its writeHead (set then, so that
 * a refusal sent before the download starts is not labelled compressed). A client that goes away destroys
 * `body` too, which is how the writer learns of it.
 */
export function compressingStream(
  req: IncomingMessage,
  res: ServerResponse,
  contentType: string,
): { body: Writable; headers: Record<string, string> } {
  if (!isCompressible(contentType)) return { body: res, headers: {} };
  const coding = chooseEncoding(req.headers['accept-encoding']);
  if (!coding) return { body: res, headers: { vary: 'Accept-Encoding' } };
  const encoder = coding === 'br' ? createBrotliCompress(BROTLI) : createGzip(GZIP);
  // errors reach the writer through `body` (destroyed with them); nothing to do here
  pipeline(encoder, res, () => {});
  return { body: encoder, headers: { vary: 'Accept-Encoding', 'content-encoding': coding } };
}
