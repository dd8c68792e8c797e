import { GridCellKind, drawTextCell, type CustomCell, type CustomRenderer, type ProvideEditorComponent } from '@glideapps/glide-data-grid';
import { useEffect, useRef } from 'react';

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
