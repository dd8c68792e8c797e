import { Alert, Box, Button, List, ListItemButton, ListItemText, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CellProblem, GridField, SheetRecord } from './types';

interface Props {
  problems: readonly CellProblem[];
  pendingRows: number;
  saving: boolean;
  /** the grid's rows (undefined: not read yet) */
  rows: readonly (SheetRecord | undefined)[];
  columns: readonly GridField[];
  /** the number the grid shows for the page's first row */
  firstRow: number;
  onFocus: (col: number, row: number) => void;
  onRetry: () => void;
  onDiscard: () => void;
}

/** The unsaved edits: every refused cell with its row, field and message (click to go there), save or discard. */
export function ProblemsPanel({ problems, pendingRows, saving, rows, columns, firstRow, onFocus, onRetry, onDiscard }: Props) {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 1 }} data-testid="grid-problems">
      <Alert
        severity={problems.length ? 'error' : 'warning'}
        action={
          <Stack direction="row" spacing={1}>
            <Button color="inherit" size="small" disabled={saving} onClick={onRetry}>
              {translate('hub.grid.retry')}
            </Button>
            <Button color="inherit" size="small" disabled={saving} onClick={onDiscard}>
              {translate('hub.grid.discard')}
            </Button>
          </Stack>
        }
      >
        {problems.length
          ? translate('hub.grid.problems_title', { count: problems.length })
          : translate('hub.grid.pending_title', { count: pendingRows })}
      </Alert>
      {problems.length ? (
        <List dense sx={{ maxHeight: 160, overflowY: 'auto' }}>
          {problems.map((problem) => {
            const row = rows.findIndex((r) => r?.id === problem.id);
            const col = columns.findIndex((c) => c.input === problem.field);
            const field = columns[col]?.label ?? problem.field;
            const rowLabel = row >= 0 ? translate('hub.grid.problem_row', { row: firstRow + row }) : '';
            return (
              <ListItemButton
                key={`${String(problem.id)}|${problem.field}`}
                disabled={row < 0 || col < 0}
                onClick={() => onFocus(col, row)}
              >
                <ListItemText primary={`${rowLabel} · ${field}：${problem.message}`} data-testid="grid-problem" />
              </ListItemButton>
            );
          })}
        </List>
      ) : null}
    </Box>
  );
}
