import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { QUERY_OPTIONS, useFormat, useHubQuery, useScopeLabel, type Area } from './data';
import { ALIASES_PER_REQUEST, TOWNSHIPS, VILLAGES, overviewsDocument, villageFilter, type RecordPeriod } from './queries';
import { graphql } from '../graphql';
import { CHART_HEIGHT, FigureCard, FigureTable, combined, labelWidth, type CardData, type Column } from './FigureCard';

interface Overview {
  year: number;
  incidence: number | null;
  poorPeople: number;
  exitedPeople: number;
  ruralPopulation: number;
}

function useOverviews(name: string, divisionIds: (string | null)[], years: readonly number[], enabled = true) {
  const perRequest = Math.max(1, Math.floor(ALIASES_PER_REQUEST / years.length));
  const chunks = Array.from({ length: Math.ceil(divisionIds.length / perRequest) }, (_, c) =>
    divisionIds.slice(c * perRequest, (c + 1) * perRequest),
  );
  const results = useQueries({
    queries: chunks.map((ids) => {
      const variables = Object.fromEntries(ids.map((id, i) => [`d${i}`, id]));
      return {
        queryKey: ['dashboard', name, years, variables],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          graphql<Record<string, Overview>>(overviewsDocument(name, ids.length, years), variables, { signal }),
        ...QUERY_OPTIONS,
        enabled,
      };
    }),
  });
  /** the figures of division i in a year */
  const at = (i: number, year: number) => results[Math.floor(i / perRequest)]?.data?.[`d${i % perRequest}_${year}`];
  const state: CardData = enabled ? combined(...results) : { isPending: true, error: null, refetch: () => undefined };
  return { result: state, at };
}

/** Table columns of a division's figures for a year (an incidence in percent, people counted). */
function figureColumns<R extends { figures: Overview | undefined }>(
  translate: (key: string) => string,
  format: ReturnType<typeof useFormat>,
  figures: Exclude<keyof Overview, 'year'>[],
): Column<R>[] {
  return figures.map((figure) => ({
    label: translate(`hub.dashboard.years.${figure}`),
    value: (r) => (figure === 'incidence' ? format.oneDecimal(r.figures?.incidence) : format.integer(r.figures?.[figure])),
    numeric: true,
  }));
}

/** Incidence at each year's end, for the county (or each division of a clerk's scope), over the years of the records. */
export const IncidenceByYear = ({ areas, period }: { areas: Area[]; period: RecordPeriod }) => {
  const years = period.years;
  const translate = useTranslate();
  const format = useFormat();
  const scopeLabel = useScopeLabel(areas);
  const { result, at } = useOverviews(
    'IncidenceByYear',
    areas.map((a) => a.id),
    years,
  );
  const rows = areas.flatMap((area, i) => years.map((year) => ({ area, year, figures: at(i, year) })));
  const many = areas.length > 1;

  return (
    <FigureCard
      id="incidence-years"
      title={translate('hub.dashboard.years.title')}
      subheader={`${scopeLabel} · ${years[0]}–${years[years.length - 1]}`}
      data={result}
      chart={() => (
        <LineChart
          height={CHART_HEIGHT}
          xAxis={[{ data: [...years], scaleType: 'point', valueFormatter: (y: number) => String(y) }]}
          yAxis={[{ min: 0, label: translate('hub.dashboard.years.incidence') }]}
          series={areas.map((area, i) => ({
            label: area.name,
            data: years.map((year) => at(i, year)?.incidence ?? null),
            valueFormatter: (v: number | null) => (v == null ? '—' : `${format.oneDecimal(v)} %`),
            showMark: true,
          }))}
          hideLegend={!many}
        />
      )}
      table={() => (
        <FigureTable
          rows={rows}
          rowKey={(r) => `${r.area.id}-${r.year}`}
          columns={[
            ...(many ? [{ label: translate('hub.dashboard.division'), value: (r: (typeof rows)[number]) => r.area.name }] : []),
            { label: translate('hub.dashboard.years.year'), value: (r) => r.year },
            ...figureColumns(translate, format, ['ruralPopulation', 'poorPeople', 'exitedPeople', 'incidence']),
          ]}
        />
      )}
    />
  );
};

interface NamedList {
  list: { nodes: { id: string; name: string }[] };
}

/**
 * Incidence by township for the county (by village for a clerk, whose scope is one township): the divisions
 * first, then all their figures for the chosen year in one aliased request.
 */
export const IncidenceByDivision = ({ areas, period }: { areas: Area[]; period: RecordPeriod }) => {
  const translate = useTranslate();
  const format = useFormat();
  // the latest year-end the day of record has reached
  const [year, setYear] = useState<number>(period.yearEnd);
  const scopeLabel = useScopeLabel(areas);
  const county = areas.some((a) => a.kind === 'county');
  // a clerk's villages come scoped by the hub; an administrator's townships are the county's
  const divisions = useHubQuery<NamedList>(
    ['divisions', county],
    county ? TOWNSHIPS : VILLAGES,
    // a county chosen on the dashboard: its townships
    { filter: villageFilter(areas) },
  );
  const nodes = divisions.data?.list.nodes ?? [];
  const { result, at } = useOverviews(
    'IncidenceByDivision',
    nodes.map((n) => n.id),
    [year],
    divisions.isSuccess,
  );
  const rows = nodes
    .map((node, i) => ({ ...node, figures: at(i, year) }))
    .sort((a, b) => (b.figures?.incidence ?? 0) - (a.figures?.incidence ?? 0));

  return (
    <FigureCard
      id="incidence-divisions"
      title={translate(county ? 'hub.dashboard.divisions.townships' : 'hub.dashboard.divisions.villages')}
      subheader={`${scopeLabel} · ${translate('hub.dashboard.divisions.year', { year })}`}
      data={combined(divisions, result)}
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={year}
          onChange={(_e, next: number | null) => next && setYear(next)}
          aria-label={translate('hub.dashboard.years.year')}
        >
          {period.years.map((y) => (
            <ToggleButton key={y} value={y}>
              {y}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      }
      chart={() => (
        <BarChart
          height={Math.max(CHART_HEIGHT, rows.length * 24 + 40)}
          layout="horizontal"
          dataset={rows.map((r) => ({ name: r.name, incidence: r.figures?.incidence ?? null }))}
          yAxis={[{ scaleType: 'band', dataKey: 'name', width: labelWidth(rows.map((r) => r.name)) }]}
          margin={{ right: 24 }}
          xAxis={[{ min: 0, label: translate('hub.dashboard.years.incidence') }]}
          series={[
            {
              dataKey: 'incidence',
              label: translate('hub.dashboard.years.incidence'),
              valueFormatter: (v: number | null) => (v == null ? '—' : `${format.oneDecimal(v)} %`),
            },
          ]}
          hideLegend
        />
      )}
      table={() => (
        <FigureTable
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { label: translate('hub.dashboard.division'), value: (r) => r.name },
            ...figureColumns(translate, format, ['ruralPopulation', 'poorPeople', 'incidence']),
          ]}
        />
      )}
    />
  );
};
