import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TableSortLabel, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import type { ImportProblemRow } from '../dataProvider';

type Key = 'sheet' | 'row' | 'column' | 'value' | 'message';
const KEYS: Key[] = ['sheet', 'row', 'column', 'value', 'message'];

/** Excel's name of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Sheet order as the file has it, then row and column: where the clerk finds them in her workbook. */
function compare(key: Key, a: ImportProblemRow, b: ImportProblemRow): number {
  switch (key) {
    case 'row':
      return a.row - b.row;
    case 'column':
      return (a.column ?? 0) - (b.column ?? 0);
    default:
      return collator.compare(a[key] ?? '', b[key] ?? '');
  }
}

/**
 * The problems of an import, a row each: where (sheet, row, the column's letter and header, as Excel and
 * WPS show them; row 0 is the whole file), the value and what is wrong. Sorted by where they are; a header click sorts by that column.
 */
export function ProblemsTable({ problems }: { problems: ImportProblemRow[] }) {
  const translate = useTranslate();
  const [sort, setSort] = useState<{ key: Key; order: 'asc' | 'desc' } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return problems;
    const sign = sort.order === 'asc' ? 1 : -1;
    // a stable sort keeps the file's order within equal keys
    return [...problems].sort((a, b) => sign * compare(sort.key, a, b));
  }, [problems, sort]);
  const sortBy = (key: Key) => setSort((current) => ({ key, order: current?.key === key && current.order === 'asc' ? 'desc' : 'asc' }));

  return (
    <TableContainer sx={{ maxHeight: 480, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" stickyHeader data-testid="import-problems">
        <TableHead>
          <TableRow>
            {KEYS.map((key) => (
              <TableCell key={key} sortDirection={sort?.key === key ? sort.order : false} sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                <TableSortLabel active={sort?.key === key} direction={sort?.key === key ? sort.order : 'asc'} onClick={() => sortBy(key)}>
                  {translate(`hub.imports.problems.${key}`)}
                </TableSortLabel>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((problem, index) => (
            <TableRow key={`${problem.sheet}-${problem.row}-${problem.column ?? ''}-${index}`} hover>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{problem.sheet}</TableCell>
              <TableCell align="right">{problem.row || '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {problem.column ? (
                  <>
                    <Box component="span" sx={{ color: 'text.secondary', mr: 0.75, fontFamily: 'monospace' }}>
                      {columnLetter(problem.column)}
                    </Box>
                    {problem.header}
                  </>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                {problem.value ?? (
                  <Typography variant="body2" component="span" color="text.disabled">
                    {translate('hub.imports.problems.empty_value')}
                  </Typography>
                )}
              </TableCell>
              <TableCell sx={{ color: 'error.main' }}>{problem.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
