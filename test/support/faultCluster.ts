import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The ports fault tests may take for a cluster of their own (never the shared 5432). */
const PORTS = [5441, 5442, 5443, 5444, 5445];
const VERSION = '15';

/**
 * A PostgreSQL cluster of a test's own, on its own port, that the test may terminate backends of, stop and
 * restart as it likes: the machine's shared cluster (5432) is never touched. Made with Debian's
 * postgresql-common tools, which need root (CI runs as root); dropped by `drop()` whatever happened.
 */
export interface FaultCluster {
  name: string;
  port: number;
  /** a URL to a database of this cluster, as the superuser */
  url(database: string): string;
  /** one statement on a database of this cluster, on a connection of its own */
  query<R extends pg.QueryResultRow>(database: string, text: string, values?: unknown[]): Promise<R[]>;
  /** a fast restart: every connection is ended, the cluster is back when this resolves */
  restart(): Promise<void>;
  drop(): Promise<void>;
}

async function ctl(name: string, action: 'start' | 'restart'): Promise<void> {
  // --skip-systemctl-redirect: the machine (and CI) runs no systemd; fast: connections end at once
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', ...(action === 'restart' ? ['-m', 'fast'] : []), VERSION, name, action]);
}

/** Creates and starts a cluster named hubfault<port> on the first free port of 5441–5445, trusting local connections. */
export async function createFaultCluster(): Promise<FaultCluster> {
  if (process.getuid?.() !== 0) throw new Error('fault tests create a PostgreSQL cluster with pg_createcluster, which needs root (as in CI)');
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  const taken = new Set(stdout.split('\n').map((line) => Number(line.trim().split(/\s+/)[2])));
  const port = PORTS.find((p) => !taken.has(p));
  if (!port) throw new Error(`no free port for a fault cluster among ${PORTS.join(', ')} (pg_lsclusters)`);
  const name = `hubfault${port}`;
  // --no-sync: a throwaway cluster need not wait for the disk to be created
  await run('pg_createcluster', [VERSION, name, '--port', String(port), '--', '--auth=trust', '--no-sync']);
  const drop = async () => {
    await run('pg_dropcluster', [VERSION, name, '--stop']).catch(() => {});
  };
  try {
    await ctl(name, 'start');
  } catch (error) {
    await drop();
    throw error;
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    name,
    port,
    url,
    async query<R extends pg.QueryResultRow>(database: string, text: string, values: unknown[] = []) {
      const client = new pg.Client({ connectionString: url(database) });
      client.on('error', () => {}); // the test may end this connection's backend too
      await client.connect();
      try {
        return (await client.query<R>(text, values)).rows;
      } finally {
        await client.end().catch(() => {});
      }
    },
    restart: () => ctl(name, 'restart'),
    drop,
  };
}
