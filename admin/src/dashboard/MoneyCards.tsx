import { Box, Typography } from '@mui/material';
import { blue, blueGrey, orange } from '@mui/material/colors';
import { BarChart } from '@mui/x-charts/BarChart';
import { PieChart } from '@mui/x-charts/PieChart';
import { useTranslate } from 'react-admin';
import { useCodeLabels, useFormat, useHubQuery, useScopeHeader, type Area } from './data';
import { CHART_HEIGHT, FigureCard, FigureTable, labelWidth, type Column } from './FigureCard';
import { FUNDS, PROJECTS_BY_STATUS, chosenCounty, countyFilter, villageFilter } from './queries';

interface Money {
  sum: { amount: string | null };
}
type ByLevel = Money & { fundLevel: string | null };
type ByCategory = Money & { actionCategory: string | null };

interface Funds {
  sourcesByLevel: ByLevel[];
  allocatedByLevel: ByLevel[];
  disbursedByLevel: ByLevel[];
  allocatedByCategory: ByCategory[];
  disbursedByCategory: ByCategory[];
}

interface Flow {
  code: string;
  label: string;
  /** the sources' amounts (万元), by level only */
  source: number;
  allocated: number;
  disbursed: number;
}

/** Money at each stage per code (万元), largest allocation first. */
function flows<R extends Money>(
  stages: { source?: R[]; allocated: R[]; disbursed: R[] },
  codeOf: (row: R) => string | null,
  label: (code: string) => string,
  tenThousands: (a: string | null) => number,
): Flow[] {
  const byCode = new Map<string, Flow>();
  for (const key of ['source', 'allocated', 'disbursed'] as const) {
    for (const row of stages[key] ?? []) {
      const code = codeOf(row) ?? '';
      const flow = byCode.get(code) ?? { code, label: label(code), source: 0, allocated: 0, disbursed: 0 };
      flow[key] += tenThousands(row.sum.amount);
      byCode.set(code, flow);
    }
  }
  return [...byCode.values()].sort((a, b) => b.allocated - a.allocated);
}

/** Money allocated to projects against money paid out, by fund level and by action category. */
export const FundsCard = ({ areas }: { areas: Area[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const header = useScopeHeader('funds', areas);
  const filter = countyFilter(chosenCounty(areas));
  const result = useHubQuery<Funds>(['funds'], FUNDS, { s: filter, a: filter, d: filter });
  const d = result.data;
  const byLevel = d
    ? flows(
        { source: d.sourcesByLevel, allocated: d.allocatedByLevel, disbursed: d.disbursedByLevel },
        (r) => r.fundLevel,
        (c) => label('FundLevel', c),
        format.tenThousands,
      )
    : [];
  const byCategory = d
    ? flows(
        { allocated: d.allocatedByCategory, disbursed: d.disbursedByCategory },
        (r) => r.actionCategory,
        (c) => label('ActionCategory', c),
        format.tenThousands,
      )
    : [];
  // the county's fund sources, for those who may read them (not a clerk)
  const withSources = byLevel.some((r) => r.source > 0);
  const sourceSeries = {
    dataKey: 'source',
    color: blueGrey[300],
    label: translate('hub.dashboard.funds.source'),
    valueFormatter: (v: number | null) => format.oneDecimal(v),
  };
  const series = [
    {
      dataKey: 'allocated',
      color: blue[600],
      label: translate('hub.dashboard.funds.allocated'),
      valueFormatter: (v: number | null) => format.oneDecimal(v),
    },
    {
      dataKey: 'disbursed',
      color: orange[600],
      label: translate('hub.dashboard.funds.disbursed'),
      valueFormatter: (v: number | null) => format.oneDecimal(v),
    },
  ];
  const flowChart = (title: string, rows: Flow[], sources = false) => (
    <Box sx={{ flex: 1, minWidth: 280 }}>
      <Typography variant="subtitle2">{title}</Typography>
      <BarChart
        height={Math.max(CHART_HEIGHT, rows.length * (sources ? 40 : 30) + 60)}
        layout="horizontal"
        dataset={rows.map((r) => ({ label: r.label, source: r.source, allocated: r.allocated, disbursed: r.disbursed }))}
        yAxis={[{ scaleType: 'band', dataKey: 'label', width: labelWidth(rows.map((r) => r.label)) }]}
        series={sources ? [sourceSeries, ...series] : series}
        margin={{ right: 24 }}
      />
    </Box>
  );
  const columns = (codeLabel: string, sources = false): Column<Flow>[] => [
    { label: codeLabel, value: (r) => r.label },
    ...(sources
      ? [{ label: translate('hub.dashboard.funds.source'), value: (r: Flow) => format.oneDecimal(r.source), numeric: true }]
      : []),
    { label: translate('hub.dashboard.funds.allocated'), value: (r) => format.oneDecimal(r.allocated), numeric: true },
    { label: translate('hub.dashboard.funds.disbursed'), value: (r) => format.oneDecimal(r.disbursed), numeric: true },
    {
      label: translate('hub.dashboard.funds.rate'),
      value: (r) => (r.allocated > 0 ? `${format.oneDecimal((r.disbursed * 100) / r.allocated)} %` : '—'),
      numeric: true,
    },
  ];

  const chart = () => (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      {flowChart(translate('hub.dashboard.funds.byLevel'), byLevel, withSources)}
      {flowChart(translate('hub.dashboard.funds.byCategory'), byCategory)}
    </Box>
  );
  const table = () => (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, '& > *': { flex: 1, minWidth: 280 } }}>
      <FigureTable rows={byLevel} rowKey={(r) => r.code} columns={columns(translate('hub.dashboard.funds.level'), withSources)} />
      <FigureTable rows={byCategory} rowKey={(r) => r.code} columns={columns(translate('hub.dashboard.funds.category'))} />
    </Box>
  );

  return <FigureCard id="funds" {...header} data={result} chart={chart} table={table} />;
};

interface ProjectsByStatus {
  projectsStats: { status: string; count: number; sum: { budget: string | null } }[];
}

/** The order projects go through (PLANNED → APPROVED → IN_PROGRESS → COMPLETED → ACCEPTED). */
const STATUS_ORDER = ['PLANNED', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'ACCEPTED'];

/** How many projects are at each stage, with their budgets. */
export const ProjectsCard = ({ areas }: { areas: Area[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const header = useScopeHeader('projects', areas);
  const result = useHubQuery<ProjectsByStatus>(['projects'], PROJECTS_BY_STATUS, { filter: villageFilter(areas) });
  const rows = [...(result.data?.projectsStats ?? [])].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));

  const chart = () => (
    <PieChart
      height={CHART_HEIGHT}
      series={[
        {
          innerRadius: 50,
          paddingAngle: 1,
          cornerRadius: 3,
          data: rows.map((r) => ({ id: r.status, value: r.count, label: label('ProjectStatus', r.status) })),
          valueFormatter: (item: { value: number }) => format.integer(item.value),
        },
      ]}
    />
  );
  const table = () => (
    <FigureTable
      rows={rows}
      rowKey={(r) => r.status}
      columns={[
        { label: translate('hub.dashboard.projects.status'), value: (r) => label('ProjectStatus', r.status) },
        { label: translate('hub.dashboard.projects.count'), value: (r) => format.integer(r.count), numeric: true },
        {
          label: translate('hub.dashboard.projects.budget'),
          value: (r) => format.oneDecimal(format.tenThousands(r.sum.budget)),
          numeric: true,
        },
      ]}
    />
  );

  return <FigureCard id="projects" {...header} data={result} chart={chart} table={table} />;
};
