#!/usr/bin/env node
/**
 * The `hub` command line (`pnpm hub …`): migrate, seed, serve, start. Every failure a person can fix ends
 * in one line saying what is wrong and what to do, with exit code 1 (2 for a wrong command line).
 */
import type { ExportRequest, HubDatabase } from '@fupin/schema';
import { HubError, isDatabaseUnavailable } from '@fupin/schema/db/errors';
import cluster from 'node:cluster';
import { constants, createReadStream, createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { WorkerReady } from './cluster';
import { readConfig, type HubConfig } from './config';

// Each command imports what it needs when it runs (the GraphQL schema, the server, PGlite, exceljs…), so that
// `pnpm hub --help` or `migrate` does not load the whole hub first.

/** Each command's usage, in the order the help lists them. */
const COMMANDS: Record<string, string> = {
  migrate: `  migrate                          应用数据库迁移 / apply migrations to DATABASE_URL or the embedded database`,
  seed: `  seed --demo [--households N] [--counties C]
                                   载入演示县数据 / load the demo county (scaled to N households);
                                   C 个县（凌云县在先）/ C counties in one hub, Lingyun first`,
  serve: `  serve [--workers N]              启动服务（不迁移、不载入）；N 个工作进程，缺省为 CPU 核数（内置数据库只用 1 个）
                                   / serve without migrating or seeding, with N worker processes (default: the
                                   machine's cores; the embedded database always 1)`,
  start: `  start [--workers N]              迁移，空的内置数据库载入演示数据，然后启动 / migrate, seed an empty embedded database, serve`,
  user: `  user create --username U --role ADMIN|ANALYST [--display-name D]
                                   创建用户，密码从标准输入读取 / create a user, password read from standard input
                                   （录入员和帮扶单位账号需要范围，请在管理界面创建 / scoped users are created in the admin UI）`,
  export: `  export RESOURCE FILE [--as USER] [--filter JSON] [--columns a,b,c] [--locale zh|en]
                                   导出列表为 .csv 或 .xlsx（按扩展名），以 USER 的范围和脱敏；缺省为第一个管理员；
                                   --columns 按 GraphQL 字段名选列并排序（缺省为全部），版本和记录标识总在最后
                                   / export a list (households, members…) to FILE.csv or FILE.xlsx, as USER sees it
                                   (scope, masking; default: the first administrator), audited; --columns picks and
                                   orders columns by GraphQL field name (default: all); version and record ID come last`,
  backup: `  backup FILE                      备份数据库到 FILE（PostgreSQL：pg_dump 自定义格式；内置数据库：其数据目录的归档）
                                   / back the database up to FILE (PostgreSQL: pg_dump custom format; embedded: its data folder)`,
  restore: `  restore FILE [--force]           从 FILE 恢复；数据库已有数据时须加 --force / restore FILE; a database holding data needs --force`,
  import: `  import RESOURCE FILE [--dry-run] [--delete-missing] [--as USER]
                                   导入 .xlsx 或 .csv：国家系统的人员名单（households），或本平台导出的任一列表；
                                   先检查，有问题则列出（工作表/行/列/值/说明）并以非零退出，无问题则全部写入（--dry-run 只检查）
                                   / import the national register sheet (households) or the hub's own export of a list:
                                   checked first; problems are listed and nothing is written; --dry-run only checks`,
  schema: `  schema                           写出 schema/schema.graphql / print the GraphQL schema to schema/schema.graphql`,
  help: `  help [COMMAND]                   显示用法（也可用 --help、-h）/ show this usage, or one command's (also --help, -h)`,
};

const USAGE = `用法 / usage: pnpm hub <command> [--help]
${Object.values(COMMANDS).join('\n')}`;

/** `pnpm hub help export`, `pnpm hub export --help`: that command's usage. */
function usageOf(command: string): string {
  return `用法 / usage: pnpm hub ${command} …\n${COMMANDS[command]}`;
}

const HELP = ['--help', '-h'];

class UsageError extends Error {}

const DEMO_USERS = ['admin', 'clerk', 'analyst', 'partner'];

async function open(config: HubConfig, options: { withReplica?: boolean } = {}): Promise<HubDatabase> {
  const { connect } = await import('@fupin/schema/db/connect');
  const replica = options.withReplica ? { readUrl: config.readUrl, maxLagMs: config.maxLagMs } : {};
  const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...replica });
  console.log(
    `数据库 / database: ${database.kind === 'pglite' ? `内置 PGlite / embedded PGlite, ${database.location}` : database.location}`,
  );
  if (database.replica)
    console.log(
      `只读副本 / read replica: ${database.replica.database.location} (HUB_REPLICA_MAX_LAG ${database.replica.maxLagMs / 1000} s)`,
    );
  return database;
}

