import '@glideapps/glide-data-grid/dist/index.css';
import {
  CompactSelection,
  DataEditorCore,
  ImageWindowLoaderImpl,
  booleanCellRenderer,
  loadingCellRenderer,
  markerCellRenderer,
  newRowCellRenderer,
  textCellRenderer,
  type DataEditorRef,
  type EditListItem,
  type GridCell,
  type GridColumn,
  type GridKeyEventArgs,
  type GridMouseEventArgs,
  type GridSelection,
  type DataEditorCoreProps,
  type Item,
} from '@glideapps/glide-data-grid';
import EditIcon from '@mui/icons-material/Edit';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Loading, useCreatePath, useListContext, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { useAccessTo } from '../resources/access';
import { editedValue, loadingCell, newRowHint, toGridCell } from './cells';
import { planEdits, type CellEdit } from './changes';
import { choiceRenderer } from './ChoiceCell';
import { ColumnChooser } from './ColumnChooser';
import { ConflictDialog } from './ConflictDialog';
import { defaultsFromFilter, isNewId, requiredMissing, useNewRows } from './newRows';
import { FindBar } from './FindBar';
import { edgeStep, selectToEdge } from './keyCommands';
import { ProblemsPanel } from './ProblemsPanel';
import { referenceRenderer } from './ReferenceEditor';
import { provideEditor } from './TextEditor';
import type { GridField, SheetRecord } from './types';
import { UnsavedGuard } from './UnsavedGuard';
import { useColumnPrefs } from './useColumnPrefs';
import { useGridFields } from './useGridFields';
import { useGridFirst } from './gridFirst';
import { GRID_INPUT, isForwarded, useInsertedText } from './useInsertedText';
import { useReferenceNames } from './useReferenceNames';
import { useScrollRows } from './useScrollRows';
import { useSheetEdits } from './useSheetEdits';

export interface SheetGridProps {
  /** the fields shown until the user chooses (column chooser), in order */
  columns: readonly string[];
  /** how many of the first shown columns stay in place when scrolling sideways (household number, head) */
  frozen?: number;
}

const WIDTH: Partial<Record<GridField['kind'], number>> = { boolean: 72, int: 90, decimal: 110, date: 110, enum: 120, reference: 160 };
/**
 * The cell kinds the grid draws. DataEditorCore with these, not Glide's DataEditor with all of them: its image
 * and markdown cells would bring react-responsive-carousel and marked into the bundle for nothing.
 */
// (typed as Glide types its own list: each renderer only ever receives cells of its kind)
const RENDERERS = [textCellRenderer, booleanCellRenderer, loadingCellRenderer, markerCellRenderer, newRowCellRenderer] as NonNullable<
  DataEditorCoreProps['renderers']
>;
/** Glide's own default; the grid shows no images. */
const IMAGES = new ImageWindowLoaderImpl();
const NO_SELECTION: GridSelection = { columns: CompactSelection.empty(), rows: CompactSelection.empty() };
/** 新增 — rows below the list, not saved yet or saved since it was read */
const NEW_ROW_THEME = { bgCell: '#f1f8e9' };

/** Keys typed into a text field (the search box, a cell's editor) are that field's, Ctrl+Z included. */
function isTyping(event: globalThis.KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  // (the grid's own input, which stands for the selected cell, is not: see useInsertedText)
  return (
    !!target &&
    (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable) &&
    !target.hasAttribute(GRID_INPUT)
  );
}

const CUSTOM_RENDERERS = [choiceRenderer, referenceRenderer];
/** Excel's: Ctrl+D / Ctrl+R fill down / right (as one edit, like a paste); Delete and Backspace clear a range. Ctrl+F is FindBar's. */
const KEYBINDINGS = { search: false, downFill: true, rightFill: true, delete: 'Delete|Backspace' } as const;

/**
 * A spreadsheet over a whole react-admin list (inside <List>, see GridList), read block by block as it
 * scrolls (useScrollRows), with an empty row at the bottom for new records (newRows.ts): Glide Data Grid
 * draws, selects, copies, edits and parses pastes; this component feeds it the rows, sends every edit
 * through the data provider's applyChanges, and marks refused cells, conflicts and unsaved edits.
 */
