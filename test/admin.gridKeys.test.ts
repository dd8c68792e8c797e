import { describe, expect, it } from 'vitest';
import { dataEdge, selectToEdge } from '../admin/src/grid/keyCommands';

/** One column as text, '' for an empty cell: `filled` for dataEdge. */
const column = (cells: string[]) => (_col: number, row: number) => (cells[row] ?? '') !== '';
const size = (rows: number) => ({ cols: 1, rows });

describe('Ctrl+arrows to the edge of the data (Excel’s rule)', () => {
  const cells = ['a', 'b', 'c', '', '', 'f', '', 'h'];
  it('runs to the last filled cell of a run, then jumps the gap to the next filled cell, then to the sheet’s edge', () => {
    expect(dataEdge(column(cells), [0, 0], [0, 1], size(8))).toEqual([0, 2]);
    expect(dataEdge(column(cells), [0, 2], [0, 1], size(8))).toEqual([0, 5]);
    expect(dataEdge(column(cells), [0, 5], [0, 1], size(8))).toEqual([0, 7]);
    expect(dataEdge(column(cells), [0, 7], [0, 1], size(8))).toEqual([0, 7]);
    expect(dataEdge(column(['a', '', '']), [0, 0], [0, 1], size(3))).toEqual([0, 2]);
    expect(dataEdge(column(cells), [0, 5], [0, -1], size(8))).toEqual([0, 2]);
  });

  it('grows a selection from its active cell with Shift, from the far side of the range', () => {
    const start = {
      columns: undefined as never,
      rows: undefined as never,
      current: { cell: [0, 0] as [number, number], range: { x: 0, y: 0, width: 1, height: 1 }, rangeStack: [] },
    };
    const once = selectToEdge(start, [0, 1], true, column(cells), size(8))!;
    expect(once.current).toMatchObject({ cell: [0, 0], range: { x: 0, y: 0, width: 1, height: 3 } });
    const twice = selectToEdge(once, [0, 1], true, column(cells), size(8))!;
    expect(twice.current!.range).toEqual({ x: 0, y: 0, width: 1, height: 6 });
    const moved = selectToEdge(twice, [0, 1], false, column(cells), size(8))!;
    expect(moved.current).toMatchObject({ cell: [0, 2], range: { x: 0, y: 2, width: 1, height: 1 } });
  });
});
