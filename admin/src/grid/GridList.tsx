import { List } from 'react-admin';
import type { ResourceSchema } from '../dataProvider';
import { ListActions } from '../resources/ListActions';
import { useFilterBar } from './filters';
import { SheetGrid, type SheetGridProps } from './SheetGrid';
import { BLOCK } from './block';

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
  const filters = useFilterBar(resource, chosen);
  return (
    <List
      perPage={BLOCK}
      pagination={false}
      filters={filters}
      actions={<ListActions filters={filters} columns={grid.columns} />}
      sort={resource.order}
      exporter={false}
      empty={false}
      sx={{ '& .RaList-main': { minWidth: 0 } }}
    >
      <SheetGrid {...grid} />
    </List>
  );
}
