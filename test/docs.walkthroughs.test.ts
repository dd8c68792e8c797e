import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from './support/cli';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import type { TestServer } from './support/server';

/**
 * The walkthroughs of docs/analysts.md and docs/partners.md, run as written: every shell block marked
 * `<!-- run -->` in the page's source, in order, in one shell (so that `export HUB_TOKEN`, `g()` and `$TOKEN`
 * carry over, as they do for a reader), against a freshly seeded demo county. Only the documented
 * placeholders are replaced: the hub's address `http://localhost:<port>`, the demo accounts' password
 * `lingyun-demo` (the tests seed with another) and the token `fph_…`. Each block
 * must exit 0 and answer without GraphQL errors, in the shape of the output the page prints after it (the
 * same keys, the same number of answers); the seed's own figures (domain.md: the 2015 incidence and exits,
 * the targets) must be the ones printed. So the pages cannot drift from the code.
 */

interface Block {
  line: number;
  code: string;
  /** the output the page shows after the block: ```json, or plain ``` text */
  expected: { json: boolean; text: string } | null;
}

/** Values the seed fixes (domain.md), compared as printed; every other value only by its type. */
const FIXED = new Set([
  'incidence',
  'exitedPeople',
  'villagesExited',
  'goal',
  'subject',
  'level',
  'dueDate',
  'username',
  'role',
  '__typename',
  'mode',
  'visitedOn',
  'content',
]);

function runnableBlocks(page: string): Block[] {
  const lines = readFileSync(join(ROOT, 'docs', page), 'utf8').split('\n');
  const blocks: Block[] = [];
  const fenced = (start: number) => {
    const end = lines.indexOf('```', start + 1);
    return { text: lines.slice(start + 1, end).join('\n'), end };
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '<!-- run -->') continue;
    expect(lines[i + 1], `${page}:${i + 2} follows a run marker`).toBe('```sh');
    const code = fenced(i + 1);
    let next = code.end + 1;
    while (lines[next] === '') next++;
    const opens = lines[next];
    const expected = opens === '```json' || opens === '```' ? { json: opens === '```json', text: fenced(next).text } : null;
    blocks.push({ line: i + 2, code: code.text, expected });
  }
  return blocks;
}

