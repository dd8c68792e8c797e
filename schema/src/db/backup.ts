/**
 * Backups of the hub's database in the database's own format: PostgreSQL's custom-format dump (pg_dump /
 * pg_restore, the binaries of the machine's PostgreSQL) or, for the embedded database, PGlite's tarball of
 * its data folder (dumpDataDir / loadDataDir). A backup is written beside its file and renamed at the end,
 * so a failed one leaves no half file; a restore refuses to replace a database that holds data unless forced.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { connect, type HubDatabase } from './connect';
import { lockDataDir } from './dataDirLock';
import type { Database } from './database';
import { HubError } from './errors';

export interface BackupTarget {
  /** PostgreSQL; unset: the embedded database in dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
}

export type BackupKind = 'postgres' | 'pglite';

/** What a restored database holds, to show that it is all there. */
export interface DatabaseSummary {
  households: number;
  members: number;
  users: number;
  auditEntries: number;
}

/** `pg_dump`/`pg_restore`: HUB_PG_BIN, else the newest /usr/lib/postgresql/N/bin (Debian), else the PATH. */
export function postgresTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.HUB_PG_BIN) candidates.push(join(env.HUB_PG_BIN, name));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^[0-9]+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin', name)));
  }
  candidates.push(
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
  );
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (found) return found;
  throw new HubError(
    `找不到 ${name}：请安装 PostgreSQL 客户端（与服务器同版本或更新，如 Debian 的 postgresql-client-15），或用 HUB_PG_BIN 指向其 bin 目录`,
    `Cannot find ${name}: install the PostgreSQL client tools (the server's version or newer, e.g. Debian's postgresql-client-15), or point HUB_PG_BIN at their bin folder`,
  );
}