export function SheetGrid({ columns: defaultColumns, frozen = 2 }: SheetGridProps) {
  const translate = useTranslate();
  const { isFetching, isPending, sort, setSort, filterValues, resource, refetch } = useListContext<SheetRecord>();
  // analysts, partners outside their visit logs, clerks on reference data (the hub's answer: it refuses them anyway)
  const readOnly = !useAccessTo(resource).update;
  const fields = useGridFields(resource);
  const { prefs, setWidth, setShown } = useColumnPrefs(resource);

  const columns = useMemo(() => {
    if (!fields) return [];
    const byName = new Map(fields.map((f) => [f.source, f]));
    return (prefs.shown ?? defaultColumns).flatMap((name) => byName.get(name) ?? []);
  }, [fields, prefs.shown, defaultColumns]);

  const scroll = useScrollRows(resource);
  const edits = useSheetEdits(resource, scroll.loaded, columns, scroll.generation);
  const defaults = useMemo(
    () => (fields ? defaultsFromFilter(filterValues as Record<string, unknown>, fields) : {}),
    [fields, filterValues],
  );
  const newRows = useNewRows(scroll.generation, edits.pending, defaults);
  // the list (holes where not read yet), the new rows, and the empty row where the next one starts
  const listed = useMemo(() => scroll.rows.map(edits.current), [scroll.rows, edits.current]);
  const added = useMemo(() => newRows.slots.map(edits.current), [newRows.slots, edits.current]);
  const rows = useMemo(
    () => (readOnly ? listed.concat(added) : listed.concat(added, [newRows.blank])),
    [listed, added, newRows.blank, readOnly],
  );
  const shown = useMemo(
    () => scroll.loaded.map(edits.current).concat(added, [newRows.blank]),
    [scroll.loaded, edits.current, added, newRows.blank],
  );
  const referenceName = useReferenceNames(shown, columns, edits.pending);

  const problemAt = useMemo(() => new Map(edits.problems.map((p) => [`${String(p.id)}|${p.field}`, p.message])), [edits.problems]);
  const yesNo = useMemo(() => ({ yes: translate('hub.grid.yes'), no: translate('hub.grid.no') }), [translate]);

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const field = columns[col]!;
      const record = rows[row];
      if (!record) return loadingCell;
      const patch = edits.pending.get(record.id)?.patch;
      if (record === newRows.blank && col === 0) return newRowHint(translate('hub.grid.new_row_hint'), field.editable);
      const isPendingCell = !!patch && field.input in patch;
      // a refused cell is red even when nothing of it is pending (a read-only column inside a pasted range)
      const refused = problemAt.has(`${String(record.id)}|${field.input}`);
      return toGridCell({
        field,
        value: isPendingCell ? patch[field.input] : record[field.source],
        typed: isPendingCell,
        // a pending link shows the picked record's name, or the name as typed
        referenceName: field.reference
          ? referenceName(field, isPendingCell ? { ...record, [field.input]: patch[field.input] } : record)
          : undefined,
        state: refused ? 'refused' : isPendingCell ? 'pending' : 'saved',
        readOnly,
        yesNo,
      });
    },
    [columns, rows, edits.pending, referenceName, problemAt, readOnly, yesNo, newRows.blank, translate],
  );

  const gridColumns = useMemo<GridColumn[]>(
    () =>
      columns.map((field) => {
        const mark = sort.field === field.source ? (sort.order === 'ASC' ? ' ▲' : ' ▼') : '';
        return { id: field.source, title: `${field.label}${mark}`, width: prefs.widths[field.source] ?? WIDTH[field.kind] ?? 140 };
      }),
    [columns, sort, prefs.widths],
  );

  const apply = useCallback(
    (cellEdits: CellEdit[]) => {
      // rows typed or pasted from the empty row down become new records
      const firstNew = listed.length + added.length;
      const candidates = readOnly ? [] : newRows.candidates(Math.max(...cellEdits.map((e) => e.row)) - firstNew + 1);
      const plan = planEdits(cellEdits, listed.concat(added, candidates), columns, edits.pending, readOnly, {
        readOnly: (label) => translate('hub.grid.read_only', { field: label }),
        pastLastRow: translate('hub.grid.past_last_row'),
      });
      // (clearing cells of the empty row, e.g. Delete over a range reaching it, starts nothing)
      const created = candidates.filter((c) => Object.values(plan.pending.get(c.id)?.patch ?? {}).some((v) => v !== null && v !== ''));
      for (const c of candidates) {
        const entry = plan.pending.get(c.id);
        if (entry && created.includes(c)) entry.patch = { ...defaults, ...entry.patch };
        else plan.pending.delete(c.id);
      }
      newRows.add(created);
      // a new row is saved once it has every required field (all or nothing, with the other edits)
      const missing = requiredMissing(plan.pending, fields ?? [], (label) => translate('hub.grid.required', { field: label }));
      edits.edit(plan.pending, [...plan.problems, ...missing]);
    },
    [listed, added, newRows, columns, edits.pending, edits.edit, readOnly, translate, defaults, fields],
  );

  const onCellsEdited = useCallback(
    (items: readonly EditListItem[]) => {
      apply(items.map(({ location: [col, row], value }) => ({ col, row, value: editedValue(value) })));
      return true;
    },
    [apply],
  );

  // Pasted text goes to the server as text: it parses numbers, dates, 是/否 and Chinese labels per field.
  const onPaste = useCallback(
    ([col, row]: Item, values: readonly (readonly string[])[]) => {
      apply(values.flatMap((line, i) => line.map((value, j) => ({ row: row + i, col: col + j, value }))));
      return false;
    },
    [apply],
  );

  const onDelete = useCallback(
    (selection: GridSelection) => {
      const range = selection.current?.range;
      if (!range) return false;
      const cleared: CellEdit[] = [];
      for (let r = range.y; r < range.y + range.height; r++) {
        for (let c = range.x; c < range.x + range.width; c++) cleared.push({ row: r, col: c, value: null });
      }
      apply(cleared);
      return false;
    },
    [apply],
  );

  const [selection, setSelection] = useState<GridSelection>(NO_SELECTION);
  const gridRef = useRef<DataEditorRef>(null);
  /** The text a cell shows, as a clerk reads it (Ctrl+arrows stop at filled cells, Ctrl+F looks in it). */
  const textAt = useCallback(
    (col: number, row: number): string => {
      const cell = getCellContent([col, row]);
      return 'displayData' in cell && typeof cell.displayData === 'string' ? cell.displayData : (cell.copyData ?? '');
    },
    [getCellContent],
  );
  // Ctrl+arrows to the edge of the data (Excel's rule) instead of Glide's edge of the sheet; Shift extends
  const onKeyDown = useCallback(
    (event: GridKeyEventArgs) => {
      const step = edgeStep(event);
      if (!step) return;
      const next = selectToEdge(selection, step, event.shiftKey, (c, r) => textAt(c, r).trim() !== '', {
        cols: columns.length,
        rows: rows.length,
      });
      if (!next?.current) return;
      event.cancel();
      event.preventDefault();
      setSelection(next);
      const [col, row] = event.shiftKey
        ? [
            next.current.range.x + (step[0] > 0 ? next.current.range.width - 1 : 0),
            next.current.range.y + (step[1] > 0 ? next.current.range.height - 1 : 0),
          ]
        : next.current.cell;
      gridRef.current?.scrollTo(col, row);
    },
    [selection, textAt, columns.length, rows.length],
  );
  const [finding, setFinding] = useState(false);
  const atCursor = selection.current ? rows[selection.current.cell[1]] : undefined;
  const selected = atCursor && !isNewId(atCursor.id) ? atCursor : undefined;
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const focusCell = (col: number, row: number, focus = true) => {
    setSelection({ ...NO_SELECTION, current: { cell: [col, row], range: { x: col, y: row, width: 1, height: 1 }, rangeStack: [] } });
    gridRef.current?.scrollTo(col, row);
    if (focus) gridRef.current?.focus();
  };

  // The canvas mounts one tick after the page does: the list's request goes out first (react-query sends it
  // from an effect of this first render), and the grid's set-up runs while the page is on its way.
  const [afterFirstPaint, setAfterFirstPaint] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setAfterFirstPaint(true), 0);
    return () => clearTimeout(timer);
  }, []);

  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const onItemHovered = useCallback(
    (args: GridMouseEventArgs) => {
      if (args.kind !== 'cell') return setTip(null);
      const [col, row] = args.location;
      const field = columns[col];
      const record = rows[row];
      const text = field && record ? problemAt.get(`${String(record.id)}|${field.input}`) : undefined;
      setTip(text ? { x: args.bounds.x, y: args.bounds.y + args.bounds.height, text } : null);
    },
    [columns, rows, problemAt],
  );

  // Ctrl+Z anywhere on the page but a text field takes back the new rows of the last edit while they are
  // unsaved, else undoes the last save (focus may have left the canvas, e.g. after Enter on the last row).
  const { takeBackLast } = newRows;
  const undo = useCallback(() => {
    const taken = takeBackLast();
    if (!taken.length) return edits.undo();
    const pending = new Map([...edits.pending].filter(([id]) => !taken.includes(id)));
    edits.edit(
      pending,
      edits.problems.filter((p) => !taken.includes(p.id)),
    );
  }, [takeBackLast, edits]);
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (isForwarded(event)) return;
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z' && !isTyping(event)) {
        event.preventDefault();
        undo();
      }
      // Ctrl+F finds in the list, except in a text field (the browser's there)
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f' && !isTyping(event)) {
        event.preventDefault();
        setFinding(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [undo]);

  const gridBox = useRef<HTMLDivElement>(null);
  useInsertedText(gridBox, !readOnly && !!fields && afterFirstPaint);
  // the first rows (or that there are none) drawn: the menu, the filter bar… may come (gridFirst.ts)
  useGridFirst(!!fields && afterFirstPaint && !isPending);

  if (!fields || !afterFirstPaint) return <Loading />;

  return (
    <Box sx={{ width: '100%' }} data-testid="sheet-grid">
      <Stack direction="row" spacing={2} alignItems="center" sx={{ px: 1, py: 0.5 }}>
        <ColumnChooser fields={fields} shown={columns.map((c) => c.source)} onChange={setShown} onReset={() => setShown(undefined)} />
        {/* the record of the selected cell, on its own page (history, members, visits) or in its form */}
        {(readOnly ? (['show'] as const) : (['show', 'edit'] as const)).map((type) => (
          <Button
            key={type}
            size="small"
            startIcon={type === 'show' ? <VisibilityIcon /> : <EditIcon />}
            disabled={!selected}
            onClick={() => selected && navigate(createPath({ resource, id: selected.id, type }))}
          >
            {translate(`ra.action.${type}`)}
          </Button>
        ))}
        <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }}>
          {translate('hub.grid.keyboard_help')}
        </Typography>
        {edits.saving ? <Typography variant="caption">{translate('hub.grid.saving')}</Typography> : null}
        <Typography variant="body2" data-testid="grid-total">
          {translate('hub.grid.total', { count: (scroll.count + added.filter((r) => !isNewId(r.id)).length).toLocaleString() })}
        </Typography>
      </Stack>
      {readOnly ? (
        <Alert severity="info" sx={{ mx: 1, mb: 1 }}>
          {translate('hub.grid.read_only_grid')}
        </Alert>
      ) : null}
      {edits.saving || isFetching ? <LinearProgress sx={{ height: 2 }} /> : <Box sx={{ height: 2 }} />}
      <Box ref={gridBox} sx={{ height: 'calc(100vh - 260px)', minHeight: 360, borderTop: 1, borderColor: 'divider', position: 'relative' }}>
        {finding ? (
          <FindBar
            cols={columns.length}
            rows={rows.length}
            textAt={textAt}
            onFound={(col, row) => focusCell(col, row, false)}
            onClose={() => {
              setFinding(false);
              gridRef.current?.focus();
            }}
          />
        ) : null}
        <DataEditorCore
          ref={gridRef}
          renderers={RENDERERS}
          imageWindowLoader={IMAGES}
          width="100%"
          height="100%"
          columns={gridColumns}
          rows={rows.length}
          getCellContent={getCellContent}
          customRenderers={CUSTOM_RENDERERS}
          provideEditor={provideEditor}
          freezeColumns={Math.min(frozen, columns.length)}
          rowMarkers={{ kind: 'number', startIndex: 1, width: 56 }}
          onVisibleRegionChanged={scroll.onVisibleRegionChanged}
          getRowThemeOverride={(row) => (row >= listed.length ? NEW_ROW_THEME : undefined)}
          smoothScrollX
          smoothScrollY
          getCellsForSelection
          onCellsEdited={onCellsEdited}
          onPaste={onPaste}
          onDelete={onDelete}
          fillHandle={!readOnly}
          gridSelection={selection}
          onGridSelectionChange={setSelection}
          onHeaderClicked={(col) => {
            const field = columns[col];
            if (field?.sortable)
              setSort({ field: field.source, order: sort.field === field.source && sort.order === 'ASC' ? 'DESC' : 'ASC' });
          }}
          onColumnResize={(column, size) => column.id && setWidth(column.id, size)}
          onItemHovered={onItemHovered}
          onKeyDown={onKeyDown}
          keybindings={KEYBINDINGS}
        />
      </Box>
      {tip ? (
        <Box
          role="tooltip"
          sx={{
            position: 'fixed',
            left: tip.x,
            top: tip.y + 2,
            zIndex: 1500,
            bgcolor: 'error.main',
            color: 'error.contrastText',
            px: 1,
            py: 0.5,
            borderRadius: 1,
            fontSize: 13,
            pointerEvents: 'none',
          }}
        >
          {tip.text}
        </Box>
      ) : null}
      {edits.pending.size > 0 ? (
        <ProblemsPanel
          problems={edits.problems}
          pendingRows={edits.pending.size}
          saving={edits.saving}
          rows={rows}
          columns={columns}
          firstRow={1}
          onFocus={focusCell}
          onRetry={() => void edits.retry()}
          onDiscard={edits.discard}
        />
      ) : null}
      {edits.conflict ? (
        <ConflictDialog
          resource={resource}
          conflict={edits.conflict}
          read={shown.find((r) => r.id === edits.conflict?.change.id)}
          columns={columns}
          referenceNames={referenceName}
          onReload={() => {
            edits.discard();
            void refetch();
          }}
          onReapply={edits.reapply}
          onClose={edits.closeConflict}
        />
      ) : null}
      <UnsavedGuard dirty={edits.pending.size > 0} onDiscard={edits.discard} />
    </Box>
  );
}
