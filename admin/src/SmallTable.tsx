import { Table, TableBody, TableCell, TableHead, TableRow, type TableProps } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * A small table: a header row of column titles over the rows given as children (a record's history, a
 * conflict's fields, an import's counts). Columns from `figuresFrom` on hold figures and are aligned right.
 */
export function SmallTable({
  titles,
  figuresFrom = Infinity,
  children,
  ...table
}: Omit<TableProps, 'children'> & { titles: readonly string[]; figuresFrom?: number; children: ReactNode }) {
  return (
    <Table size="small" {...table}>
      <TableHead>
        <TableRow>
          {titles.map((title, i) => (
            <TableCell key={title} align={i >= figuresFrom ? 'right' : undefined}>
              {title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
