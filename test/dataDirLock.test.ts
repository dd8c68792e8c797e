import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../schema/src/index';
import { hub } from './support/cli';
import { spawnHub } from './support/hubProcess';

/**
 * The embedded database belongs to one process (PGlite): a newcomer running `pnpm hub import …` while
 * `pnpm start` serves must be stopped before the second process touches the folder, or one side's saved work
 * is lost. Real processes on one temporary folder, as the newcomer would run them.
 */
describe('the embedded database, one process at a time', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'fupin-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second process (seed, import, export, backup) at once, naming the hub that holds it, and changes nothing', async () => {
    const data = join(root, 'data');
    expect(hub(['migrate'], { HUB_DATA_DIR: data }).status).toBe(0);
    expect(existsSync(`${data}.lock`)).toBe(false); // released when the command ended
    const server = await spawnHub({ HUB_DATA_DIR: data });
    try {
      const holder = JSON.parse(readFileSync(`${data}.lock`, 'utf8')) as { pid: number };
      expect(holder.pid).toBe(server.child.pid);
      const csv = join(root, 'households.csv');
      writeFileSync(csv, '户编号,户主姓名\n');
      const out = join(root, 'out.csv');
      for (const args of [
        ['seed', '--demo', '--households', '100'],
        ['import', 'households', csv],
        ['export', 'households', out],
        ['backup', join(root, 'backup.tgz')],
      ]) {
        const result = hub(args, { HUB_DATA_DIR: data });
        expect(result.status, args[0]).toBe(1);
        expect(result.stderr).toContain(`内置数据库 ${data} 正由进程 ${server.child.pid}`);
        expect(result.stderr).toMatch(/请先停止该进程[\s\S]*GraphQL[\s\S]*DATABASE_URL/);
        expect(result.stderr).toMatch(/in use by process \d+[\s\S]*Stop that process first[\s\S]*GraphQL API[\s\S]*DATABASE_URL/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(root, 'backup.tgz'))).toBe(false);
      // the hub serves on, its lock untouched
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(server.alive()).toBe(true);
      expect(JSON.parse(readFileSync(`${data}.lock`, 'utf8'))).toEqual(holder);
    } finally {
      await server.stop();
    }
    expect(existsSync(`${data}.lock`)).toBe(false);
    // the refused seed wrote nothing
    const database = await connect({ dataDir: data });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from household`.execute(database.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('takes over the lock a dead process left, and releases its own when done', async () => {
    const data = join(root, 'stale');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = { pid: dead, host: hostname(), command: 'server/src/cli.ts start', since: '2026-12-01T08:00:00.000Z' };
    writeFileSync(`${data}.lock`, JSON.stringify(stale));
    const result = hub(['migrate'], { HUB_DATA_DIR: data });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/已应用迁移/);
    expect(existsSync(`${data}.lock`)).toBe(false);
    // in this process too: while open, the lock names this process; closed, it is gone
    writeFileSync(`${data}.lock`, JSON.stringify(stale));
    const database = await connect({ dataDir: data });
    try {
      expect(JSON.parse(readFileSync(`${data}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await database.close();
    }
    expect(existsSync(`${data}.lock`)).toBe(false);
  });

  it('takes over a lock whose pid another process has since taken, and respects a live holder', async () => {
    const data = join(root, 'reused');
    // this test runner's own parent is alive, but it did not start when the lock says: the pid was reused
    const reused = {
      pid: process.ppid,
      host: hostname(),
      started: '1',
      command: 'server/src/cli.ts start',
      since: '2026-12-01T08:00:00.000Z',
    };
    writeFileSync(`${data}.lock`, JSON.stringify(reused));
    const result = hub(['migrate'], { HUB_DATA_DIR: data });
    expect(result.status, result.stderr).toBe(0);
    // a live holder that is who the lock says (no start time to compare) is respected
    writeFileSync(`${data}.lock`, JSON.stringify({ ...reused, started: undefined }));
    const refused = hub(['migrate'], { HUB_DATA_DIR: data });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`正由进程 ${process.ppid}`);
    expect(JSON.parse(readFileSync(`${data}.lock`, 'utf8'))).toMatchObject({ pid: process.ppid });
  });
});