/** JSON values one after another, as curl and `jq -c` print them: each starts at the beginning of a line. */
function jsonValues(text: string): unknown[] {
  const starts = text.split('\n').flatMap((line, i) => (/^[[{]/.test(line) ? [i] : []));
  const lines = text.split('\n');
  return starts.map((start, k) => JSON.parse(lines.slice(start, starts[k + 1] ?? lines.length).join('\n')));
}

/** Where `actual` differs from the printed `expected` in shape, or in a value the seed fixes. */
function differences(actual: unknown, expected: unknown, path: string): string[] {
  if (expected === null) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: a list was printed, the hub gave ${JSON.stringify(actual)}`];
    if (expected.length && !actual.length) return [`${path}: the hub gave an empty list`];
    return expected.length ? differences(actual[0], expected[0], `${path}[0]`) : [];
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
      return [`${path}: an object was printed, the hub gave ${JSON.stringify(actual)}`];
    const [a, e] = [Object.keys(actual).sort(), Object.keys(expected).sort()];
    if (JSON.stringify(a) !== JSON.stringify(e)) return [`${path}: keys ${e.join(',')} printed, the hub gave ${a.join(',')}`];
    return e.flatMap((key) =>
      differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  if (actual !== null && typeof actual !== typeof expected)
    return [`${path}: ${JSON.stringify(expected)} printed, the hub gave ${JSON.stringify(actual)}`];
  const key = path
    .split('.')
    .pop()!
    .replace(/\[0\]$/, '');
  return FIXED.has(key) && actual !== expected
    ? [`${path}: ${JSON.stringify(expected)} printed, the hub gave ${JSON.stringify(actual)}`]
    : [];
}

/** Runs the blocks in one bash, in `dir`, and returns each block's output and exit status (not blocking: the hub answers from this process). */
async function runAll(blocks: Block[], dir: string, server: TestServer, token: string): Promise<{ output: string; status: number }[]> {
  const substituted = (code: string) =>
    code
      .replaceAll(/http:\/\/localhost:[0-9]+/g, server.url)
      .replaceAll('lingyun-demo', inject('demoPassword'))
      .replaceAll('fph_…', token);
  const script = blocks.map((b, i) => `echo '@@begin ${i}'\n${substituted(b.code)}\necho "@@end ${i} $?"`).join('\n');
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile(
      'bash',
      ['-c', script],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C.UTF-8' },
        encoding: 'utf8',
        timeout: 240_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`)) : resolve({ stdout, stderr }),
    ),
  );
  return blocks.map((_, i) => {
    const found = new RegExp(`@@begin ${i}\\n([\\s\\S]*?)@@end ${i} (\\d+)`).exec(result.stdout);
    if (!found) throw new Error(`block ${i} did not finish: ${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
    return { output: found[1]!, status: Number(found[2]) };
  });
}

/** Checks one page's blocks against what it prints; returns the outputs for page-specific checks. */
function check(page: string, blocks: Block[], results: { output: string; status: number }[]): string[] {
  return blocks.map((block, i) => {
    const { output, status } = results[i]!;
    const where = `${page}:${block.line}`;
    expect(status, `${where} exits 0\n${output}`).toBe(0);
    // a block that only sets things up (the `g` helper) prints nothing; one the page shows an answer for must
    if (block.expected) expect(output.trim(), `${where} prints something`).not.toBe('');
    expect(output, `${where} answers without errors`).not.toMatch(/"errors"\s*:/);
    if (block.expected?.json) {
      const [actual, expected] = [jsonValues(output), jsonValues(block.expected.text)];
      expect(actual.length, `${where}: as many answers as printed\n${output}`).toBe(expected.length);
      expect(actual.flatMap((a, k) => differences(a, expected[k], `${where} answer ${k + 1}`))).toEqual([]);
    } else if (block.expected) {
      // plain text: as many lines, and those without figures as printed
      const [actual, expected] = [output.trimEnd().split('\n'), block.expected.text.split('\n')];
      expect(actual.length, `${where}: as many lines as printed\n${output}`).toBe(expected.length);
      expected.forEach((line, k) => {
        if (!/[0-9]/.test(line)) expect(actual[k], `${where} line ${k + 1}`).toBe(line);
      });
    }
    return output;
  });
}

describe('the walkthroughs of the docs, run as written', { timeout: 300_000 }, () => {
  let server: TestServer;
  let as: DemoCounty['as'];
  const dir = mkdtempSync(join(tmpdir(), 'fupin-docs-'));
  // partners.md runs docs/examples/partner_sync.py by its path from the repository's root
  symlinkSync(join(ROOT, 'docs'), join(dir, 'docs'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    ({ server, as } = await demoCounty());
  });

  it('docs/analysts.md: a token, the county’s figures, targets, grouped figures, exit checks, alerts, a whole list as CSV', async () => {
    const blocks = runnableBlocks('analysts.md');
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    const created = await as('analyst')(`mutation { createApiToken(name: "walkthrough") { token } }`);
    expect(created.errors).toBeUndefined();
    const outputs = check('analysts.md', blocks, await runAll(blocks, dir, server, created.data!.createApiToken.token as string));
    // the figures the prose quotes from the seed
    expect(outputs.join('\n')).toMatch(/"incidence":25\.3,.*"exitedPeople":12800,.*"villagesExited":25/s);
    const poor = await as('analyst')(`{ households(filter: { status: { eq: POOR } }) { totalCount } }`);
    const file = readFileSync(join(dir, 'poor-households.csv'), 'utf8');
    expect(file.split('\n')[0]).toBe('\uFEFF户编号,行政村,脱贫状态,家庭人口,版本,记录标识');
    expect(file.trimEnd().split('\n').length).toBe(poor.data!.households.totalCount + 1);
  });

  it('docs/partners.md: an account and token for the unit, a snapshot page, a visit logged, the Python sync job', async () => {
    const blocks = runnableBlocks('partners.md');
    expect(blocks.length).toBe(4);
    const outputs = check('partners.md', blocks, await runAll(blocks, dir, server, 'fph_…'));
    expect(outputs[3]).toMatch(/^applied [0-9]+ records and 0 tombstones; the copy holds: AssistanceMeasure [0-9]+, Cadre [0-9]+/);
  });
});