async function migrate(database: HubDatabase): Promise<void> {
  const { migrateToLatest } = await import('@fupin/schema/db/migrate');
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `已应用迁移 / applied migrations: ${applied.join(', ')}` : '数据库结构已是最新 / schema is up to date');
}

async function seed(database: HubDatabase, config: HubConfig, households: number | undefined, counties: number | undefined): Promise<void> {
  console.log('正在生成演示县数据 / generating the demo county…');
  const { seedDemo } = await import('@fupin/schema/demo/index');
  const summary = await seedDemo(database, {
    password: config.demoPassword,
    ...(households !== undefined ? { households } : {}),
    ...(counties !== undefined ? { counties } : {}),
    onProgress: (message) => console.log(`  ${message}`),
  });
  console.log(
    `演示县已载入 / demo county loaded: ${summary.counties > 1 ? `${summary.counties} 个县 counties, ` : ''}${summary.households} 户 households, ${summary.members} 人 members, ${(summary.ms / 1000).toFixed(1)} s`,
  );
}

/**
 * How many worker processes `serve --workers N` runs: N, by default the machine's cores. The embedded database
 * belongs to one process (PGlite is in-process), so it always gets one, and says so.
 */
function workersOf(text: string | undefined, config: HubConfig): number {
  const asked = text === undefined ? availableParallelism() : Number(text);
  if (!Number.isInteger(asked) || asked < 1 || asked > 256)
    throw new UsageError(`--workers 应为 1 到 256 之间的整数，而不是 "${text}" / --workers must be a whole number from 1 to 256`);
  if (asked > 1 && !config.databaseUrl) {
    console.log(
      `内置数据库只能由一个进程打开：以 1 个进程服务（而不是 ${asked} 个）；多进程请用 PostgreSQL（DATABASE_URL）/ the embedded database belongs to one process: serving with 1 worker, not ${asked}; set DATABASE_URL (PostgreSQL) for more`,
    );
    return 1;
  }
  return asked;
}

/**
 * Serves with `workers` processes: one is today's single process, serving `database` itself; more fork workers
 * (cluster.ts) that each open their own connections, after this process has failed the imports a previous run
 * left unfinished (a worker must not fail the imports its siblings are running).
 */
async function serveWith(workers: number, database: HubDatabase, config: HubConfig): Promise<void> {
  if (workers === 1) return serve(database, config);
  const [{ runPrimary }, { failInterruptedImports }] = await Promise.all([import('./cluster'), import('@fupin/schema')]);
  try {
    await failInterruptedImports(database);
  } finally {
    await database.close();
  }
  cluster.setupPrimary({ args: ['serve', '--workers', String(workers)] });
  await runPrimary(workers, (port) => announce(config, port, `${workers} 个工作进程 / ${workers} workers`));
}

function announce(config: HubConfig, port: number, processes: string): void {
  const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(
    `\n精准扶贫数据平台已启动 / fupin-hub is running: http://${host}:${port}/  (GraphQL: http://${host}:${port}/graphql; ${processes})`,
  );
}

