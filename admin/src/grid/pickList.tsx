import { GridCellKind, drawTextCell, type CustomCell, type CustomRenderer, type ProvideEditorComponent } from '@glideapps/glide-data-grid';
import { useEffect, useRef } from 'react';
import { finishingMove, type Movement } from './editorKeys';

/** The options under a picking cell editor (a code table's labels, a link's records), the active one shown and kept in view. */
export function PickList({
  labels,
  keys,
  active,
  onPick,
}: {
  labels: readonly string[];
  keys: readonly string[];
  active: number;
  onPick: (index: number) => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <ul ref={listRef} role="listbox" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflowY: 'auto' }}>
      {labels.map((label, index) => (
        <li
          key={keys[index]}
          role="option"
          aria-selected={index === active}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(index);
          }}
          style={{ padding: '4px 8px', cursor: 'pointer', background: index === active ? '#e3f2fd' : undefined }}
        >
          {label}
        </li>
      ))}
    </ul>
  );
}

/**
 * A picking cell editor: a text box over the list of what it matches. Enter and Tab finish with the active
 * option (`onFinish`), the arrows move through the options, a click picks one (`onPick`).
 */
export function PickerEditor(props: {
  testId: string;
  /** the text box's accessible name */
  name: string;
  minWidth: number;
  typed: string;
  onType: (text: string) => void;
  labels: readonly string[];
  keys: readonly string[];
  active: number;
  onActive: (index: number) => void;
  onFinish: (index: number, move: Movement) => void;
  onPick: (index: number) => void;
}) {
  const count = props.labels.length;
  return (
    <div style={{ minWidth: props.minWidth, fontSize: 13 }} data-testid={props.testId}>
      <input
        autoFocus
        value={props.typed}
        aria-label={props.name}
        style={{ width: '100%', boxSizing: 'border-box', border: 0, outline: 0, padding: '4px 6px', font: 'inherit' }}
        onChange={(e) => props.onType(e.target.value)}
        onKeyDown={(e) => {
          const move = finishingMove(e);
          if (move) {
            e.preventDefault();
            e.stopPropagation();
            props.onFinish(props.active, move);
            return;
          }
          if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && count) {
            e.preventDefault();
            e.stopPropagation();
            props.onActive((props.active + (e.key === 'ArrowDown' ? 1 : -1) + count) % count);
          }
        }}
      />
      <PickList labels={props.labels} keys={props.keys} active={props.active} onPick={props.onPick} />
    </div>
  );
}

/** A custom cell drawn as its label and edited by a picker (ChoiceCell, ReferenceEditor). */
export function labelCellRenderer<T extends CustomCell<{ kind: string; label: string }>>(
  kind: T['data']['kind'],
  editor: ProvideEditorComponent<T>,
  onPaste: (text: string, data: T['data']) => T['data'] | undefined,
): CustomRenderer<T> {
  return {
    kind: GridCellKind.Custom,
    isMatch: (cell: CustomCell): cell is T => (cell.data as { kind?: string }).kind === kind,
    draw: (args, cell) => {
      drawTextCell(args, cell.data.label, cell.contentAlign);
      return true;
    },
    provideEditor: () => ({ editor, disablePadding: true }),
    onPaste,
  };
}
