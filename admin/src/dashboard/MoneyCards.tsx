import { Box, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { PieChart } from '@mui/x-charts/PieChart';
import { useTranslate } from 'react-admin';
import { useCodeLabels, useFormat, useHubQuery, useScopeLabel, type Area } from './data';
import { CHART_HEIGHT, FigureCard, FigureTable, labelWidth, type Column } from './FigureCard';
import { FUNDS, PROJECTS_BY_STATUS } from './queries';

interface Money {
  sum: { amount: string | null };
}
type ByLevel = Money & { fundLevel: string | null };
type ByCategory = Money & { actionCategory: string | null };

interface Funds {
  allocatedByLevel: ByLevel[];
  disbursedByLevel: ByLevel[];
  allocatedByCategory: ByCategory[];
  disbursedByCategory: ByCategory[];
}

interface Flow {
  code: string;
  label: string;
  allocated: number;
  disbursed: number;
}

/** Allocated against disbursed per code (万元), in the code table's order. */
function flows<R extends Money>(allocated: R[], disbursed: R[], codeOf: (row: R) => string | null, label: (code: string) => string, tenThousands: (a: string | null) => number): Flow[] {
  const byCode = new Map<string, Flow>();
  const add = (rows: R[], key: 'allocated' | 'disbursed') => {
    for (const row of rows) {
      const code = codeOf(row) ?? '';
      const flow = byCode.get(code) ?? { code, label: label(code), allocated: 0, disbursed: 0 };
      flow[key] += tenThousands(row.sum.amount);
      byCode.set(code, flow);
    }
  };
  add(allocated, 'allocated');
  add(disbursed, 'disbursed');
  return [...byCode.values()].sort((a, b) => b.allocated - a.allocated);
}

/** Money allocated to projects against money paid out, by fund level and by action category. */
export const FundsCard = ({ areas }: { areas: Area[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const scopeLabel = useScopeLabel(areas);
  const result = useHubQuery<Funds>(['funds'], FUNDS);
  const d = result.data;
  const byLevel = d ? flows(d.allocatedByLevel, d.disbursedByLevel, (r) => r.fundLevel, (c) => label('FundLevel', c), format.tenThousands) : [];
  const byCategory = d ? flows(d.allocatedByCategory, d.disbursedByCategory, (r) => r.actionCategory, (c) => label('ActionCategory', c), format.tenThousands) : [];
  const series = [
    { dataKey: 'allocated', label: translate('hub.dashboard.funds.allocated'), valueFormatter: (v: number | null) => format.oneDecimal(v) },
    { dataKey: 'disbursed', label: translate('hub.dashboard.funds.disbursed'), valueFormatter: (v: number | null) => format.oneDecimal(v) },
  ];
  const chart = (title: string, rows: Flow[]) => (
    <Box sx={{ flex: 1, minWidth: 280 }}>
      <Typography variant="subtitle2">{title}</Typography>
      <BarChart
        height={Math.max(CHART_HEIGHT, rows.length * 30 + 60)}
        layout="horizontal"
        dataset={rows.map((r) => ({ label: r.label, allocated: r.allocated, disbursed: r.disbursed }))}
        yAxis={[{ scaleType: 'band', dataKey: 'label', width: labelWidth(rows.map((r) => r.label)) }]}
        series={series}
        margin={{ right: 24 }}
      />
    </Box>
  );
  const columns = (codeLabel: string): Column<Flow>[] => [
    { label: codeLabel, value: (r) => r.label },
    { label: translate('hub.dashboard.funds.allocated'), value: (r) => format.oneDecimal(r.allocated), numeric: true },
    { label: translate('hub.dashboard.funds.disbursed'), value: (r) => format.oneDecimal(r.disbursed), numeric: true },
    { label: translate('hub.dashboard.funds.rate'), value: (r) => (r.allocated > 0 ? `${format.oneDecimal((r.disbursed * 100) / r.allocated)} %` : '—'), numeric: true },
  ];

  return (
    <FigureCard
      id="funds"
      title={translate('hub.dashboard.funds.title')}
      subheader={scopeLabel}
      data={result}
      chart={() => (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          {chart(translate('hub.dashboard.funds.byLevel'), byLevel)}
          {chart(translate('hub.dashboard.funds.byCategory'), byCategory)}
        </Box>
      )}
      table={() => (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, '& > *': { flex: 1, minWidth: 280 } }}>
          <FigureTable rows={byLevel} rowKey={(r) => r.code} columns={columns(translate('hub.dashboard.funds.level'))} />
          <FigureTable rows={byCategory} rowKey={(r) => r.code} columns={columns(translate('hub.dashboard.funds.category'))} />
        </Box>
      )}
    />
  );
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
  const scopeLabel = useScopeLabel(areas);
  const result = useHubQuery<ProjectsByStatus>(['projects'], PROJECTS_BY_STATUS);
  const rows = [...(result.data?.projectsStats ?? [])].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));

  return (
    <FigureCard
      id="projects"
      title={translate('hub.dashboard.projects.title')}
      subheader={scopeLabel}
      data={result}
      chart={() => (
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
      )}
      table={() => (
        <FigureTable
          rows={rows}
          rowKey={(r) => r.status}
          columns={[
            { label: translate('hub.dashboard.projects.status'), value: (r) => label('ProjectStatus', r.status) },
            { label: translate('hub.dashboard.projects.count'), value: (r) => format.integer(r.count), numeric: true },
            { label: translate('hub.dashboard.projects.budget'), value: (r) => format.oneDecimal(format.tenThousands(r.sum.budget)), numeric: true },
          ]}
        />
      )}
    />
  );
};