/** Runs a PostgreSQL tool with the URL's password in the environment (not on the command line, where `ps` shows it). */
function runTool(tool: string, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return new Promise((done, fail) => {
    const child = spawn(tool, [...args, '--dbname', url.toString()], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => fail(new HubError(`无法运行 ${tool}（${error.message}）`, `Cannot run ${tool} (${error.message})`)));
    child.on('close', (code) => {
      if (code === 0) return done();
      const reason = stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`;
      fail(new HubError(`${tool} 失败：${reason}`, `${tool} failed: ${reason}`));
    });
  });
}

/** Whether a database holds records (not merely the migrated tables with their code lists): a county, a user or an audit entry. */
async function holdsData(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    migrated: boolean;
  }>`select to_regclass('public.county') is not null and to_regclass('public.app_user') is not null and to_regclass('public.audit_log') is not null as migrated`.execute(
    db,
  );
  if (!rows[0]?.migrated) return false;
  const { rows: found } = await sql<{
    data: boolean;
  }>`select exists (select 1 from county) or exists (select 1 from app_user) or exists (select 1 from audit_log) as data`.execute(db);
  return found[0]?.data ?? false;
}

export async function summarize(db: Kysely<Database>): Promise<DatabaseSummary> {
  const { rows } = await sql<DatabaseSummary>`
    select (select count(*) from household)::int as households, (select count(*) from member)::int as members,
           (select count(*) from app_user)::int as users, (select count(*) from audit_log)::int as "auditEntries"`.execute(db);
  return rows[0]!;
}

function embeddedFolder(target: BackupTarget): string {
  return resolve(target.dataDir);
}

function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Writes the backup of the target's database to `file`. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<{ kind: BackupKind; bytes: number }> {
  const partial = `${file}.part`;
  try {
    if (target.databaseUrl) {
      const tool = postgresTool('pg_dump');
      // the custom format: compressed, and pg_restore can restore it into an empty database
      await runTool(tool, ['--format=custom', '--file', partial], target.databaseUrl);
    } else {
      const dir = embeddedFolder(target);
      if (isEmptyFolder(dir)) {
        throw new HubError(
          `内置数据库目录 ${dir} 不存在或为空：没有可备份的数据（HUB_DATA_DIR 是否正确？）`,
          `The embedded database folder ${dir} is missing or empty: nothing to back up (is HUB_DATA_DIR right?)`,
        );
      }
      const unlock = lockDataDir(dir);
      try {
        const pglite = await PGlite.create(dir);
        try {
          const tarball = await pglite.dumpDataDir('gzip');
          writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
        } finally {
          await pglite.close();
        }
      } finally {
        unlock();
      }
    }
    renameSync(partial, file);
    return { kind: target.databaseUrl ? 'postgres' : 'pglite', bytes: statSync(file).size };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Which kind of backup a file is, from its first bytes: pg_dump's custom format starts `PGDMP`, PGlite's tarball is gzip. */
function kindOf(file: string): BackupKind {
  if (!existsSync(file)) throw new HubError(`找不到备份文件 ${file}`, `No backup file ${file}`);
  const head = Buffer.alloc(5);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new HubError(
    `${file} 不是本平台的备份文件（既非 pg_dump 自定义格式，也非内置数据库的备份）`,
    `${file} is not a hub backup (neither a pg_dump custom-format dump nor an embedded database backup)`,
  );
}

function refuseToOverwrite(where: string): never {
  throw new HubError(
    `${where} 已有数据，恢复会覆盖它：确认要覆盖请加 --force（建议先用 pnpm hub backup 备份现有数据）`,
    `${where} holds data that a restore would replace: add --force to overwrite it (back it up first with pnpm hub backup)`,
  );
}

/**
 * Restores `file` into the target's database. PostgreSQL: the database must exist (createdb); pg_restore runs
 * in one transaction, dropping the dump's objects first, so a failed restore changes nothing. Embedded: the
 * current folder, if any, is moved aside (never deleted) and the backup unpacked in its place.
 */
export async function restoreDatabase(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ kind: BackupKind; summary: DatabaseSummary; movedAside?: string }> {
  const kind = kindOf(file);
  if (kind === 'postgres' && !target.databaseUrl) {
    throw new HubError(
      `${file} 是 PostgreSQL 的备份：请设置 DATABASE_URL 指向要恢复到的数据库`,
      `${file} is a PostgreSQL backup: set DATABASE_URL to the database to restore it into`,
    );
  }
  if (kind === 'pglite' && target.databaseUrl) {
    throw new HubError(
      `${file} 是内置数据库的备份：请取消 DATABASE_URL，用 HUB_DATA_DIR 指定恢复到的目录`,
      `${file} is an embedded database backup: unset DATABASE_URL and name the folder to restore it into with HUB_DATA_DIR`,
    );
  }
  if (target.databaseUrl) {
    const tool = postgresTool('pg_restore');
    const database = await connect({ databaseUrl: target.databaseUrl });
    try {
      if ((await holdsData(database.db)) && !options.force) refuseToOverwrite(database.location);
      // Roles belong to the cluster: on another cluster the role the grants name must exist first (as its migration makes it).
      await sql`do $$ begin create role hub_app nologin; exception when duplicate_object or unique_violation then null; end $$`.execute(
        database.db,
      );
      await sql`do $$ begin execute format('grant hub_app to %I', current_user); exception when duplicate_object or unique_violation then null; end $$`.execute(
        database.db,
      );
    } finally {
      await database.close();
    }
    await runTool(tool, ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', file], target.databaseUrl);
    return { kind, summary: await summarizeAt(target) };
  }
  const dir = embeddedFolder(target);
  // held from the check to the summary, so that no hub opens the folder while it is replaced
  mkdirSync(dirname(dir), { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    return await restoreEmbedded(target, dir, file, options);
  } finally {
    unlock();
  }
}

async function restoreEmbedded(
  target: BackupTarget,
  dir: string,
  file: string,
  options: { force?: boolean },
): Promise<{ kind: BackupKind; summary: DatabaseSummary; movedAside?: string }> {
  const kind: BackupKind = 'pglite';
  let movedAside: string | undefined;
  if (!isEmptyFolder(dir)) {
    const current = await connect({ dataDir: dir });
    try {
      if ((await holdsData(current.db)) && !options.force) refuseToOverwrite(dir);
    } finally {
      await current.close();
    }
    movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, movedAside);
  }
  try {
    const pglite = await PGlite.create(dir, { loadDataDir: new Blob([readFileSync(file)]) });
    await pglite.close();
    return { kind, summary: await summarizeAt(target), ...(movedAside ? { movedAside } : {}) };
  } catch (error) {
    // put the folder that was there back, so a failed restore changes nothing
    rmSync(dir, { recursive: true, force: true });
    if (movedAside) renameSync(movedAside, dir);
    if (error instanceof HubError) throw error;
    throw new HubError(
      `无法恢复 ${file}（${(error as Error).message}）：文件可能已损坏`,
      `Cannot restore ${file} (${(error as Error).message}): the file may be damaged`,
      { cause: error },
    );
  }
}

async function summarizeAt(target: BackupTarget): Promise<DatabaseSummary> {
  const database: HubDatabase = await connect(target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir });
  try {
    return await summarize(database.db);
  } finally {
    await database.close();
  }
}
