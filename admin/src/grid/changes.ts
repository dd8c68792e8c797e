import type { CellProblem, GridField, PendingRow, SheetRecord } from './types';

/** One cell to write: where it is and the value typed, pasted or filled into it. */
export interface CellEdit {
  row: number;
  col: number;
  value: unknown;
}

/** One entry of `applyChanges`: a record, the version it was read at, and its edited fields. */
export interface RecordChange {
  id: SheetRecord['id'];
  version: number;
  patch: Record<string, unknown>;
}

export interface Plan {
  /** the edits, merged into whatever was still pending, row by row */
  pending: Map<SheetRecord['id'], PendingRow>;
  /** cells refused before anything is sent (a read-only column, past the page's last row) */
  problems: CellProblem[];
}

export interface PlanMessages {
  readOnly: (label: string) => string;
  pastLastRow: string;
}

/**
 * Turns edited cells (one typed cell, a pasted range, a fill) into per-record patches, added to the edits
 * still pending. A cell the clerk may not write is refused here, so that the range is saved whole or not
 * at all, like the server's applyChanges.
 */
export function planEdits(
  edits: readonly CellEdit[],
  rows: readonly SheetRecord[],
  columns: readonly GridField[],
  pending: ReadonlyMap<SheetRecord['id'], PendingRow>,
  readOnly: boolean,
  messages: PlanMessages,
): Plan {
  const next = new Map([...pending].map(([id, row]) => [id, { version: row.version, patch: { ...row.patch } }]));
  const problems: CellProblem[] = [];
  for (const { row, col, value } of edits) {
    const field = columns[col];
    if (!field) continue; // past the last column: Excel drops it too
    const record = rows[row];
    if (!record) {
      problems.push({ id: `row:${row}`, field: field.input, message: messages.pastLastRow });
      continue;
    }
    if (readOnly || !field.editable) {
      problems.push({ id: record.id, field: field.input, message: messages.readOnly(field.label) });
      continue;
    }
    const entry = next.get(record.id) ?? { version: record.version, patch: {} };
    entry.patch[field.input] = value;
    next.set(record.id, entry);
  }
  return { pending: next, problems };
}

export function toChanges(pending: ReadonlyMap<SheetRecord['id'], PendingRow>): RecordChange[] {
  return [...pending].map(([id, { version, patch }]) => ({ id, version, patch }));
}

/**
 * The server's per-cell refusals (BAD_USER_INPUT `extensions.fields`, each with the change's `row` and the
 * record `id`) as cell problems. A refusal of the whole record (field `id`) marks every edited cell of it.
 */
export function problemsFromRefusal(
  fields: ReadonlyArray<{ field?: string; message?: string; row?: number; id?: string }>,
  changes: readonly RecordChange[],
): CellProblem[] {
  return fields.flatMap((f) => {
    const change = typeof f.row === 'number' ? changes[f.row] : changes.find((c) => String(c.id) === f.id);
    if (!change) return [];
    const message = f.message ?? '';
    if (!f.field || f.field === 'id') return Object.keys(change.patch).map((field) => ({ id: change.id, field, message }));
    return [{ id: change.id, field: f.field, message }];
  });
}

/**
 * What undoes a saved change: the same fields set back to the values the record had before, as a new
 * edit against the version the save produced (so it is audited like any edit).
 */
export function undoOf(change: RecordChange, before: SheetRecord, columns: readonly GridField[], after: SheetRecord): RecordChange {
  const patch: Record<string, unknown> = {};
  for (const input of Object.keys(change.patch)) {
    const field = columns.find((c) => c.input === input);
    if (field) patch[input] = field.kind === 'reference' ? referenceId(before, field) : (before[field.source] ?? null);
  }
  return { id: change.id, version: after.version, patch };
}

/** The id a reference field holds, whichever shape the provider gives it: `villageId`, `village: id`, `village: {id}`. */
export function referenceId(record: SheetRecord, field: GridField): string | null {
  const direct = record[field.input];
  if (direct !== undefined && direct !== null && typeof direct !== 'object') return String(direct);
  const nested: unknown = record[field.source];
  if (nested === null || nested === undefined) return null;
  if (typeof nested === 'object') return String((nested as { id?: unknown }).id ?? '') || null;
  return String(nested);
}
