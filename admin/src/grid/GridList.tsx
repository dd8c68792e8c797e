import type { ReactElement } from 'react';
import { List, SearchInput, useResourceContext, useTranslate, type SortPayload } from 'react-admin';
import { useLabel, useResourceSchema } from '../dataProvider';
import { filterElement } from '../resources/fieldElements';
import { ListActions } from '../resources/ListActions';
import { DivisionFilter, HouseholdSearchFilter } from './filters';
import { SheetGrid, type SheetGridProps } from './SheetGrid';
import { BLOCK } from './useScrollRows';

export interface GridListProps extends SheetGridProps {
  /** fields offered in the filter bar (status, year, cause…), shown at once; only those the server filters on */
  filters?: readonly string[];
  /** the search box: `q` over the type's text fields, or households by member name and ID number */
  search?: 'q' | 'households';
  sort?: SortPayload;
}

/**
 * A resource's list page as a spreadsheet: react-admin's <List> keeps sort and filters (in the URL, per
 * resource) and reads the first block of rows through the data provider; the grid reads the rest as it
 * scrolls (no pages: the whole list is one scroll) and shows and edits them.
 * The filter bar: the search box, the division tree where the type has one, then the chosen fields.
 */
export function GridList({ filters: filterFields = [], search = 'q', sort, ...grid }: GridListProps) {
  const resource = useResourceSchema(useResourceContext() ?? '');
  const labelOf = useLabel();
  const translate = useTranslate();
  const filters: ReactElement[] = [];
  if (search === 'households') filters.push(<HouseholdSearchFilter key="search" source="search" alwaysOn />);
  else if (resource?.searchFields.length) filters.push(<SearchInput key="q" source="q" alwaysOn placeholder={translate('ra.action.search')} />);
  if (resource?.shortcuts.includes('townshipId')) filters.push(<DivisionFilter key="division" source="division" alwaysOn />);
  for (const name of filterFields) {
    const field = resource?.fields.find((f) => f.name === name);
    if (field?.filterName) filters.push(filterElement(field, labelOf(field.label), true));
  }
  return (
    <List
      perPage={BLOCK}
      pagination={false}
      filters={filters}
      actions={<ListActions filters={filters} columns={grid.columns} />}
      sort={sort ?? { field: 'id', order: 'ASC' }}
      exporter={false}
      empty={false}
      sx={{ '& .RaList-main': { minWidth: 0 } }}
    >
      <SheetGrid {...grid} />
    </List>
  );
}
