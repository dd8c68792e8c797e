import { useCallback, useEffect, useRef, useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HubDataProvider, HubErrorBody } from '../dataProvider';
import { problemsFromRefusal, toChanges, undoOf, type RecordChange } from './changes';
import { isNewId, wireChange } from './newRows';
import type { CellProblem, GridField, PendingRow, SheetRecord } from './types';

type Id = SheetRecord['id'];

/** A stale version reported by the server: the record and what the clerk wanted to write to it. */
export interface Conflict {
  change: RecordChange;
  currentVersion: number;
}

/** The same cells with the same values (a later edit copies the patch, so identity says nothing). */
function samePatch(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** What a failed write carries (the data provider's HttpError `body`, see dataProvider/errors.ts). */
function failureOf(error: unknown): HubErrorBody | undefined {
  return (error as { body?: HubErrorBody } | null)?.body;
}

/**
 * The grid's unsaved edits and how they reach the server. Every edit (a typed cell, a pasted range, a fill,
 * an undo) becomes part of `pending` and everything pending is sent as ONE applyChanges: saved whole, or
 * kept — with each refused cell in `problems` — for the clerk to correct or discard. Saved records replace
 * the rows read until the list is read again (`readAt` changes; without it, when `rows` do). New rows (see
 * newRows.ts) are pending under their temporary id and saved as their placeholder's record.
 */
export function useSheetEdits(resource: string, rows: readonly SheetRecord[], columns: readonly GridField[], readAt?: unknown) {
  const dataProvider = useDataProvider<HubDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();

  const [pending, setPendingState] = useState<ReadonlyMap<Id, PendingRow>>(new Map());
  const pendingRef = useRef(pending);
  const setPending = (next: ReadonlyMap<Id, PendingRow>) => {
    pendingRef.current = next;
    setPendingState(next);
  };
  const [problems, setProblems] = useState<CellProblem[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  /** records saved since the page was read, by id */
  const [saved, setSaved] = useState<ReadonlyMap<Id, SheetRecord>>(new Map());
  /** what undoes each save, the last one last */
  const undoStack = useRef<RecordChange[][]>([]);
  const inFlight = useRef<Promise<void>>(Promise.resolve());

  // A fresh read of the page supersedes what was saved meanwhile (it includes it).
  const reading = readAt === undefined ? rows : readAt;
  useEffect(() => setSaved((old) => (old.size ? new Map() : old)), [reading]);

  const current = useCallback((record: SheetRecord) => saved.get(record.id) ?? record, [saved]);

  const send = useCallback(
    (toSend: ReadonlyMap<Id, PendingRow>, options: { undo?: boolean } = {}) => {
      const run = async () => {
        // what is pending when this turn comes (an undo sends its own changes): an edit made while an earlier
        // save was on its way goes out with the version that save produced, not the one it was read at
        const sending = options.undo ? toSend : pendingRef.current;
        const changes = toChanges(sending);
        if (!changes.length) return;
        setSaving(true);
        const before = new Map(rows.map((r) => [r.id, saved.get(r.id) ?? r]));
        try {
          const records = (await dataProvider.applyChanges(resource, { changes: changes.map(wireChange) })).data as SheetRecord[];
          // in the order of the changes: a new row's record under its temporary id too
          const byId = new Map(records.map((r, i) => [changes[i]?.id ?? r.id, r]));
          setSaved((old) => new Map([...old, ...byId]));
          if (!options.undo) {
            undoStack.current.push(
              changes.flatMap((change) => {
                const was = before.get(change.id);
                const now = byId.get(change.id);
                return was && now ? [undoOf(change, was, columns, now)] : [];
              }),
            );
          }
          // Edits made while this was on its way stay pending; what was sent is done.
          const left = new Map(pendingRef.current);
          for (const change of changes) {
            const still = left.get(change.id);
            if (!still) continue;
            const record = byId.get(change.id);
            if (samePatch(still.patch, change.patch)) left.delete(change.id);
            else if (isNewId(change.id) && record) {
              // typed into the new row while it was being created: those edits now go to the record
              left.delete(change.id);
              left.set(record.id, { version: record.version, patch: still.patch });
            } else left.set(change.id, { ...still, version: record?.version ?? still.version });
          }
          setPending(left);
          setProblems([]);
          notify(options.undo ? 'hub.grid.undone' : 'hub.grid.saved', {
            type: 'success',
            messageArgs: { count: changes.length },
            autoHideDuration: 2000,
          });
        } catch (error) {
          const failure = failureOf(error);
          const where = failure?.extensions as { id?: string; row?: number } | undefined;
          if (failure?.code === 'CONFLICT') {
            const change = changes.find((c) => String(c.id) === where?.id) ?? changes[where?.row ?? 0]!;
            setPending(options.undo ? toSend : pendingRef.current);
            setConflict({ change, currentVersion: failure.currentVersion ?? change.version });
          } else if (failure?.code === 'BAD_USER_INPUT' && failure.fields.length) {
            if (options.undo) setPending(toSend);
            setProblems(problemsFromRefusal(failure.fields, changes));
          } else {
            notify((error as Error).message || String(error), { type: 'error' });
          }
        } finally {
          setSaving(false);
        }
      };
      inFlight.current = inFlight.current.then(run, run);
      return inFlight.current;
    },
    [columns, dataProvider, notify, resource, rows, saved],
  );

  /** New pending edits (already merged with the old ones): shown at once, sent at once unless refused locally. */
  const edit = useCallback(
    (next: ReadonlyMap<Id, PendingRow>, localProblems: CellProblem[]) => {
      setPending(next);
      if (localProblems.length) {
        setProblems(localProblems);
        return;
      }
      void send(next);
    },
    [send],
  );

  const discard = useCallback(() => {
    setPending(new Map());
    setProblems([]);
    setConflict(null);
  }, []);

  const undo = useCallback(() => {
    if (pendingRef.current.size) return; // the unsaved edits come first: save or discard them
    const last = undoStack.current.pop();
    if (!last?.length) {
      notify('hub.grid.nothing_to_undo', { type: 'info', autoHideDuration: 1500 });
      return;
    }
    void send(new Map(last.map((c) => [c.id, { version: c.version, patch: c.patch }])), { undo: true });
  }, [notify, send]);

  /** After a conflict: write the same edits again over the version now current. */
  const reapply = useCallback(
    (latest: SheetRecord) => {
      setConflict(null);
      setSaved((old) => new Map([...old, [latest.id, latest]]));
      const next = new Map(pendingRef.current);
      const entry = next.get(latest.id);
      next.set(latest.id, { version: latest.version, patch: entry?.patch ?? conflict?.change.patch ?? {} });
      setPending(next);
      void send(next);
    },
    [conflict, send],
  );

  return {
    pending,
    problems,
    conflict,
    saving,
    current,
    edit,
    retry: () => send(pendingRef.current),
    discard,
    undo,
    reapply,
    closeConflict: () => setConflict(null),
    translate,
  };
}
