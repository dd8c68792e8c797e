import { Stack, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { AutocompleteInput, ReferenceInput, useDataProvider, useListFilterContext, useTranslate } from 'react-admin';

/**
 * The grid's own filter inputs (the per-field ones are the admin's filterElement): the division tree and
 * the households search. Each becomes a filter the server applies (see dataProvider/records.ts toFilter).
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
        <AutocompleteInput label={translate('hub.grid.township')} optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 160 }} />
      </ReferenceInput>
      <ReferenceInput source="villageId" reference="villages" filter={townshipId ? { townshipId } : {}} sort={{ field: 'code', order: 'ASC' }} perPage={25}>
        <AutocompleteInput label={translate('hub.grid.village')} optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 160 }} />
      </ReferenceInput>
    </Stack>
  );
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
    // (runs for what was typed, not for every filter change it causes)
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
