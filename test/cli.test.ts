import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hub } from './support/cli';

// Each case starts the CLI afresh (tsx, and for the embedded database PGlite's WASM): seconds each, more on a busy machine.
describe('the hub command line', { timeout: 120_000 }, () => {
  it('refuses an unknown command or option with one line and the usage, exit code 2', () => {
    const unknown = hub(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/未知命令 "frobnicate" \/ unknown command/);
    expect(unknown.stderr).toMatch(/pnpm hub <command>/);
    const option = hub(['migrate', '--force']);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/--force/);
    const households = hub(['seed', '--demo', '--households', 'lots']);
    expect(households.status).toBe(2);
    expect(households.stderr).toMatch(/--households/);
    for (const counties of ['0', '113', '2.5']) {
      const refused = hub(['seed', '--demo', '--counties', counties]);
      expect(refused.status, counties).toBe(2);
      expect(refused.stderr).toMatch(/--counties 应为 1 到 112 之间的整数/);
    }
  });

  it('prints the usage for --help, -h and help, and one command’s for help COMMAND or COMMAND --help, exit code 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = hub(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^用法 \/ usage: pnpm hub <command>/);
      for (const command of ['migrate', 'seed', 'serve', 'start', 'user create', 'export', 'backup', 'restore', 'import', 'schema'])
        expect(result.stdout).toContain(`  ${command} `);
    }
    for (const args of [
      ['help', 'export'],
      ['export', '--help'],
      ['export', 'households', 'x.csv', '-h'],
    ]) {
      const result = hub(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^用法 \/ usage: pnpm hub export/);
      expect(result.stdout).toContain('--columns');
      expect(result.stdout).not.toContain('backup FILE');
    }
    const unknownTopic = hub(['help', 'frobnicate']);
    expect(unknownTopic.status).toBe(2);
    expect(unknownTopic.stderr).toMatch(/未知命令 "frobnicate"/);
    const none = hub([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/缺少命令 \/ missing command[\s\S]*pnpm hub <command>/);
  });

  it('explains an unreachable DATABASE_URL in one line and changes nothing', () => {
    const result = hub(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/无法连接数据库 postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere（ECONNREFUSED）/);
    expect(result.stderr).toMatch(/Cannot connect/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('explains a data folder it cannot open as a database, and leaves the folder as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-bad-data-'));
    try {
      writeFileSync(join(dir, 'PG_VERSION'), '9\n');
      writeFileSync(join(dir, 'postgresql.conf'), 'garbage = = =\n');
      const result = hub(['migrate'], { HUB_DATA_DIR: dir });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/无法打开内置数据库目录/);
      expect(result.stderr).toMatch(/HUB_DATA_DIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates an embedded database, and says so again without change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-cli-'));
    try {
      const first = hub(['migrate'], { HUB_DATA_DIR: dir });
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/已应用迁移 \/ applied migrations: 2026-11-29-01-foundation/);
      const second = hub(['migrate'], { HUB_DATA_DIR: dir });
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/schema is up to date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
