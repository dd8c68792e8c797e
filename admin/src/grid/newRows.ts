import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeToSend } from '../dataProvider';
import type { RecordChange } from './changes';
import type { CellProblem, GridField, PendingRow, SheetRecord } from './types';

/**
 * New records typed or pasted below the list's last row. Each new row is a placeholder record with a
 * temporary id (`new:1`…) until it is saved: its edits are pending under that id like any other row's,
 * go out in the same applyChanges (without id, so the server creates the record), and the saved record
 * then stands in for the placeholder (useSheetEdits' `current`) until the list is read again.
 */
const NEW = 'new:';

export function isNewId(id: SheetRecord['id']): boolean {
  return String(id).startsWith(NEW);
}

/** What applyChanges is sent for a pending row: a new one without id and version (the provider adds its type). */
export function wireChange(change: RecordChange): ChangeToSend {
  return isNewId(change.id) ? { patch: change.patch } : change;
}

/** Each required field a pending new row does not have yet, as a problem of its cell. */
export function requiredMissing(
  pending: ReadonlyMap<SheetRecord['id'], PendingRow>,
  fields: readonly GridField[],
  message: (label: string) => string,
): CellProblem[] {
  return [...pending].flatMap(([id, { patch }]) =>
    isNewId(id)
      ? fields
          .filter((f) => f.required && f.editable && (patch[f.input] === undefined || patch[f.input] === null || patch[f.input] === ''))
          .map((f) => ({ id, field: f.input, message: message(f.label) }))
      : [],
  );
}

/**
 * A new row's starting values from the list's filter: a filter on a reference the clerk may set (the village
 * chosen in the division tree, a member list's household) is where the new record goes.
 */
export function defaultsFromFilter(filter: Record<string, unknown>, fields: readonly GridField[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((f) => f.reference && f.editable && typeof filter[f.input] === 'string').map((f) => [f.input, filter[f.input]]),
  );
}

/**
 * The new rows below the list: `slots` (pending or saved since the list was read) and the empty row under
 * them where typing starts the next one. A new reading of the list keeps only the rows still pending (the
 * saved ones are in it now).
 */
export function useNewRows(generation: unknown, pending: ReadonlyMap<SheetRecord['id'], PendingRow>, defaults: Record<string, unknown>) {
  const counter = useRef(0);
  const [slots, setSlots] = useState<readonly SheetRecord[]>([]);
  /** the rows each edit added, the last one last (Ctrl+Z takes them away again while unsaved) */
  const added = useRef<SheetRecord['id'][][]>([]);
  const placeholder = useCallback((): SheetRecord => ({ id: `${NEW}${++counter.current}`, version: 0, ...defaults }), [defaults]);
  const [blank, setBlank] = useState<SheetRecord>(placeholder);
  // the empty row follows the filter (its village) until something is typed into it
  useEffect(() => setBlank(placeholder()), [placeholder]);

  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  useEffect(() => {
    setSlots((old) => {
      const kept = old.filter((slot) => pendingRef.current.has(slot.id));
      return kept.length === old.length ? old : kept;
    });
  }, [generation]);

  /** Placeholders for `count` rows from the empty row on (a paste may run further down than it). */
  const candidates = useCallback(
    (count: number): SheetRecord[] => [blank, ...Array.from({ length: Math.max(count - 1, 0) }, placeholder)],
    [blank, placeholder],
  );

  /** The candidates that received edits become new rows; a fresh empty row goes under them. */
  const add = useCallback(
    (created: readonly SheetRecord[]) => {
      if (!created.length) return;
      setSlots((old) => [...old, ...created]);
      added.current.push(created.map((r) => r.id));
      if (created.includes(blank)) setBlank(placeholder());
    },
    [blank, placeholder],
  );

  /** The ids of the unsaved new rows the last edit added (for Ctrl+Z), taken off the grid; none if they were saved. */
  const takeBackLast = useCallback((): SheetRecord['id'][] => {
    const last = added.current.at(-1)?.filter((id) => pendingRef.current.has(id));
    if (!last?.length) return [];
    added.current.pop();
    setSlots((old) => old.filter((slot) => !last.includes(slot.id)));
    return last;
  }, []);

  return { slots, blank, candidates, add, takeBackLast };
}