async function serve(database: HubDatabase, config: HubConfig): Promise<void> {
  const [{ createHubServer }, { existingUsernames }] = await Promise.all([import('./http'), import('@fupin/schema/db/hasData')]);
  const hub = await createHubServer({
    database,
    // in a worker, the primary has done it for every worker (serveWith)
    recoverImports: !cluster.isWorker,
    adminDir: config.adminDir,
    production: config.production,
    secureCookies: config.secureCookies,
    ...(config.exportStallMs === undefined ? {} : { exportStallMs: config.exportStallMs }),
  });
  await new Promise<void>((resolve, reject) => {
    hub.server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new HubError(
              `端口 ${config.port} 已被占用：请停止占用它的程序，或设置 PORT 换一个端口`,
              `Port ${config.port} is in use: stop what uses it, or set PORT to another port`,
            )
          : error,
      ),
    );
    hub.server.listen(config.port, config.host, resolve);
  });
  // which worker answered (operators follow a request to its worker's log; the workers test checks the spread)
  if (cluster.isWorker) hub.server.prependListener('request', (_req, res) => res.setHeader('x-hub-worker', String(process.pid)));
  const address = hub.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (cluster.isWorker) process.send!({ type: 'hub-ready', port } satisfies WorkerReady);
  else announce(config, port, '1 个进程 / 1 process');
  const demo = cluster.worker?.id === 1 || !cluster.isWorker ? await existingUsernames(database.db, DEMO_USERS) : [];
  if (demo.length) {
    console.log(
      `演示账号 / demo accounts: ${demo.join(', ')}; 密码 / password: ${config.demoPassword === 'lingyun-demo' ? 'lingyun-demo' : '(HUB_DEMO_PASSWORD)'}`,
    );
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('正在停止 / stopping…');
    await hub.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // a worker whose primary is gone (killed outright) stops too, instead of serving on alone
  if (cluster.isWorker) process.once('disconnect', stop);
}

/** Writes the export beside FILE first and renames it at the end, so a failed export leaves no half file. */
async function exportToFile(
  database: HubDatabase,
  request: ExportRequest,
  file: string,
  username: string | null,
  locale: 'zh' | 'en',
): Promise<number> {
  const [{ asViewer, hubContext, prepareExport, viewerNamed }, { GraphQLError }] = await Promise.all([
    import('@fupin/schema'),
    import('graphql'),
  ]);
  const viewer = await viewerNamed(database.db, username);
  if (!viewer) {
    throw username
      ? new HubError(`没有启用的用户 ${username}`, `No active user ${username}`)
      : new HubError(
          '数据库中没有启用的管理员：请用 --as 指定以哪个用户导出',
          'The database has no active administrator: name the user to export as with --as',
        );
  }
  console.log(`以 ${viewer.username}（${viewer.role}）的权限导出 / exporting as ${viewer.username} (${viewer.role})`);
  const partial = `${file}.part`;
  try {
    const job = await asViewer(database, { viewer }, async (db) => prepareExport(hubContext({ db, viewer, locale }), request));
    const rows = await job.write(database, createWriteStream(partial));
    renameSync(partial, file);
    return rows;
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof GraphQLError) {
      const messages = error.extensions.messages as { zh: string; en: string } | undefined;
      throw new HubError(messages?.zh ?? error.message, messages?.en ?? error.message);
    }
    throw error;
  }
}

/**
 * `pnpm hub import`: the same job as the admin's upload (kept, so that it can be listed and undone), run here:
 * the preview, then (without --dry-run, and only when there is no problem) the apply in one transaction.
 */
