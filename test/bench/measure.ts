/**
 * What the import benchmark (`pnpm bench:import`, fresh or `--into` a big hub) measures with: resident memory,
 * processor time of this process and of a database's backends, and the plain COPY baseline into the real tables.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The highest resident memory seen while `run` runs, and the resident memory it started from (what the process held already: a seeding here, the files). */
export async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number; startMb: number; seconds: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const result = await run();
    return {
      result,
      peakMb: Math.round(peak / 1024 / 1024),
      startMb: Math.round(startRss / 1024 / 1024),
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    clearInterval(timer);
  }
}

/** A process's user + system processor time in ms (/proc, clock ticks of 10 ms): what the machine's load barely moves. */
export function processorMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // gone (a pooled connection closed): its last figure is lost, a few ms at most
  }
}

/**
 * The processor time of every backend of a database while `run` runs (those that start during it counted
 * from zero), and this process's own: the work an import or a COPY costs, whatever else the machine runs.
 */
export async function processorTime<T>(url: string, run: () => Promise<T>): Promise<{ result: T; backendMs: number; nodeMs: number }> {
  const backends = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return new Map(rows.map((r) => [r.pid, processorMs(r.pid)]));
    } finally {
      await client.end();
    }
  };
  const before = await backends();
  const node = process.cpuUsage();
  const result = await run();
  const nodeUsed = process.cpuUsage(node);
  const after = await backends();
  let backendMs = 0;
  for (const [pid, ms] of after) backendMs += ms - (before.get(pid) ?? 0);
  return { result, backendMs, nodeMs: (nodeUsed.user + nodeUsed.system) / 1000 };
}

/** processor time as `s` (backend + this process) */
export const cpu = (t: { backendMs: number; nodeMs: number }) =>
  `CPU ${((t.backendMs + t.nodeMs) / 1000).toFixed(2)} s: backend ${(t.backendMs / 1000).toFixed(2)} s + node ${(t.nodeMs / 1000).toFixed(2)} s`;

/** The load average, as the figures are printed with it. */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/**
 * A plain COPY of households and members (COPY text of the tables' own columns) into the real tables (their
 * indexes, constraints, foreign keys and triggers), as the tables' owner, in one transaction, no audit rows;
 * committed (an empty county), or rolled back (a hub that must stay as it was). Row-level security does not
 * apply: PostgreSQL refuses COPY FROM into a table whose policies apply to the writer.
 */
export async function copyIntoTables(url: string, householdRows: Buffer, memberRows: Buffer, end: 'commit' | 'rollback') {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const cpuStart = processorMs(pid);
    const start = performance.now();
    await client.query('begin');
    await pipeline(Readable.from([householdRows]), client.query(copyFrom('copy household from stdin')));
    const members = client.query(copyFrom('copy member from stdin'));
    await pipeline(Readable.from([memberRows]), members);
    await client.query(end);
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = (processorMs(pid) - cpuStart) / 1000;
    return {
      rows: members.rowCount,
      rowsPerSecond: members.rowCount / seconds,
      rowsPerCpuSecond: members.rowCount / cpuSeconds,
      seconds,
      cpuSeconds,
    };
  } finally {
    await client.end();
  }
}
