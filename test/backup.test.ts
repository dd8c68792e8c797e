import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect, createUser, migrateToLatest, type Database, type HubDatabase } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { ROOT, hub as hubWithin } from './support/cli';
import { adminQuery, databaseUrl } from './support/postgres';

/** a restore unpacks or loads a whole database: more time than the other commands */
const hub = (args: string[], env: Record<string, string>) => hubWithin(args, env, 120_000);
import { startServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** Every table's rows, as one checksum per table: equal sums mean every row, version and audit entry came back. */
async function contents(db: Kysely<Database>): Promise<Record<string, { rows: number; md5: string }>> {
  const { rows: tables } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(
    db,
  );
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{
      rows: number;
      md5: string;
    }>`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as md5 from ${sql.table(name)} t`.execute(
      db,
    );
    result[name] = rows[0]!;
  }
  return result;
}

/** Two edits of one household through the graph, so that versions and audit entries are more than the seed's. */
async function edit(database: HubDatabase, password: string): Promise<{ id: string; version: number }> {
  const server = await startServer(database);
  const cookie = await server.signIn('admin', password);
  const household = await database.db.selectFrom('household').select(['id', 'version']).orderBy('id').executeTakeFirstOrThrow();
  const id = globalId('Household', household.id);
  let version = household.version;
  for (const address of ['备份前一改', '备份前二改']) {
    const result = await server.graphql<Any>(
      `mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { version } } }`,
      { input: { id, version, patch: { address } } },
      { cookie },
    );
    expect(result.errors).toBeUndefined();
    version = result.data!.updateHousehold.household.version;
  }
  return { id, version };
}

/** The restored database served: the admin signs in, reads the edited household and its history, and edits again. */
async function servesRestored(database: HubDatabase, password: string, household: { id: string; version: number }) {
  const server = await startServer(database);
  const cookie = await server.signIn('admin', password);
  const read = await server.graphql<Any>(
    `query ($id: ID!) { node(id: $id) { ... on Household { version address history { totalCount } } } }`,
    { id: household.id },
    { cookie },
  );
  expect(read.data).toEqual({ node: { version: household.version, address: '备份前二改', history: { totalCount: expect.any(Number) } } });
  expect(read.data!.node.history.totalCount).toBeGreaterThanOrEqual(2);
  const again = await server.graphql<Any>(
    `mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { version } } }`,
    { input: { id: household.id, version: household.version, patch: { address: '恢复后再改' } } },
    { cookie },
  );
  expect(again.errors).toBeUndefined();
  expect(again.data!.updateHousehold.household.version).toBe(household.version + 1);
}

describe('pnpm hub backup / restore', { timeout: 300_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'fupin-backup-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('PostgreSQL: a pg_dump backup restored into a new, empty database holds every row, version and audit entry, and is served', async () => {
    const source = await freshDatabase('demo');
    const household = await edit(source, inject('demoPassword'));
    const before = await contents(source.db);
    expect(before.audit_log!.rows).toBeGreaterThanOrEqual(2);

    const file = join(folder, 'county.dump');
    const backup = hub(['backup', file], { DATABASE_URL: source.url });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/已备份 \/ backed up \(PostgreSQL/);

    // a database the test creates empty (not even migrated) and drops at the end
    const name = `${inject('runPrefix')}_restored_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(`create database ${name}`);
    afterAll(() => adminQuery(`drop database if exists ${name} with (force)`));
    const target = databaseUrl(name);
    const restore = hub(['restore', file], { DATABASE_URL: target });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const households = before.household!.rows;
    expect(restore.stdout).toMatch(new RegExp(`已恢复 / restored .*: ${households} 户 households`));

    const restored = await connect({ databaseUrl: target });
    try {
      expect(await contents(restored.db)).toEqual(before);
      // nothing to migrate: the migration history came back with the tables
      expect(await migrateToLatest(restored.db)).toEqual([]);

      // a database holding data is not overwritten without --force, and is left as it was
      const refused = hub(['restore', file], { DATABASE_URL: target });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/已有数据.*--force/);
      expect(refused.stderr).toMatch(/holds data/);
      expect(await contents(restored.db)).toEqual(before);

      await servesRestored(restored, inject('demoPassword'), household);
      // --force puts the backup back over the edit just made
      const forced = hub(['restore', file, '--force'], { DATABASE_URL: target });
      expect(forced.stderr).toBe('');
      expect(forced.status).toBe(0);
      expect(await contents(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
  });

  it('the embedded database: its backup restored into a new folder holds every row, version and audit entry, and is served', async () => {
    const source = join(folder, 'source-data');
    const password = 'backup-admin-password';
    let household: { id: string; version: number };
    let before: Awaited<ReturnType<typeof contents>>;
    {
      const database = await connect({ dataDir: source });
      await migrateToLatest(database.db);
      await smallCounty(database.db, { villages: 2, households: 3, members: 2 });
      await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password });
      household = await edit(database, password);
      before = await contents(database.db);
      await database.close();
    }
    const file = join(folder, 'embedded.tar.gz');
    const backup = hub(['backup', file], { HUB_DATA_DIR: source });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/内置数据库/);

    const target = join(folder, 'restored-data');
    const restore = hub(['restore', file], { HUB_DATA_DIR: target });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/已恢复 \/ restored .*: 6 户 households, 12 人 members, 1 个用户 users/);
    {
      const restored = await connect({ dataDir: target });
      expect(await contents(restored.db)).toEqual(before);
      await restored.close();
    }

    const refused = hub(['restore', file], { HUB_DATA_DIR: target });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/已有数据.*--force/);
    expect(readdirSync(folder).filter((f) => f.startsWith('restored-data.before-restore'))).toEqual([]);

    const forced = hub(['restore', file, '--force'], { HUB_DATA_DIR: target });
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/原数据目录已移到/);
    expect(readdirSync(folder).filter((f) => f.startsWith('restored-data.before-restore'))).toHaveLength(1);

    const restored = await connect({ dataDir: target });
    expect(await contents(restored.db)).toEqual(before);
    await servesRestored(restored, password, household);
    // closed after the file's servers have stopped
    afterAll(() => restored.close());
  });

  it('refuses, in both languages, a file that is not a backup, one of the other kind, and a missing one', () => {
    const dump = join(folder, 'county.dump');
    const wrongKind = hub(['restore', dump], { HUB_DATA_DIR: join(folder, 'never') });
    expect(wrongKind.status).toBe(1);
    expect(wrongKind.stderr).toMatch(/PostgreSQL 的备份.*DATABASE_URL/);
    expect(existsSync(join(folder, 'never'))).toBe(false);
    const notABackup = hub(['restore', join(ROOT, 'package.json')], { HUB_DATA_DIR: join(folder, 'never') });
    expect(notABackup.status).toBe(1);
    expect(notABackup.stderr).toMatch(/不是本平台的备份文件/);
    expect(notABackup.stderr).toMatch(/not a hub backup/);
    const missing = hub(['restore', join(folder, 'nothing.dump')], { HUB_DATA_DIR: join(folder, 'never') });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/找不到备份文件/);
    const usage = hub(['backup'], {});
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/backup needs FILE/);
    const emptyFolder = hub(['backup', join(folder, 'x.tar.gz')], { HUB_DATA_DIR: join(folder, 'never') });
    expect(emptyFolder.status).toBe(1);
    expect(emptyFolder.stderr).toMatch(/没有可备份的数据/);
    expect(existsSync(join(folder, 'x.tar.gz'))).toBe(false);
  });
});
