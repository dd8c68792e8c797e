import type { ReactElement } from 'react';
import { List, Pagination, type SortPayload } from 'react-admin';
import { SheetGrid, type SheetGridProps } from './SheetGrid';

export interface GridListProps extends SheetGridProps {
  /** the filter bar's inputs (filters.tsx), all shown at once */
  filters?: ReactElement[];
  sort?: SortPayload;
}

/** Page sizes a clerk may choose: the hub serves at most 500 rows a page. */
const PAGE_SIZES = [100, 200, 500];

/**
 * A resource's list page as a spreadsheet: react-admin's <List> keeps page, page size, sort and filters
 * (in the URL, per resource) and fetches the page through the data provider; the grid shows and edits it.
 */
export function GridList({ filters, sort, ...grid }: GridListProps) {
  return (
    <List
      perPage={100}
      pagination={<Pagination rowsPerPageOptions={PAGE_SIZES} />}
      filters={filters}
      sort={sort ?? { field: 'id', order: 'ASC' }}
      exporter={false}
      empty={false}
      sx={{ '& .RaList-main': { minWidth: 0 } }}
    >
      <SheetGrid {...grid} />
    </List>
  );
}
