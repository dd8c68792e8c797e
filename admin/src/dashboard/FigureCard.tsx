import BarChartIcon from '@mui/icons-material/BarChart';
import TableChartIcon from '@mui/icons-material/TableChartOutlined';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useId, type ReactNode } from 'react';
import { useStore, useTranslate } from 'react-admin';

/** The state of the queries a card draws from (react-query's, or several of them combined). */
export interface CardData {
  isPending: boolean;
  error: Error | null;
  refetch: () => unknown;
}

export const CHART_HEIGHT = 260;

interface FigureCardProps {
  /** remembers the card's chart/table choice per browser */
  id: string;
  title: string;
  /** whose figures: 全县, 本乡镇 · 泗城镇… */
  subheader?: ReactNode;
  data: CardData;
  /** the figures drawn; omitted for cards that are only a table (recent edits) */
  chart?: () => ReactNode;
  /** the same figures as a table, for reading exact values and for screen readers */
  table: () => ReactNode;
  /** controls beside the view toggle (a year picker) */
  action?: ReactNode;
}

/**
 * One dashboard card: a title that says whose figures these are, the figures as a chart or (toggle) as a
 * table, a skeleton while loading and the hub's message with a retry button when loading failed.
 */
export const FigureCard = ({ id, title, subheader, data, chart, table, action }: FigureCardProps) => {
  const translate = useTranslate();
  const [view, setView] = useStore<'chart' | 'table'>(`dashboard.view.${id}`, 'chart');
  const titleId = useId();
  const showChart = chart !== undefined && view === 'chart';

  return (
    <Card component="section" aria-labelledby={titleId} variant="outlined" sx={{ height: '100%' }}>
      <CardHeader
        title={title}
        slotProps={{ title: { id: titleId, variant: 'h6', component: 'h2' } }}
        subheader={subheader}
        action={
          <>
            {action}
            {chart ? (
              <ToggleButtonGroup
                size="small"
                exclusive
                value={view}
                onChange={(_event, next: 'chart' | 'table' | null) => next && setView(next)}
                aria-label={translate('hub.dashboard.view.label')}
                sx={{ ml: 1 }}
              >
                {(['chart', 'table'] as const).map((shown) => (
                  <ToggleButton
                    key={shown}
                    value={shown}
                    aria-label={translate(`hub.dashboard.view.${shown}`)}
                    title={translate(`hub.dashboard.view.${shown}`)}
                  >
                    {shown === 'chart' ? <BarChartIcon fontSize="small" /> : <TableChartIcon fontSize="small" />}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
            ) : null}
          </>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {data.error ? (
          <Alert
            severity="error"
            action={
              <Button color="inherit" size="small" onClick={() => data.refetch()}>
                {translate('hub.dashboard.retry')}
              </Button>
            }
          >
            {translate('hub.dashboard.error', { message: data.error.message })}
          </Alert>
        ) : data.isPending ? (
          <Skeleton variant="rounded" height={CHART_HEIGHT} aria-busy="true" />
        ) : showChart ? (
          chart()
        ) : (
          table()
        )}
      </CardContent>
    </Card>
  );
};

export interface Column<R> {
  label: string;
  value: (row: R) => ReactNode;
  numeric?: boolean;
  /** kept on one line (dates) */
  nowrap?: boolean;
}

/** Room for a band axis's labels: CJK characters are about twice as wide as Latin letters. */
export function labelWidth(labels: string[]): number {
  const width = (label: string) => [...label].reduce((sum, ch) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 13 : 7), 0);
  return Math.min(220, Math.max(48, ...labels.map(width)) + 8);
}

/** A card's figures as a plain table; numbers right-aligned. */
export function FigureTable<R>({
  columns,
  rows,
  rowKey,
  empty,
}: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  empty?: string;
}) {
  const translate = useTranslate();
  if (!rows.length) return <Typography color="text.secondary">{empty ?? translate('hub.dashboard.empty')}</Typography>;
  return (
    <TableContainer sx={{ maxHeight: CHART_HEIGHT + 80 }}>
      <Table size="small" stickyHeader>
        <TableHead>
          <TableRow>
            {columns.map((c) => (
              <TableCell key={c.label} align={c.numeric ? 'right' : 'left'} sx={{ wordBreak: 'keep-all' }}>
                {c.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)}>
              {columns.map((c) => (
                <TableCell
                  key={c.label}
                  align={c.numeric ? 'right' : 'left'}
                  sx={c.numeric || c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                >
                  {c.value(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Several queries as one card's state: pending until all answered, the first error, a retry of all. */
export function combined(...results: CardData[]): CardData {
  return {
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.error)?.error ?? null,
    refetch: () => results.forEach((r) => r.error && r.refetch()),
  };
}
