import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

export const run = promisify(execFile);

/** The ports fault tests may take for a cluster of their own (never the shared 5432). */
const PORTS = [5441, 5442, 5443, 5444, 5445];
export const VERSION = '15';

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

export async function ctl(name: string, action: 'start' | 'restart' | 'stop'): Promise<void> {
  // --skip-systemctl-redirect: the machine (and CI) runs no systemd; fast: connections end at once
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', ...(action === 'restart' ? ['-m', 'fast'] : []), VERSION, name, action]);
}

/** Tests that make clusters of their own fail, saying why, when not run as root (never a silent skip). */
export function requireRoot(who: string): void {
  if (process.getuid?.() !== 0)
    throw new Error(`${who} create PostgreSQL clusters with pg_createcluster, which needs root (as in CI): run the test as root`);
}

/** `count` ports of 5441–5445 that no cluster on this machine uses (pg_lsclusters). */
export async function freePorts(count: number): Promise<number[]> {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  const taken = new Set(stdout.split('\n').map((line) => Number(line.trim().split(/\s+/)[2])));
  const ports = PORTS.filter((p) => !taken.has(p)).slice(0, count);
  if (ports.length < count) throw new Error(`not enough free ports for test clusters among ${PORTS.join(', ')} (pg_lsclusters)`);
  return ports;
}

/** One statement on a database of a cluster, on a connection of its own. */
export async function queryOnce<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the test may end this connection's backend too
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates and starts a cluster named hubfault<port> on the first free port of 5441–5445, trusting local connections. */
export async function createFaultCluster(): Promise<FaultCluster> {
  requireRoot('fault tests');
  const [port] = (await freePorts(1)) as [number];
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
    query: <R extends pg.QueryResultRow>(database: string, text: string, values?: unknown[]) => queryOnce<R>(url(database), text, values),
    restart: () => ctl(name, 'restart'),
    drop,
  };
}
