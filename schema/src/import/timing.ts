/**
 * HUB_IMPORT_TIMING=1 (for measuring): each step of an import prints on standard error the wall time since
 * the import started and since the step before, with the processor time this process and its database
 * backend spent on it. Processor time, read from /proc/<pid>/stat (the backend's, when the database runs on
 * this machine), moves little with the machine's load, which makes wall times noisy on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from './session';

export interface StepTimer {
  (label: string): void;
  /** the backend of this transaction's connection is the one measured from now on */
  measure(tx: Tx): Promise<void>;
  /**
   * Runs one statement of the merge. When measuring, it runs under EXPLAIN ANALYZE (which executes it, once, as
   * it would run anyway) and prints where its time went inside: each plan node's own time (the record insert,
   * its audit rows, the staged rows read) and each trigger it fired (row security aside, the statement
   * triggers and the foreign keys' checks, with their calls): a statement's parts cannot be timed from outside.
   */
  statement(tx: Tx, label: string, query: RawBuilder<unknown>): Promise<void>;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'CTE Name'?: string;
  'Subplan Name'?: string;
  'Parent Relationship'?: string;
  'Actual Total Time'?: number;
  'Actual Loops'?: number;
  'Actual Rows'?: number;
  'Temp Written Blocks'?: number;
  Plans?: PlanNode[];
}

interface ExplainedStatement {
  Plan: PlanNode;
  Triggers?: { 'Trigger Name': string; Relation?: string; Time: number; Calls: number }[];
  'Execution Time': number;
  JIT?: { Functions: number; Timing: Record<string, number | Record<string, number>> };
}

/**
 * One line a plan node that took time of its own (its total less its children's), then one a trigger. A CTE's
 * plan hangs under the statement's top node but runs inside the CTE Scan that reads it: its time is taken from
 * that scan's, not the top node's.
 */
function itemised(explained: ExplainedStatement): string[] {
  const lines: string[] = [];
  const total = (n: PlanNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);
  const ctes = new Map<string, number>();
  const isCte = (n: PlanNode) => n['Parent Relationship'] === 'InitPlan' && (n['Subplan Name'] ?? '').startsWith('CTE ');
  const collect = (node: PlanNode) => {
    if (isCte(node)) ctes.set(node['Subplan Name']!.slice(4), total(node));
    node.Plans?.forEach(collect);
  };
  collect(explained.Plan);
  const walk = (node: PlanNode, depth: number) => {
    const children = (node.Plans ?? []).filter((child) => !isCte(child)).reduce((sum, child) => sum + total(child), 0);
    const cte = node['Node Type'] === 'CTE Scan' ? (ctes.get(node['CTE Name'] ?? '') ?? 0) : 0;
    const own = total(node) - children - cte;
    const name = [
      node['Node Type'],
      node['Relation Name'] ?? node['CTE Name'] ?? '',
      node['Subplan Name'] ? `(${node['Subplan Name']})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const spilled = node['Temp Written Blocks'] ? `, ${node['Temp Written Blocks']} temp blocks written` : '';
    if (own >= 5) lines.push(`${'  '.repeat(depth)}${name}: ${Math.round(own)} ms own, ${node['Actual Rows'] ?? 0} rows${spilled}`);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(explained.Plan, 1);
  for (const trigger of explained.Triggers ?? [])
    lines.push(
      `  trigger ${trigger['Trigger Name']} on ${trigger.Relation ?? '?'}: ${Math.round(trigger.Time)} ms, ${trigger.Calls} calls`,
    );
  if (explained.JIT) {
    const total = explained.JIT.Timing.Total;
    lines.push(`  JIT compilation of ${explained.JIT.Functions} functions: ${typeof total === 'number' ? Math.round(total) : '?'} ms`);
  }
  lines.push(`  statement in all: ${Math.round(explained['Execution Time'])} ms`);
  return lines;
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
  step.statement = async (tx: Tx, label: string, query: RawBuilder<unknown>) => {
    if (!enabled) {
      await query.execute(tx);
      return;
    }
    const row = (await sql<Record<string, unknown>>`explain (analyze, buffers, format json) ${query}`.execute(tx)).rows[0]!;
    const explained = (Object.values(row)[0] as ExplainedStatement[])[0]!;
    step(label);
    console.error(itemised(explained).join('\n'));
  };
  return step;
}
