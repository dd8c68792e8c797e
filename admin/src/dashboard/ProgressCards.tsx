import { Box, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { Gauge } from '@mui/x-charts/Gauge';
import { useTranslate } from 'react-admin';
import { useCodeLabels, useFormat, useHubQuery, useScopeHeader, type Area } from './data';
import { CHART_HEIGHT, FigureCard, FigureTable } from './FigureCard';
import { TARGETS, VILLAGE_BATCHES, chosenCounty, villageFilter, type RecordPeriod } from './queries';

interface TargetProgress {
  level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
  subject: string;
  goal: number;
  progress: number;
  dueDate: string;
  county: { name: string } | null;
  township: { name: string } | null;
  village: { name: string } | null;
}

const percentOf = (t: TargetProgress) => (t.goal > 0 ? Math.round((t.progress * 1000) / t.goal) / 10 : null);

/**
 * The year's targets against their progress, computed by the hub from the rows. Gauges for the widest
 * targets the reader sees (the county's; a clerk's township's), every target in the table.
 */
export const TargetsCard = ({ areas, period }: { areas: Area[]; period: RecordPeriod }) => {
  const year = period.targetYear;
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const header = useScopeHeader('targets', areas, { year });
  const result = useHubQuery<{ targetProgress: TargetProgress[] }>(['targets'], TARGETS, { year, countyId: chosenCounty(areas) });
  const targets = result.data?.targetProgress ?? [];
  const widest = targets.filter((t) => t.level === targets[0]?.level);
  const divisionOf = (t: TargetProgress) =>
    t.village?.name ?? t.township?.name ?? t.county?.name ?? translate('hub.dashboard.scope.county');

  return (
    <FigureCard
      id="targets"
      {...header}
      data={result}
      chart={() =>
        widest.length ? (
          <Stack
            direction="row"
            useFlexGap
            sx={{ flexWrap: 'wrap', justifyContent: 'space-around', minHeight: CHART_HEIGHT, alignItems: 'center' }}
          >
            {widest.map((t) => (
              <Box key={`${t.subject}-${divisionOf(t)}`} sx={{ textAlign: 'center', width: 180 }}>
                <Gauge
                  width={160}
                  height={140}
                  value={Math.min(t.progress, t.goal)}
                  valueMax={Math.max(t.goal, 1)}
                  startAngle={-110}
                  endAngle={110}
                  innerRadius="75%"
                  text={() => `${format.oneDecimal(percentOf(t))} %`}
                  aria-label={label('TargetSubject', t.subject)}
                />
                <Typography variant="body2" sx={{ fontWeight: 500 }}>
                  {label('TargetSubject', t.subject)}
                  {widest.length > 3 ? ` · ${divisionOf(t)}` : ''}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {format.integer(t.progress)} / {format.integer(t.goal)}
                </Typography>
              </Box>
            ))}
          </Stack>
        ) : (
          <Typography color="text.secondary">{translate('hub.dashboard.targets.none')}</Typography>
        )
      }
      table={() => (
        <FigureTable
          rows={targets}
          rowKey={(t) => `${t.level}-${t.subject}-${divisionOf(t)}`}
          columns={[
            { label: translate('hub.dashboard.targets.subject'), value: (t) => label('TargetSubject', t.subject) },
            { label: translate('hub.dashboard.division'), value: divisionOf },
            { label: translate('hub.dashboard.targets.goal'), value: (t) => format.integer(t.goal), numeric: true },
            { label: translate('hub.dashboard.targets.progress'), value: (t) => format.integer(t.progress), numeric: true },
            { label: translate('hub.dashboard.targets.rate'), value: (t) => `${format.oneDecimal(percentOf(t))} %`, numeric: true },
            { label: translate('hub.dashboard.targets.dueDate'), value: (t) => t.dueDate, nowrap: true },
          ]}
        />
      )}
    />
  );
};

interface VillageBatch {
  plannedExitYear: number | null;
  exitYear: number | null;
  count: number;
}

/** Poor villages by the year they are planned to exit (their batch), split into exited and not yet. */
export const VillageBatchesCard = ({ areas }: { areas: Area[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const header = useScopeHeader('batches', areas);
  const result = useHubQuery<{ villagesStats: VillageBatch[] }>(['batches'], VILLAGE_BATCHES, { filter: villageFilter(areas) ?? {} });
  const batches = new Map<number | null, { year: number | null; exited: number; pending: number }>();
  for (const row of result.data?.villagesStats ?? []) {
    const batch = batches.get(row.plannedExitYear) ?? { year: row.plannedExitYear, exited: 0, pending: 0 };
    if (row.exitYear == null) batch.pending += row.count;
    else batch.exited += row.count;
    batches.set(row.plannedExitYear, batch);
  }
  const rows = [...batches.values()].sort((a, b) => (a.year ?? 9999) - (b.year ?? 9999));
  const yearLabel = (year: number | null) => (year == null ? '—' : translate('hub.dashboard.batches.batchLabel', { year }));

  const chart = () => (
    <BarChart
      height={CHART_HEIGHT}
      dataset={rows.map((r) => ({ batch: yearLabel(r.year), exited: r.exited, pending: r.pending }))}
      xAxis={[{ scaleType: 'band', dataKey: 'batch' }]}
      series={[
        { dataKey: 'exited', label: translate('hub.dashboard.batches.exited'), stack: 'villages' },
        { dataKey: 'pending', label: translate('hub.dashboard.batches.pending'), stack: 'villages' },
      ]}
    />
  );
  const table = () => (
    <FigureTable
      rows={rows}
      rowKey={(r) => String(r.year)}
      columns={[
        { label: translate('hub.dashboard.batches.batch'), value: (r) => r.year ?? '—' },
        { label: translate('hub.dashboard.batches.total'), value: (r) => format.integer(r.exited + r.pending), numeric: true },
        { label: translate('hub.dashboard.batches.exited'), value: (r) => format.integer(r.exited), numeric: true },
        { label: translate('hub.dashboard.batches.pending'), value: (r) => format.integer(r.pending), numeric: true },
      ]}
    />
  );

  return <FigureCard id="village-batches" {...header} data={result} chart={chart} table={table} />;
};
