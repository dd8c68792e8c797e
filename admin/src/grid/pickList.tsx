import { GridCellKind, drawTextCell, type CustomCell, type CustomRenderer, type ProvideEditorComponent } from '@glideapps/glide-data-grid';
import { useEffect, useRef, useState } from 'react';
import { finishingMove, type Movement } from './editorKeys';
import { takeInsertedText } from './useInsertedText';

/** The options under a picking cell editor (a code table's labels, a link's records), the active one shown and kept in view. */
function PickList({
  options,
  active,
  onPick,
}: {
  options: readonly { value: string; label: string }[];
  active: number;
  onPick: (index: number) => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <ul ref={listRef} role="listbox" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflowY: 'auto' }}>
      {options.map(({ value, label }, index) => (
        <li
          key={value}
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

/** The picking editors: their test id, their text box's accessible name, their width. */
const PICKERS = {
  choice: { name: 'choice filter', minWidth: 180 },
  reference: { name: 'reference search', minWidth: 220 },
};

/**
 * A picking editor's text and active option. The text starts as what was typed to open the editor
 * (useInsertedText), else the cell's own; typing makes the first match the active one again.
 */
export function usePickerText(initialValue: string | undefined, initialActive: (typed: string) => number = () => 0) {
  const [typed, setTyped] = useState(() => takeInsertedText() ?? initialValue ?? '');
  const [active, setActive] = useState(() => initialActive(typed));
  const type = (text: string) => {
    setTyped(text);
    setActive(0);
  };
  return { typed, type, active, setActive };
}

/**
 * A picking cell editor (a code table's labels, a link's records): a text box over the options it matches.
 * Enter and Tab finish with the active option (`onFinish`), the arrows move through the options, a click
 * picks one (`onPick`).
 */
export function PickerEditor(props: {
  kind: keyof typeof PICKERS;
  typed: string;
  onType: (text: string) => void;
  options: readonly { value: string; label: string }[];
  active: number;
  onActive: (index: number) => void;
  onFinish: (index: number, move: Movement) => void;
  onPick: (index: number) => void;
}) {
  const { name, minWidth } = PICKERS[props.kind];
  const count = props.options.length;
  return (
    <div style={{ minWidth, fontSize: 13 }} data-testid={`${props.kind}-editor`}>
      <input
        autoFocus
        value={props.typed}
        aria-label={name}
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
      <PickList options={props.options} active={props.active} onPick={props.onPick} />
    </div>
  );
}

/** A picking cell's value (ChoiceCell, ReferenceEditor): edited in the picker overlay, copied as its label. */
export function labelCell<D extends { kind: string; label: string }>(data: D, themeOverride: CustomCell['themeOverride']): CustomCell<D> {
  return {
    kind: GridCellKind.Custom,
    allowOverlay: true,
    copyData: data.label,
    data,
    ...(themeOverride ? { themeOverride } : {}),
  };
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