async function importFile(
  database: HubDatabase,
  list: string,
  file: string,
  options: { dryRun: boolean; deleteMissing: boolean; as: string | null },
): Promise<boolean> {
  const { ImportRefused, createImportJob, runImport, viewerNamed } = await import('@fupin/schema');
  const viewer = await viewerNamed(database.db, options.as);
  if (!viewer) {
    throw options.as
      ? new HubError(`没有启用的用户 ${options.as}`, `No active user ${options.as}`)
      : new HubError(
          '数据库中没有启用的管理员：请用 --as 指定以哪个用户导入',
          'The database has no active administrator: name the user to import as with --as',
        );
  }
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new HubError(
      `无法读取文件 ${file}（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）`,
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  console.log(`以 ${viewer.username}（${viewer.role}）的权限导入 / importing as ${viewer.username} (${viewer.role}): ${file}`);
  type Progress = { rowsTotal: number | null; rowsRead: number; rowsChecked: number; rowsWritten: number };
  const show = (p: Progress) =>
    process.stderr.write(
      `\r  已读 read ${p.rowsRead}  已检查 checked ${p.rowsChecked}  已写入 written ${p.rowsWritten}${p.rowsTotal ? ` / ${p.rowsTotal}` : ''}   `,
    );
  // a few times a second, not once a row: a county's 570,000 writes to the terminal cost more than parsing its rows
  let shownAt = 0;
  const progress = (p: Progress) => {
    const now = Date.now();
    if (now - shownAt < 200) return;
    shownAt = now;
    show(p);
  };
  try {
    // without --dry-run the file is applied at once: checked all the same, and written only without a problem
    let job = await createImportJob(database, viewer, {
      list,
      fileName: basename(file),
      content: createReadStream(file),
      deleteMissing: options.deleteMissing,
      locale: 'zh',
      atOnce: !options.dryRun,
    });
    job = await runImport(database, job.id, { onProgress: progress });
    show(job.progress);
    process.stderr.write('\n');
    for (const c of job.counts) {
      console.log(
        `${c.recordType}: 新增 created ${c.created}, 修改 updated ${c.updated}, 不变 unchanged ${c.unchanged}, 删除 deleted ${c.deleted}`,
      );
    }
    if (job.missing.length)
      console.log(
        `文件中没有的成员 / members missing from the file: ${job.missing.length}${options.deleteMissing ? '' : '（未删除；删除请加 --delete-missing / not deleted; add --delete-missing）'}`,
      );
    for (const p of job.problems) {
      console.log(
        `  ${p.sheet} 第 ${p.row} 行 row${p.header ? ` [${p.header}]` : ''}${p.value !== null ? ` “${p.value}”` : ''}: ${p.message.zh} / ${p.message.en}`,
      );
    }
    if (job.problemCount > job.problems.length) console.log(`  …共 ${job.problemCount} 个问题 / ${job.problemCount} problems in all`);
    if (job.status === 'FAILED') throw new HubError(`导入失败：${job.failure ?? ''}`, `The import failed: ${job.failure ?? ''}`);
    const done =
      job.status === 'APPLIED'
        ? '已全部写入 / applied'
        : job.problemCount
          ? `有 ${job.problemCount} 个问题，未写入任何数据 / ${job.problemCount} problem(s), nothing written`
          : '检查通过（未写入）/ checked, nothing written (dry run)';
    console.log(`${done}; 导入记录 / import job ${job.id}`);
    return job.problemCount === 0;
  } catch (error) {
    if (error instanceof ImportRefused) throw new HubError(error.text.zh, error.text.en);
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || HELP.includes(command)) {
    const [topic] = rest;
    if (command === undefined) throw new UsageError('缺少命令 / missing command');
    if (topic !== undefined && !(topic in COMMANDS)) throw new UsageError(`未知命令 "${topic}" / unknown command`);
    console.log(topic === undefined ? USAGE : usageOf(topic));
    return;
  }
  if (command in COMMANDS && rest.some((arg) => HELP.includes(arg))) {
    console.log(usageOf(command));
    return;
  }
  const config = readConfig();
  switch (command) {
    case 'migrate': {
      parseArgs({ args: rest, options: {}, strict: true });
      const database = await open(config);
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
      return;
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: 'boolean' }, households: { type: 'string' }, counties: { type: 'string' } },
        strict: true,
      });
      if (!values.demo) throw new UsageError('seed 需要 --demo / seed needs --demo (the only seed there is)');
      const households = values.households === undefined ? undefined : Number(values.households);
      if (households !== undefined && (!Number.isInteger(households) || households < 100 || households > 5_000_000)) {
        throw new UsageError(
          `--households 应为 100 到 5000000 之间的整数，而不是 "${values.households}" / must be a whole number from 100 to 5000000`,
        );
      }
      const counties = values.counties === undefined ? undefined : Number(values.counties);
      const { MAX_DEMO_COUNTIES } = await import('@fupin/schema/demo/counties');
      if (counties !== undefined && (!Number.isInteger(counties) || counties < 1 || counties > MAX_DEMO_COUNTIES)) {
        throw new UsageError(
          `--counties 应为 1 到 ${MAX_DEMO_COUNTIES} 之间的整数，而不是 "${values.counties}" / must be a whole number from 1 to ${MAX_DEMO_COUNTIES}`,
        );
      }
      const database = await open(config);
      try {
        await migrate(database);
        await seed(database, config, households, counties);
      } finally {
        await database.close();
      }
      return;
    }
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { workers: { type: 'string' } }, strict: true });
      // the process that serves opens the replica too (with several workers, each worker does)
      if (cluster.isWorker) return serve(await open(config, { withReplica: true }), config);
      const workers = workersOf(values.workers, config);
      await serveWith(workers, await open(config, { withReplica: workers === 1 }), config);
      return;
    }
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { workers: { type: 'string' } }, strict: true });
      const workers = workersOf(values.workers, config);
      const database = await open(config, { withReplica: workers === 1 });
      try {
        await migrate(database);
        const { hasData } = await import('@fupin/schema/db/hasData');
        if (!(await hasData(database.db))) {
          if (database.kind === 'pglite') await seed(database, config, undefined, undefined);
          else
            console.log(
              '数据库为空：可用 pnpm hub user create 创建管理员 / empty database: create an administrator with pnpm hub user create',
            );
        }
      } catch (error) {
        await database.close();
        throw error;
      }
      await serveWith(workers, database, config);
      return;
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub !== 'create') throw new UsageError(`未知的 user 子命令 "${sub ?? ''}" / unknown user subcommand`);
      const { values } = parseArgs({
        args,
        options: { username: { type: 'string' }, role: { type: 'string' }, 'display-name': { type: 'string' } },
        strict: true,
      });
      const role = values.role;
      if (!values.username || !role || !['ADMIN', 'CLERK', 'ANALYST', 'PARTNER'].includes(role)) {
        throw new UsageError('需要 --username 和 --role ADMIN|CLERK|ANALYST|PARTNER / needs --username and --role');
      }
      if (role !== 'ADMIN' && role !== 'ANALYST') {
        throw new UsageError(
          '命令行只创建 ADMIN 或 ANALYST；录入员和帮扶单位账号需要范围，请在管理界面创建 / the CLI creates ADMIN or ANALYST users; scoped users are created in the admin UI',
        );
      }
      const password = await readStdin();
      if (password.length < 10)
        throw new UsageError('密码至少 10 个字符，从标准输入读取 / the password (read from standard input) needs at least 10 characters');
      const { createUser } = await import('@fupin/schema/access/users');
      const database = await open(config);
      try {
        await migrate(database);
        await createUser(database.db, {
          username: values.username,
          displayName: values['display-name'] ?? values.username,
          role,
          password,
        });
        console.log(`已创建用户 / created user ${values.username} (${role})`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'export': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { as: { type: 'string' }, filter: { type: 'string' }, columns: { type: 'string' }, locale: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const [resource, file] = positionals;
      if (!resource || !file || positionals.length > 2)
        throw new UsageError('export 需要 RESOURCE 和 FILE / export needs RESOURCE and FILE');
      const { formatOf } = await import('@fupin/schema');
      const format = formatOf(file);
      if (!format) throw new UsageError(`文件名须以 .csv 或 .xlsx 结尾，而不是 "${file}" / FILE must end in .csv or .xlsx`);
      let filter: unknown;
      try {
        filter = values.filter === undefined ? undefined : JSON.parse(values.filter);
      } catch {
        throw new UsageError('--filter 不是有效的 JSON / --filter is not valid JSON');
      }
      const locale = values.locale ?? 'zh';
      if (locale !== 'zh' && locale !== 'en')
        throw new UsageError(`--locale 应为 zh 或 en，而不是 "${locale}" / --locale must be zh or en`);
      const columns = values.columns?.split(',').map((c) => c.trim());
      if (columns?.some((c) => c === ''))
        throw new UsageError('--columns 应为以逗号分隔的字段名 / --columns takes field names separated by commas');
      const database = await open(config);
      try {
        await migrate(database);
        const rows = await exportToFile(
          database,
          { resource, format, filter, ...(columns ? { columns } : {}) },
          file,
          values.as ?? null,
          locale,
        );
        console.log(`已导出 ${rows} 行 / exported ${rows} rows: ${file}`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('backup 需要 FILE / backup needs FILE');
      const { backupDatabase } = await import('@fupin/schema/db/backup');
      const { kind, bytes } = await backupDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
      console.log(
        `已备份 / backed up (${kind === 'postgres' ? 'PostgreSQL, pg_dump custom format' : `内置数据库 / embedded database ${config.dataDir}`}): ${file}, ${(bytes / 1024 / 1024).toFixed(1)} MB`,
      );
      return;
    }
    case 'restore': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { force: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('restore 需要 FILE / restore needs FILE');
      const { restoreDatabase } = await import('@fupin/schema/db/backup');
      const { summary, movedAside } = await restoreDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file, {
        force: !!values.force,
      });
      if (movedAside) console.log(`原数据目录已移到 / the previous data folder was moved to ${movedAside}`);
      console.log(
        `已恢复 / restored ${file}: ${summary.households} 户 households, ${summary.members} 人 members, ${summary.users} 个用户 users, ${summary.auditEntries} 条操作记录 audit entries`,
      );
      return;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { as: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'delete-missing': { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      const [resource, file] = positionals;
      if (!resource || !file || positionals.length > 2)
        throw new UsageError('import 需要 RESOURCE 和 FILE / import needs RESOURCE and FILE');
      const database = await open(config);
      let ok: boolean;
      try {
        await migrate(database);
        ok = await importFile(database, resource, file, {
          dryRun: !!values['dry-run'],
          deleteMissing: !!values['delete-missing'],
          as: values.as ?? null,
        });
      } finally {
        await database.close();
      }
      if (!ok) process.exit(1);
      return;
    }
    case 'schema': {
      parseArgs({ args: rest, options: {}, strict: true });
      const { printHubSchema } = await import('@fupin/schema/schema');
      const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
      writeFileSync(target, printHubSchema() + '\n');
      console.log(`已写出 / wrote ${target}`);
      return;
    }
    default:
      throw new UsageError(`未知命令 "${command}" / unknown command`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`错误 / error: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof HubError) {
    console.error(`错误 / error: ${error.zh}\n        ${error.en}`);
    process.exit(1);
  }
  if (isDatabaseUnavailable(error)) {
    // an export's half file is already removed; PostgreSQL rolls back whatever was not committed
    console.error(
      `错误 / error: 与数据库的连接中断（${(error as Error).message}），操作未完成，未保存的部分已回滚；请确认 PostgreSQL 正常后重试。`,
    );
    console.error(
      `        The connection to the database was lost (${(error as Error).message}): the command did not complete and what it had not committed was rolled back; check PostgreSQL and try again.`,
    );
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
