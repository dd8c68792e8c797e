import { useEffect, useState, type ReactElement } from 'react';
import { List } from 'react-admin';
import type { ResourceSchema } from '../dataProvider';
import { ListActions } from '../resources/ListActions';
import { useFilterBar } from './filters';
import { SheetGrid, type SheetGridProps } from './SheetGrid';
import { BLOCK } from './block';
import { useRestShown } from './gridFirst';

const NONE: ReactElement[] = [];

/** where the filter bar's height is kept, by list: `{ width, height }` (the window's width it wraps at) */
const heightKey = (resource: string) => `FupinHub.filterBarHeight.${resource}`;

/**
 * The toolbar's height while the filter bar waits for the grid's first rows: as high as the filter bar was at
 * this window width the last time (so the grid does not move down when it comes), measured once it is shown.
 */
function useFilterBarHeight(resource: string, shown: boolean): number | undefined {
  const [kept] = useState(() => {
    try {
      const read = JSON.parse(localStorage.getItem(heightKey(resource)) ?? 'null') as { width: number; height: number } | null;
      return read?.width === window.innerWidth ? read.height : undefined;
    } catch {
      return undefined;
    }
  });
  useEffect(() => {
    if (!shown) return;
    const toolbar = document.querySelector('.RaList-actions');
    const height = toolbar?.getBoundingClientRect().height;
    if (height) localStorage.setItem(heightKey(resource), JSON.stringify({ width: window.innerWidth, height: Math.round(height) }));
  }, [shown, resource]);
  return shown ? undefined : kept;
}

export interface GridListProps extends SheetGridProps {
  resource: ResourceSchema;
  /** filterable fields shown in the filter bar at once (status, year, cause…); the rest are under "add filter" */
  filters?: readonly string[];
}

/**
 * Every resource's list page, a spreadsheet: react-admin's <List> keeps sort and filters (in the URL, per
 * resource) and reads the first block of rows through the data provider; the grid reads the rest as it
 * scrolls (no pages: the whole list is one scroll) and shows and, for those who may, edits them.
 */
export function GridList({ resource, filters: chosen, ...grid }: GridListProps) {
  // the filter bar once the grid has drawn its first rows (grid/gridFirst.ts), in a toolbar as high as it will be
  const bar = useFilterBar(resource, chosen);
  const shown = useRestShown();
  const filters = shown ? bar : NONE;
  const toolbarHeight = useFilterBarHeight(resource.name, shown);
  return (
    <List
      perPage={BLOCK}
      pagination={false}
      filters={filters}
      actions={<ListActions filters={filters} columns={grid.columns} />}
      sort={resource.order}
      exporter={false}
      empty={false}
      sx={{ '& .RaList-main': { minWidth: 0 }, '& .RaList-actions': { minHeight: toolbarHeight } }}
    >
      <SheetGrid {...grid} />
    </List>
  );
}
