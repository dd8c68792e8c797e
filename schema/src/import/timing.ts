/**
 * HUB_IMPORT_TIMING=1 (for measuring): each step of an import prints on standard error the wall time since
 * the import started and since the step before, with the processor time this process and its database
 * backend spent on it. Processor time, read from /proc/<pid>/stat (the backend's, when the database runs on
 * this machine), moves little with the machine's load, which makes wall times noisy on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Tx } from './session';

export interface StepTimer {
  (label: string): void;
  /** the backend of this transaction's connection is the one measured from now on */
  measure(tx: Tx): Promise<void>;
}

/** A process's user + system processor time in ms (clock ticks of 10 ms), or null where /proc cannot tell. */
function processorMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function importTiming(): StepTimer {
  const enabled = !!process.env.HUB_IMPORT_TIMING;
  const started = performance.now();
  let last = started;
  let node = process.cpuUsage();
  let backend: { pid: number; ms: number } | null = null;
  const step = (label: string) => {
    if (!enabled) return;
    const now = performance.now();
    const nodeMs = process.cpuUsage(node);
    node = process.cpuUsage();
    let backendPart = '';
    const ms = backend && processorMs(backend.pid);
    if (backend && ms !== null) {
      backendPart = `, backend CPU ${ms - backend.ms} ms`;
      backend.ms = ms;
    }
    console.error(
      `${label}: ${Math.round(now - started)} ms (+${Math.round(now - last)} ms; node CPU ${Math.round((nodeMs.user + nodeMs.system) / 1000)} ms${backendPart})`,
    );
    last = now;
  };
  step.measure = async (tx: Tx) => {
    if (!enabled) return;
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
    const ms = processorMs(pid);
    backend = ms === null ? null : { pid, ms };
  };
  return step;
}
