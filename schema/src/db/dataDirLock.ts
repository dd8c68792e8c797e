import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { HubError } from './errors';

/**
 * One process at a time on an embedded database folder. PGlite keeps the database in its process and assumes
 * it alone writes the folder: a second process opening it (an import or a seed while `pnpm start` serves)
 * loses one side's committed work or damages the folder. So the first process takes `<folder>.lock`, a file
 * created atomically (O_EXCL) holding its pid, and removes it when it closes the database or exits; the next
 * fails at once, saying who holds it. A lock left by a process that died (killed, power cut) is taken over.
 *
 * The lock sits beside the folder, not in it: a backup is a tarball of the folder, and a restore replaces it.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** the kernel's boot id and the process's start time in it (Linux): a pid in use again by another process is not the holder */
  boot?: string;
  started?: string;
  command: string;
  since: string;
}

const held = new Map<string, number>();

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** when the process started, in clock ticks since boot (field 22 of /proc/PID/stat), or undefined off Linux */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function me(): LockHolder {
  const boot = bootId();
  const started = startOf(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    ...(boot ? { boot } : {}),
    ...(started ? { started } : {}),
    command: process.argv.slice(1).join(' ').slice(0, 300),
    since: new Date().toISOString(),
  };
}

function readHolder(lockFile: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Whether the process that wrote the lock still runs. Another machine's (a shared folder) cannot be checked: held. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return false;
  // our own pid in a lock we do not hold: a previous process that had it (a container restarted)
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const started = holder.started && startOf(holder.pid);
  return !started || started === holder.started;
}

function refuse(folder: string, lockFile: string, holder: LockHolder | 'unreadable'): never {
  const who =
    holder === 'unreadable'
      ? { zh: '另一个进程（正在打开它）', en: 'another process (opening it right now)' }
      : {
          zh: `进程 ${holder.pid}${holder.host === hostname() ? '' : `（主机 ${holder.host}）`}，${holder.command}，自 ${holder.since} 起`,
          en: `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, ${holder.command}, since ${holder.since}`,
        };
  throw new HubError(
    `内置数据库 ${folder} 正由${who.zh}使用：内置数据库同一时间只能由一个进程打开，两个进程同时打开会丢失已保存的数据，本命令未做任何更改。` +
      `请先停止该进程（如 pnpm start 启动的服务，Ctrl+C）再运行本命令；或在服务运行时通过管理界面或其 GraphQL 接口导入、导出；多个进程同时使用请改用 PostgreSQL（设置 DATABASE_URL）。` +
      `若确认该进程已不存在或并非本平台，可删除 ${lockFile}。`,
    `The embedded database ${folder} is in use by ${who.en}: it can be opened by one process at a time (two at once lose saved work), so this command changed nothing. ` +
      `Stop that process first (e.g. the hub started with pnpm start: Ctrl+C) and run this again; or, while the hub runs, import and export through its admin UI or its GraphQL API; ` +
      `for several processes at once use PostgreSQL (set DATABASE_URL). If that process is gone or is not the hub, remove ${lockFile}.`,
  );
}

/** Creates the lock file only if there is none (O_EXCL), with its content; false if one exists. */
function create(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, JSON.stringify(me()) + '\n', { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new HubError(
      `无法创建内置数据库的锁文件 ${lockFile}（${(error as Error).message}）：请检查该目录是否可写，或用 HUB_DATA_DIR 另选目录。`,
      `Cannot create the embedded database's lock file ${lockFile} (${(error as Error).message}): check that its folder is writable, or choose another with HUB_DATA_DIR.`,
      { cause: error },
    );
  }
}

/**
 * Removes a dead process's lock. It is first moved to a name of our own, so that of two processes taking it
 * over at once only one succeeds; if what we moved turns out not to be the dead one's (another process took it
 * over in between), it is put back.
 */
function takeOver(lockFile: string, stale: LockHolder): void {
  const aside = `${lockFile}.stale-${process.pid}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved !== 'missing' && moved !== 'unreadable' && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // a third process made a lock meanwhile: it holds the folder
    }
  }
  unlinkSync(aside);
}

/**
 * Takes the folder's lock for this process, or fails with a HubError naming the holder. Returns the release.
 * Re-entrant within a process (a restore checks the folder with connect() while it holds the lock).
 */
export function lockDataDir(folder: string): () => void {
  const lockFile = `${folder}.lock`;
  const count = held.get(lockFile) ?? 0;
  if (count === 0) {
    for (let attempt = 0; ; attempt++) {
      if (create(lockFile)) break;
      const holder = readHolder(lockFile);
      if (holder === 'missing') continue; // released just now
      if (holder === 'unreadable') {
        // being written this very moment, or left empty by a crash at that moment long ago
        const written = statSync(lockFile, { throwIfNoEntry: false });
        if (!written) continue;
        if (Date.now() - written.mtimeMs < 5_000 || attempt >= 3) refuse(folder, lockFile, holder);
        rmSync(lockFile, { force: true });
        continue;
      }
      if (isAlive(holder) || attempt >= 3) refuse(folder, lockFile, holder);
      takeOver(lockFile, holder);
    }
  }
  held.set(lockFile, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(lockFile) ?? 1) - 1;
    if (left > 0) return void held.set(lockFile, left);
    held.delete(lockFile);
    removeIfMine(lockFile);
  };
}

function removeIfMine(lockFile: string): void {
  const holder = readHolder(lockFile);
  if (holder !== 'missing' && holder !== 'unreadable' && holder.pid === process.pid && holder.host === hostname()) {
    try {
      unlinkSync(lockFile);
    } catch {
      // already gone
    }
  }
}

// A process that exits without closing its database (process.exit after an error) leaves no lock behind.
process.on('exit', () => {
  for (const lockFile of held.keys()) removeIfMine(lockFile);
});
