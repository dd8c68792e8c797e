import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useDataProvider, type RaRecord } from 'react-admin';
import { referenceId } from './changes';
import { recordLookups } from './recordLookups';
import type { GridField, PendingRow, SheetRecord } from './types';

/** A hub record ID (base64 of "Type:number"), as opposed to a name typed into a link cell. */
function isRecordId(text: string): boolean {
  try {
    return /^[A-Za-z0-9+/]+=*$/.test(text) && /^[A-Za-z]+:[0-9]+$/.test(atob(text));
  } catch {
    return false;
  }
}

/**
 * The names of the records the page's reference cells point to: ONE getMany per reference column and page
 * (never one request per row), remembered across pages for the session of the grid. Ids already asked for
 * and not answered yet are not asked again when the rows change meanwhile: their request is awaited.
 */
export function useReferenceNames(
  rows: readonly SheetRecord[],
  columns: readonly GridField[],
  pending: ReadonlyMap<SheetRecord['id'], PendingRow>,
) {
  const dataProvider = useDataProvider();
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());

  const wanted = useMemo(() => {
    const byResource = new Map<string, { field: GridField; ids: Set<string> }>();
    for (const field of columns) {
      if (!field.reference) continue;
      const entry = byResource.get(field.reference.resource) ?? { field, ids: new Set<string>() };
      for (const row of rows) {
        const id = referenceId(row, field);
        if (id && !known.has(`${field.reference.resource}:${id}`)) entry.ids.add(id);
      }
      // records picked in a link cell's editor and not saved yet (a name typed as text is not an ID)
      for (const { patch } of pending.values()) {
        const id = patch[field.input];
        if (typeof id === 'string' && isRecordId(id) && !known.has(`${field.reference.resource}:${id}`)) entry.ids.add(id);
      }
      byResource.set(field.reference.resource, entry);
    }
    return [...byResource].filter(([, { ids }]) => ids.size > 0);
  }, [rows, columns, known, pending]);

  // one per grid: the requests in flight it shares between renders
  const lookUp = useMemo(
    () =>
      recordLookups(async (resource, ids) => {
        const { data } = await dataProvider.getMany<RaRecord>(resource, { ids });
        return new Map(data.map((record) => [String(record.id), record]));
      }),
    [dataProvider],
  );
  // the names land whenever they come while the grid is there, even when the rows changed since they were asked
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!wanted.length) return;
    void Promise.all(
      wanted.map(async ([resource, { field, ids }]) =>
        (await lookUp(resource, ids)).map(([id, record]) => [`${resource}:${id}`, record ? field.reference!.nameOf(record) : '—'] as const),
      ),
    ).then(
      (entries) => {
        // an id that does not come back (deleted, or outside the reader's scope) is remembered as unnamed,
        // so it is not asked for again on every render
        // (both asks of an id in flight answer it: the second finds it known, and the grid is not drawn again)
        const named = entries.flat();
        if (mounted.current) setKnown((old) => (named.every(([key, name]) => old.get(key) === name) ? old : new Map([...old, ...named])));
      },
      () => {
        // names are a convenience: a failed lookup leaves '…' in the cells, the page itself still works
      },
    );
  }, [wanted, lookUp]);

  // stable between renders, so the grid only redraws its cells when a name arrives
  return useCallback(
    (field: GridField, record: SheetRecord): string => {
      const id = referenceId(record, field);
      if (!id || !field.reference) return '';
      return known.get(`${field.reference.resource}:${id}`) ?? (isRecordId(id) ? '…' : id);
    },
    [known],
  );
}
