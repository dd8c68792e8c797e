import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useDataProvider, useListContext } from 'react-admin';
import { BLOCK } from './block';
import type { SheetRecord } from './types';

/** The rows the grid shows (from its first to its last + 1). */
export interface VisibleRows {
  y: number;
  height: number;
}

/**
 * The whole filtered list as one scroll: react-admin's <List> keeps filter and sort (in the URL) and reads
 * the first block; the other blocks of BLOCK rows are read as they come into view (and one below), each once
 * per reading of the list. A new filter or sort, or a fresh read of the first block, starts a new reading:
 * `generation` tells the edits that what they saved is now part of what is read.
 */
export function useScrollRows(resource: string) {
  const dataProvider = useDataProvider();
  const { data, total, page, perPage, filterValues, sort } = useListContext<SheetRecord>();
  const [blocks, setBlocks] = useState<ReadonlyMap<number, readonly SheetRecord[]>>(new Map());
  const [visible, setVisible] = useState<VisibleRows>({ y: 0, height: 0 });
  const asked = useRef(new Set<number>());

  // the list's first block, when <List> read exactly that (it does, with perPage = BLOCK on page 1)
  const first = page === 1 && perPage === BLOCK ? data : undefined;
  const listKey = JSON.stringify({ filterValues, sort });
  const generation = useMemo(() => ({ listKey, first }), [listKey, first]);
  useEffect(() => {
    asked.current = new Set();
    setBlocks(new Map());
  }, [generation]);

  const count = total ?? first?.length ?? 0;
  useEffect(() => {
    const last = Math.min(Math.floor((visible.y + visible.height) / BLOCK) + 1, Math.ceil(count / BLOCK) - 1);
    const wanted: number[] = [];
    for (let b = Math.floor(visible.y / BLOCK); b <= last; b++) if (!(b === 0 && first) && !asked.current.has(b)) wanted.push(b);
    if (!wanted.length) return;
    const reading = asked.current;
    for (const b of wanted) reading.add(b);
    for (const b of wanted) {
      dataProvider.getList<SheetRecord>(resource, { pagination: { page: b + 1, perPage: BLOCK }, sort, filter: filterValues }).then(
        ({ data: rows }) => {
          if (asked.current === reading) setBlocks((old) => new Map([...old, [b, rows]]));
        },
        () => reading.delete(b), // asked again when next in view
      );
    }
  }, [visible, count, first, dataProvider, resource, sort, filterValues]);

  /** every row read so far, by its place in the list (rows not read yet are holes) */
  const rows = useMemo(() => {
    const all: SheetRecord[] = new Array<SheetRecord>(count);
    const place = (b: number, records: readonly SheetRecord[]) =>
      records.forEach((r, i) => b * BLOCK + i < count && (all[b * BLOCK + i] = r));
    if (first) place(0, first);
    for (const [b, records] of blocks) place(b, records);
    return all;
  }, [count, first, blocks]);
  const loaded = useMemo(() => rows.filter(Boolean), [rows]);

  const onVisibleRegionChanged = useCallback((range: { y: number; height: number }) => {
    setVisible((old) => (old.y === range.y && old.height === range.height ? old : { y: range.y, height: range.height }));
  }, []);

  return { rows, loaded, count, generation, onVisibleRegionChanged };
}
