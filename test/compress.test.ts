import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { chooseEncoding } from '../server/src/compress';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

/** The built admin (`pnpm test` builds it first; alone: pnpm --filter @fupin/admin run build:once). */
const ADMIN_DIR = new URL('../admin/dist', import.meta.url).pathname;

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** the bytes as they came over the wire, not decoded (fetch would decode them) */
  body: Buffer;
}

function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function decoded({ headers, body }: Raw): Buffer {
  const coding = headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(body);
  if (coding === 'gzip') return gunzipSync(body);
  expect(coding).toBeUndefined();
  return body;
}

describe('choosing a coding from Accept-Encoding', () => {
  test.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['identity', null],
    ['deflate', null],
    ['gzip;q=0', null],
    ['GZIP;Q=0.8', 'gzip'],
  ])('%j → %j', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe("the admin's files", () => {
  let server: TestServer;
  let script: string;
  beforeAll(async () => {
    server = await startServer(await freshDatabase('empty'), { adminDir: ADMIN_DIR });
    // the largest script: the one most worth compressing
    const scripts = readdirSync(`${ADMIN_DIR}/assets`).filter((f) => f.endsWith('.js'));
    script = scripts.sort((a, b) => readFileSync(`${ADMIN_DIR}/assets/${b}`).length - readFileSync(`${ADMIN_DIR}/assets/${a}`).length)[0]!;
  });

  test.each([
    ['br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['identity', undefined],
    [undefined, undefined],
  ])(
    'a hashed script asked with Accept-Encoding %j comes as %j, the same bytes once decoded, cached for a year',
    async (accept, coding) => {
      const file = readFileSync(`${ADMIN_DIR}/assets/${script}`);
      const answer = await raw(`${server.url}/assets/${script}`, { headers: accept === undefined ? {} : { 'accept-encoding': accept } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(coding);
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(answer.headers.vary).toBe('Accept-Encoding');
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      if (coding) expect(answer.body.length).toBeLessThan(file.length / 3);
      expect(decoded(answer).equals(file)).toBe(true);
    },
  );

  test('each coding has its own ETag, and a client holding that one gets 304', async () => {
    const br = await raw(`${server.url}/assets/${script}`, { headers: { 'accept-encoding': 'br' } });
    const gzip = await raw(`${server.url}/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    const plain = await raw(`${server.url}/assets/${script}`);
    const tags = [br, gzip, plain].map((a) => a.headers.etag);
    expect(new Set(tags).size).toBe(3);
    const again = await raw(`${server.url}/assets/${script}`, { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // the brotli copy's tag does not stand for the gzip copy
    const other = await raw(`${server.url}/assets/${script}`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag! },
    });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
  });

  test('index.html (any client-side route) is compressed too and revalidated on every load', async () => {
    const page = await raw(`${server.url}/households`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(decoded(page).equals(readFileSync(`${ADMIN_DIR}/index.html`))).toBe(true);
    const revalidated = await raw(`${server.url}/households`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag! },
    });
    expect(revalidated.status).toBe(304);
  });

  test('HEAD says what GET would send, without the body', async () => {
    const head = await raw(`${server.url}/assets/${script}`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    const get = await raw(`${server.url}/assets/${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.body.length).toBe(0);
  });
});

describe('answers and exports', () => {
  let county: DemoCounty;
  beforeAll(async () => {
    county = await demoCounty();
  });

  const post = (query: string, acceptEncoding?: string) =>
    raw(`${county.server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        cookie: county.sessions.clerk,
        ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
      },
      body: JSON.stringify({ query }),
    });
  const PAGE = '{ households(first: 200) { totalCount nodes { id householdNumber headName phone status village { name } } } }';

  test.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    [undefined, undefined],
  ])('a page of households asked with Accept-Encoding %j comes as %j and reads the same', async (accept, coding) => {
    const plain = await post(PAGE);
    const answer = await post(PAGE, accept);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(coding);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    const json = JSON.parse(decoded(answer).toString('utf8')) as { data: { households: { nodes: unknown[] } } };
    expect(json.data.households.nodes).toHaveLength(200);
    expect(json).toEqual(JSON.parse(plain.body.toString('utf8')));
    if (coding) expect(answer.body.length).toBeLessThan(plain.body.length / 4);
  });

  test('a small answer goes out as it is, even to a client that accepts compression', async () => {
    const answer = await post('{ me { username } }', 'gzip, deflate, br');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ data: { me: { username: 'clerk' } } });
  });

  const download = (path: string, acceptEncoding?: string) =>
    raw(`${county.server.url}${path}`, {
      headers: { cookie: county.sessions.clerk, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
    });

  test.each([['br'], ['gzip']])('a CSV export downloaded with %s decompresses to the same file', async (coding) => {
    const plain = await download('/export/households.csv?locale=zh');
    const compressed = await download('/export/households.csv?locale=zh', coding);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe(coding);
    expect(compressed.headers['content-disposition']).toBe(plain.headers['content-disposition']);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 4);
    const file = decoded(compressed);
    expect(file.equals(plain.body)).toBe(true);
    // the clerk's township: hundreds of households, a file worth compressing
    expect(file.toString('utf8').split('\n').length).toBeGreaterThan(1000);
  });

  test('a workbook export (a zip archive already) is sent as it is', async () => {
    const answer = await download('/export/households.xlsx', 'gzip, deflate, br');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  test('a refused export is plain JSON even to a client that accepts compression', async () => {
    const answer = await download('/export/households.csv?locale=fr', 'gzip, br');
    expect(answer.status).toBe(400);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(answer.body.toString('utf8')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
