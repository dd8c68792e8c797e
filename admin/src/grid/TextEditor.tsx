import {
  GridCellKind,
  TextCellEntry,
  type GridCell,
  type ProvideEditorCallbackResult,
  type ProvideEditorComponent,
  type TextCell,
} from '@glideapps/glide-data-grid';
import { useLayoutEffect, useState } from 'react';
import { finishingMove } from './editorKeys';
import { takeInsertedText } from './useInsertedText';

/** Glide's own text cell editor, but finishing on Enter and Tab at once (see finishingMove). */
const TextEditor: ProvideEditorComponent<TextCell> = ({ value, onChange, onFinishedEditing, isHighlighted, validatedSelection }) => {
  // opened by text that came without key events (useInsertedText): start with that text (before it paints)
  const [inserted] = useState(takeInsertedText);
  useLayoutEffect(() => {
    if (inserted !== undefined) onChange({ ...value, data: inserted });
    // (once, as the editor opens)
  }, []);
  return (
    <TextCellEntry
      highlight={isHighlighted}
      autoFocus={value.readonly !== true}
      disabled={value.readonly === true}
      altNewline
      value={value.data}
      validatedSelection={validatedSelection}
      onChange={(e) => onChange({ ...value, data: e.target.value })}
      onKeyDown={(e) => {
        const move = finishingMove(e);
        if (!move) return;
        e.preventDefault();
        e.stopPropagation();
        // the text as the clerk sees it, not the last value React rendered
        onFinishedEditing({ ...value, data: e.currentTarget.value }, move);
      }}
    />
  );
};

/** The grid's editors for Glide's built-in cell kinds (custom cells bring their own). */
export function provideEditor(cell: GridCell): ProvideEditorCallbackResult<GridCell> {
  return cell.kind === GridCellKind.Text ? (TextEditor as ProvideEditorCallbackResult<GridCell>) : undefined;
}
