import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary once it listens. */
export interface WorkerReady {
  type: 'hub-ready';
  port: number;
}

export function isWorkerReady(message: unknown): message is WorkerReady {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'hub-ready';
}

/** A worker that dies is restarted after this long, doubled for each death before it was ready again, to this at most. */
const RESTART_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** how long the workers have to finish their requests and stop on SIGINT/SIGTERM before they are killed */
const STOP_MS = 30_000;

/**
 * The primary of `hub serve --workers N` (node:cluster): forks N workers, each a whole hub server on the same
 * port (the primary hands connections out in turn), and keeps nothing of the hub itself. Every worker's state
 * that must be shared lives in the database: sessions, tokens and sign-in throttling. Prints the running line
 * once every worker listens; a worker that fails to start fails the start; one that dies later is restarted
 * (with a growing delay while it keeps dying before it is ready); SIGINT/SIGTERM stop every worker gracefully
 * (each finishes its requests and closes its database connections), then the primary.
 */
export function runPrimary(count: number, announce: (port: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let started = false;
    let stopping = false;
    let delay = RESTART_MS;
    const ready = new Set<Worker>();

    const fork = () => {
      const worker = cluster.fork();
      worker.on('message', (message: unknown) => {
        if (!isWorkerReady(message)) return;
        ready.add(worker);
        delay = RESTART_MS;
        if (!started && ready.size === count) {
          started = true;
          announce(message.port);
          resolve();
        }
      });
    };

    cluster.on('exit', (worker, code, signal) => {
      const wasReady = ready.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        return;
      }
      if (!started) {
        // the worker says why on its standard error (a port in use, a database that refuses); stop the others
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        reject(new Error(`工作进程启动失败（${signal ?? code}）/ a worker failed to start (${signal ?? code})`));
        return;
      }
      console.error(
        `工作进程 ${worker.process.pid} 已退出（${signal ?? `code ${code}`}），${delay / 1000} 秒后重启 / worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`,
      );
      setTimeout(fork, delay);
      if (!wasReady) delay = Math.min(delay * 2, RESTART_MAX_MS);
    });

    const stop = () => {
      if (stopping) return;
      stopping = true;
      console.log('正在停止所有工作进程 / stopping every worker…');
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      // straight to each worker's process: its own SIGTERM handler stops it gracefully
      for (const worker of workers) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
        process.exit(1);
      }, STOP_MS).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);

    for (let i = 0; i < count; i++) fork();
  });
}
