import { CompactSelection, type GridSelection, type Rectangle } from '@glideapps/glide-data-grid';

/** One step of an arrow key: [columns, rows]. */
type Step = readonly [-1 | 0 | 1, -1 | 0 | 1];
const STEPS: Record<string, Step> = { ArrowDown: [0, 1], ArrowUp: [0, -1], ArrowRight: [1, 0], ArrowLeft: [-1, 0] };

/**
 * Excel's Ctrl+arrow: from a filled cell whose neighbour is filled, to the last filled cell of that run;
 * otherwise to the next filled cell; with none, to the edge of the sheet.
 */
export function dataEdge(
  filled: (col: number, row: number) => boolean,
  [col, row]: readonly [number, number],
  [dc, dr]: Step,
  size: { cols: number; rows: number },
): [number, number] {
  const inside = (c: number, r: number) => c >= 0 && r >= 0 && c < size.cols && r < size.rows;
  let [c, r] = [col, row];
  if (!inside(c + dc, r + dr)) return [c, r];
  if (filled(c, r) && filled(c + dc, r + dr)) {
    while (inside(c + dc, r + dr) && filled(c + dc, r + dr)) [c, r] = [c + dc, r + dr];
    return [c, r];
  }
  [c, r] = [c + dc, r + dr];
  while (!filled(c, r) && inside(c + dc, r + dr)) [c, r] = [c + dc, r + dr];
  return [c, r];
}

/** The arrow of a Ctrl(+Shift)+arrow key, or undefined for any other key. */
export function edgeStep(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): Step | undefined {
  return (event.ctrlKey || event.metaKey) && !event.altKey ? STEPS[event.key] : undefined;
}

/**
 * The selection after Ctrl+arrow (`extend` false: the cell at the edge) or Ctrl+Shift+arrow (`extend`: the
 * range grown from its anchor, the active cell, to the edge — from the range's far side, as Excel does).
 */
export function selectToEdge(
  selection: GridSelection,
  step: Step,
  extend: boolean,
  filled: (col: number, row: number) => boolean,
  size: { cols: number; rows: number },
): GridSelection | undefined {
  const current = selection.current;
  if (!current) return undefined;
  const [anchorCol, anchorRow] = current.cell;
  const { range } = current;
  if (!extend) {
    const [col, row] = dataEdge(filled, current.cell, step, size);
    return {
      columns: CompactSelection.empty(),
      rows: CompactSelection.empty(),
      current: { cell: [col, row], range: { x: col, y: row, width: 1, height: 1 }, rangeStack: [] },
    };
  }
  // the side of the range away from the anchor moves
  const farCol = range.x === anchorCol ? range.x + range.width - 1 : range.x;
  const farRow = range.y === anchorRow ? range.y + range.height - 1 : range.y;
  const [col, row] = dataEdge(filled, [step[0] ? farCol : anchorCol, step[1] ? farRow : anchorRow], step, size);
  const next: Rectangle = step[0]
    ? { x: Math.min(anchorCol, col), width: Math.abs(col - anchorCol) + 1, y: range.y, height: range.height }
    : { y: Math.min(anchorRow, row), height: Math.abs(row - anchorRow) + 1, x: range.x, width: range.width };
  return { columns: CompactSelection.empty(), rows: CompactSelection.empty(), current: { ...current, range: next, rangeStack: [] } };
}
