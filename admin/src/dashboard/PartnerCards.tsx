import { Alert, Box, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslate } from 'react-admin';
import { useCodeLabels, useFormat, useHubQuery } from './data';
import { CHART_HEIGHT, FigureCard, FigureTable } from './FigureCard';
import { PARTNER_TWINNING } from './queries';

interface Twinning {
  villages: { totalCount: number };
  cadres: { totalCount: number };
  households: { totalCount: number };
  visits: { totalCount: number };
  visitLogsStats: { mode: string; count: number }[];
}

/**
 * A partner unit sees no county figures (the hub refuses them): its own pairings and how often its cadres
 * visited, by mode.
 */
export const PartnerTwinningCard = ({ unit }: { unit: string | null }) => {
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const result = useHubQuery<Twinning>(['partner'], PARTNER_TWINNING, undefined, unit !== null);
  if (unit === null) return <Alert severity="info">{translate('hub.dashboard.partner.noUnit')}</Alert>;
  const d = result.data;
  const modes = [...(d?.visitLogsStats ?? [])].sort((a, b) => b.count - a.count);
  const totals = d
    ? [
        { key: 'villages', value: d.villages.totalCount },
        { key: 'cadres', value: d.cadres.totalCount },
        { key: 'households', value: d.households.totalCount },
        { key: 'visits', value: d.visits.totalCount },
      ]
    : [];

  return (
    <FigureCard
      id="partner-twinning"
      title={translate('hub.dashboard.partner.title')}
      subheader={`${translate('hub.dashboard.scope.unit')} · ${unit}`}
      data={result}
      chart={() => (
        <>
          <Stack direction="row" useFlexGap spacing={4} sx={{ flexWrap: 'wrap', mb: 1 }}>
            {totals.map((t) => (
              <Box key={t.key}>
                <Typography variant="h5" component="p">
                  {format.integer(t.value)}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {translate(`hub.dashboard.partner.${t.key}`)}
                </Typography>
              </Box>
            ))}
          </Stack>
          <BarChart
            height={CHART_HEIGHT}
            dataset={modes.map((m) => ({ mode: label('VisitMode', m.mode), count: m.count }))}
            xAxis={[{ scaleType: 'band', dataKey: 'mode' }]}
            series={[{ dataKey: 'count', label: translate('hub.dashboard.partner.count') }]}
            hideLegend
          />
        </>
      )}
      table={() => (
        <FigureTable
          rows={[
            ...totals.map((t) => ({ key: t.key, name: translate(`hub.dashboard.partner.${t.key}`), count: t.value })),
            ...modes.map((m) => ({
              key: m.mode,
              name: `${translate('hub.dashboard.partner.byMode')} · ${label('VisitMode', m.mode)}`,
              count: m.count,
            })),
          ]}
          rowKey={(r) => r.key}
          columns={[
            { label: translate('hub.dashboard.partner.mode'), value: (r) => r.name },
            { label: translate('hub.dashboard.partner.count'), value: (r) => format.integer(r.count), numeric: true },
          ]}
        />
      )}
    />
  );
};
