import { Stack, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import {
  AutocompleteInput,
  NumberInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  useDataProvider,
  useListFilterContext,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { useGridFields } from './useGridFields';

/**
 * The grid's filter bar: inputs for react-admin's <List filters>, each a filter the server applies (the
 * data provider turns `status` into `status: { eq }`, `townshipId` into the division shortcut, `q` into a
 * search over the type's text fields). Only fields the schema says are filterable are offered.
 */

interface FilterProps {
  source: string;
  alwaysOn?: boolean;
}

/** 乡镇 → 行政村: the division tree as two linked pickers (a village list narrowed to the township). */
export function DivisionFilter(_props: FilterProps) {
  const translate = useTranslate();
  const { filterValues } = useListFilterContext();
  const townshipId = filterValues['townshipId'] as string | undefined;
  return (
    <Stack direction="row" spacing={1}>
      <ReferenceInput source="townshipId" reference="townships" sort={{ field: 'code', order: 'ASC' }} perPage={100}>
        <AutocompleteInput label={translate('hub.grid.township')} optionText="name" sx={{ minWidth: 160 }} />
      </ReferenceInput>
      <ReferenceInput source="villageId" reference="villages" filter={townshipId ? { townshipId } : {}} sort={{ field: 'code', order: 'ASC' }} perPage={500}>
        <AutocompleteInput label={translate('hub.grid.village')} optionText="name" sx={{ minWidth: 160 }} />
      </ReferenceInput>
    </Stack>
  );
}

/** A code-table field (status, cause…) as a dropdown of its Chinese labels. */
export function ChoiceFilter({ source }: FilterProps) {
  const resource = useResourceContext() ?? '';
  const field = useGridFields(resource)?.find((f) => f.source === source);
  return (
    <SelectInput
      source={source}
      label={field?.label ?? source}
      choices={(field?.choices ?? []).map((c) => ({ id: c.value, name: c.label }))}
      sx={{ minWidth: 140 }}
    />
  );
}

/** A year (identification, exit, project year). */
export function YearFilter({ source }: FilterProps) {
  const resource = useResourceContext() ?? '';
  const field = useGridFields(resource)?.find((f) => f.source === source);
  return <NumberInput source={source} label={field?.label ?? source} min={2000} max={2100} sx={{ width: 120 }} />;
}

/** The plain search box (`q`: the server's text fields). */
export function SearchFilter({ source }: FilterProps) {
  return <SearchInput source={source} />;
}

const RESIDENT_ID = /^[0-9]{17}[0-9Xx]$/;
const HOUSEHOLD_NUMBER = /^[0-9]{6,20}$/;

/**
 * Households are found the way clerks know them: by the head's (or any member's) name or resident ID
 * number, or by the household number. Names and ID numbers live on members, so the members found (one
 * request) narrow the households to theirs (`id_in`); digits search the household number and phone (`q`).
 */
export function HouseholdSearchFilter(_props: FilterProps) {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const { filterValues, setFilters, displayedFilters } = useListFilterContext();
  const [text, setText] = useState('');
  /** the last search started: an older one answering late must not replace its result */
  const latest = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => {
      const wanted = text.trim();
      const rest = Object.fromEntries(Object.entries(filterValues).filter(([key]) => key !== 'q' && key !== 'id_in'));
      latest.current += 1;
      if (!wanted) {
        if ('q' in filterValues || 'id_in' in filterValues) setFilters(rest, displayedFilters);
        return;
      }
      if (HOUSEHOLD_NUMBER.test(wanted) && !RESIDENT_ID.test(wanted)) {
        setFilters({ ...rest, q: wanted }, displayedFilters);
        return;
      }
      const memberFilter = RESIDENT_ID.test(wanted) ? { residentId: wanted.toUpperCase() } : { name_contains: wanted };
      const search = ++latest.current;
      void dataProvider
        .getList('members', { filter: memberFilter, pagination: { page: 1, perPage: 500 }, sort: { field: 'id', order: 'ASC' } })
        .then(({ data }) => {
          if (search !== latest.current) return;
          const households = [...new Set(data.map((m) => String(m['householdId'])))];
          // no member matches: an empty id_in, which no household passes (rather than every household)
          setFilters({ ...rest, id_in: households }, displayedFilters);
        });
    }, 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs for what was typed, not for every filter change it causes
  }, [text]);

  return (
    <TextField
      size="small"
      value={text}
      onChange={(e) => setText(e.target.value)}
      placeholder={translate('hub.grid.search')}
      slotProps={{ htmlInput: { 'aria-label': translate('hub.grid.search'), 'data-testid': 'household-search' } }}
      sx={{ minWidth: 300, mb: '4px' }}
    />
  );
}
