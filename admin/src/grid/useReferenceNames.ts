import { useCallback, useEffect, useMemo, useState } from 'react';
import { useDataProvider, type RaRecord } from 'react-admin';
import { referenceId } from './changes';
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
 * (never one request per row), remembered across pages for the session of the grid.
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

  useEffect(() => {
    if (!wanted.length) return;
    let live = true;
    void Promise.all(
      wanted.map(async ([resource, { field, ids }]) => {
        const { data } = await dataProvider.getMany<RaRecord>(resource, { ids: [...ids] });
        const names = new Map(data.map((record) => [String(record.id), field.reference!.nameOf(record)]));
        // an id that does not come back (deleted, or outside the reader's scope) is remembered as unnamed,
        // so it is not asked for again on every render
        return [...ids].map((id) => [`${resource}:${id}`, names.get(id) ?? '—'] as const);
      }),
    ).then(
      (entries) => {
        if (live) setKnown((old) => new Map([...old, ...entries.flat()]));
      },
      () => {
        // names are a convenience: a failed lookup leaves '…' in the cells, the page itself still works
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, dataProvider]);

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
