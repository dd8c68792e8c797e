import type { CustomCell, ProvideEditorComponent } from '@glideapps/glide-data-grid';
import { useEffect, useMemo } from 'react';
import { PickerEditor, labelCell, labelCellRenderer, usePickerText } from './pickList';

/**
 * An enum (code table) cell: shows the Chinese label, edits with a filtered dropdown. Glide has no
 * dropdown cell in its core (its extra cells package pulls in react-select), so this is one custom cell.
 */
interface ChoiceData {
  readonly kind: 'choice-cell';
  readonly value: string | null;
  readonly label: string;
  readonly choices: ReadonlyArray<{ value: string; label: string }>;
  readonly required: boolean;
}
export type ChoiceCellType = CustomCell<ChoiceData>;

export function choiceCell(data: Omit<ChoiceData, 'kind'> & { themeOverride?: ChoiceCellType['themeOverride'] }): ChoiceCellType {
  const { themeOverride, ...rest } = data;
  return labelCell<ChoiceData>({ kind: 'choice-cell', ...rest }, themeOverride);
}

/** Choices whose label or code contains what was typed, labels starting with it first. */
export function matchChoices(choices: ChoiceData['choices'], typed: string): ChoiceData['choices'] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return choices;
  const hits = choices.filter((c) => c.label.toLowerCase().includes(needle) || c.value.toLowerCase().includes(needle));
  return [
    ...hits.filter((c) => c.label.toLowerCase().startsWith(needle)),
    ...hits.filter((c) => !c.label.toLowerCase().startsWith(needle)),
  ];
}

const ChoiceEditor: ProvideEditorComponent<ChoiceCellType> = ({ value: cell, onChange, onFinishedEditing, initialValue }) => {
  const { choices, value } = cell.data;
  // the cell's own value is the active choice until something is typed
  const { typed, type, active, setActive } = usePickerText(initialValue, (text) =>
    Math.max(0, initialValue ? 0 : matchChoices(choices, text).findIndex((c) => c.value === value)),
  );
  const shown = useMemo(() => matchChoices(choices, typed), [choices, typed]);

  const picked = (index: number): ChoiceCellType | undefined => {
    const choice = shown[index];
    return choice && { ...cell, copyData: choice.label, data: { ...cell.data, value: choice.value, label: choice.label } };
  };
  const pick = (index: number) => {
    setActive(index);
    const next = picked(index);
    if (next) onChange(next);
  };
  // What was typed to open the editor picks the first match at once, so "一般⏎" just works.
  useEffect(() => {
    if (shown.length) pick(Math.min(active, shown.length - 1));
    // (re-pick only when the matches change)
  }, [shown]);

  return (
    <PickerEditor
      kind="choice"
      typed={typed}
      onType={type}
      options={shown}
      active={active}
      onActive={pick}
      // Enter / Tab save the highlighted choice (nothing when no choice matches what was typed)
      onFinish={(index, move) => onFinishedEditing(picked(Math.min(index, shown.length - 1)), move)}
      onPick={pick}
    />
  );
};

// Pasted text goes to the server as text (it knows labels too), so paste keeps the label as typed.
export const choiceRenderer = labelCellRenderer<ChoiceCellType>('choice-cell', ChoiceEditor, (text, data) => {
  const choice = data.choices.find((c) => c.label === text.trim() || c.value === text.trim());
  return choice ? { ...data, value: choice.value, label: choice.label } : undefined;
});
