import { Stack } from '@mui/material';
import type { ReactElement } from 'react';
import { AutocompleteInput, ReferenceInput, SearchInput, useGetList, useListFilterContext, useTranslate } from 'react-admin';
import { useLabel, type ResourceSchema } from '../dataProvider';
import { filterElement } from '../resources/fieldElements';

/**
 * The one filter bar of every list, built from the record type's metadata: the search box, the division
 * pickers where the type sits among divisions, the fields the resource chose (shown at once), then every
 * other field the hub lets this user filter on, offered under "add filter". Each becomes a filter the hub
 * applies (dataProvider/records.ts toFilter); a field the user reads masked is never offered.
 */
export function useFilterBar(resource: ResourceSchema, chosen: readonly string[] = []): ReactElement[] {
  const labelOf = useLabel();
  const translate = useTranslate();
  const filters: ReactElement[] = [];
  // the hub's own search (households: number, any member's name, ID number) or the type's text fields
  if (resource.search || resource.searchFields.some((f) => !f.masked)) {
    const hint = resource.search ? labelOf(resource.search) : translate('ra.action.search');
    filters.push(
      <SearchInput
        key="q"
        source="q"
        alwaysOn
        placeholder={hint}
        sx={{ minWidth: 300 }}
        slotProps={{ htmlInput: { 'aria-label': hint, 'data-testid': 'list-search' } }}
      />,
    );
  }
  if (resource.shortcuts.length) filters.push(<DivisionFilter key="division" source="division" shortcuts={resource.shortcuts} alwaysOn />);
  const offered = resource.fields.filter((f) => f.filterName && !f.masked && !resource.shortcuts.includes(f.name));
  const rank = (name: string) => (chosen.includes(name) ? chosen.indexOf(name) : chosen.length);
  for (const field of [...offered].sort((a, b) => rank(a.name) - rank(b.name))) {
    filters.push(filterElement(field, labelOf(field.label), chosen.includes(field.name)));
  }
  return filters;
}

/** The divisions, widest first: each picker is narrowed to the nearest wider one chosen. */
const DIVISIONS = [
  { source: 'countyId', reference: 'counties', label: 'hub.grid.county', perPage: 200 },
  { source: 'townshipId', reference: 'townships', label: 'hub.grid.township', perPage: 100 },
  { source: 'villageId', reference: 'villages', label: 'hub.grid.village', perPage: 25 },
];

/**
 * 县 → 乡镇 → 行政村: the division shortcuts the type has, as linked pickers (the townships narrowed to the
 * county, the villages to the township or county), each listing the divisions by code, found by name. The
 * county picker only where the user sees more than one county (a multi-county hub, issue 16): a one-county
 * hub looks as it always did.
 */
function DivisionFilter({ shortcuts }: { source: string; shortcuts: readonly string[]; alwaysOn: boolean }) {
  const translate = useTranslate();
  const { filterValues } = useListFilterContext();
  const { total: counties } = useGetList('counties', { pagination: { page: 1, perPage: 1 } }, { enabled: shortcuts.includes('countyId') });
  const offered = DIVISIONS.filter((d) => shortcuts.includes(d.source) && (d.source !== 'countyId' || (counties ?? 0) > 1));
  return (
    <Stack direction="row" spacing={1}>
      {offered.map(({ source, reference, label, perPage }) => {
        const wider = DIVISIONS.slice(
          0,
          DIVISIONS.findIndex((d) => d.source === source),
        )
          .reverse()
          .find((d) => filterValues[d.source]);
        return (
          <ReferenceInput
            key={source}
            source={source}
            reference={reference}
            filter={wider ? { [wider.source]: filterValues[wider.source] as string } : {}}
            sort={{ field: 'code', order: 'ASC' }}
            perPage={perPage}
          >
            <AutocompleteInput label={translate(label)} optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 160 }} />
          </ReferenceInput>
        );
      })}
    </Stack>
  );
}
