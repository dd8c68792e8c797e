import { GridCellKind, type GridCell, type Theme } from '@glideapps/glide-data-grid';
import { choiceCell } from './ChoiceCell';
import { referenceCell } from './ReferenceEditor';
import type { GridField } from './types';

/** How a cell stands besides its value: edited but not saved, refused by the server, or plain. */
export type CellState = 'saved' | 'pending' | 'refused';

const STATE_THEME: Record<CellState, Partial<Theme> | undefined> = {
  saved: undefined,
  // 未保存 — kept until saved or discarded
  pending: { bgCell: '#fff8e1' },
  // 被拒绝 — the message shows on hover and in the problems panel
  refused: { bgCell: '#fde7e9', textDark: '#b3261e', borderColor: '#e57373' },
};

const NUMERIC = new Set<GridField['kind']>(['int', 'decimal']);

/** The text a value shows as (and is copied out as): labels for codes, 是/否 for booleans. */
export function displayText(field: GridField, value: unknown, yesNo: { yes: string; no: string }): string {
  if (value === null || value === undefined) return '';
  switch (field.kind) {
    case 'enum':
      return field.choices?.find((c) => c.value === value)?.label ?? String(value);
    case 'enumList':
      return (Array.isArray(value) ? value : [value]).map((v) => field.choices?.find((c) => c.value === v)?.label ?? String(v)).join('、');
    case 'boolean':
      return value === true ? yesNo.yes : value === false ? yesNo.no : String(value);
    case 'datetime':
      return String(value).replace('T', ' ').slice(0, 16);
    default:
      return String(value);
  }
}

export interface CellInput {
  field: GridField;
  /** the saved value, or what was typed when the cell has an unsaved edit */
  value: unknown;
  /** the value is what was typed or pasted (shown as is), not a saved value */
  typed: boolean;
  /** the reference's name, for reference cells */
  referenceName?: string | undefined;
  state: CellState;
  /** the whole grid is read-only (analysts) */
  readOnly: boolean;
  yesNo: { yes: string; no: string };
}

/** One Glide cell for one field's value. */
export function toGridCell({ field, value, typed, referenceName, state, readOnly, yesNo }: CellInput): GridCell {
  const editable = field.editable && !readOnly;
  const themeOverride = STATE_THEME[state];
  const base = { ...(themeOverride ? { themeOverride } : {}) };
  // An unsaved cell shows the text as typed, so the clerk corrects exactly what was refused.
  // (a code picked from the dropdown is pending as its code: show its label)
  const text =
    !typed || field.choices?.some((c) => c.value === value)
      ? displayText(field, value, yesNo)
      : value === null || value === undefined
        ? ''
        : String(value);

  if (field.kind === 'boolean' && !typed) {
    return {
      ...base,
      kind: GridCellKind.Boolean,
      data: value === null ? null : value === true,
      allowOverlay: false,
      readonly: !editable,
      copyData: text,
    };
  }
  if (field.kind === 'enum' && !typed && editable) {
    return choiceCell({
      ...base,
      value: typeof value === 'string' ? value : null,
      label: text,
      choices: field.choices ?? [],
      required: field.required,
    });
  }
  if (field.kind === 'reference' && editable && field.reference) {
    const label = referenceName ?? '';
    // the record's link as the provider gives it (`{ id }` or the ID), or what was typed or picked
    const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : value;
    return referenceCell({ ...base, value: id === null || id === undefined ? null : String(id), label, reference: field.reference });
  }
  if (field.kind === 'reference') {
    const name = referenceName ?? '';
    return { ...base, kind: GridCellKind.Text, data: name, displayData: name, allowOverlay: false, readonly: true };
  }
  return {
    ...base,
    kind: GridCellKind.Text,
    data: text,
    displayData: text,
    allowOverlay: editable,
    readonly: !editable,
    ...(NUMERIC.has(field.kind) ? { contentAlign: 'right' as const } : {}),
  };
}

/** What an edited cell sends: the text (the server parses it by type), a boolean as is, a code as is. */
export function editedValue(cell: GridCell): unknown {
  switch (cell.kind) {
    case GridCellKind.Boolean:
      return cell.data ?? null;
    case GridCellKind.Text:
      return cell.data;
    case GridCellKind.Custom:
      return (cell.data as { value?: unknown }).value ?? null;
    default:
      return undefined;
  }
}

/** A row not read yet: Glide draws it as loading until its block arrives. */
export const loadingCell: GridCell = { kind: GridCellKind.Loading, allowOverlay: false };

/** The first cell of the empty row at the bottom: a hint, and where typing starts a new record. */
export function newRowHint(hint: string, editable: boolean): GridCell {
  return {
    kind: GridCellKind.Text,
    data: '',
    displayData: hint,
    allowOverlay: editable,
    readonly: !editable,
    themeOverride: { textDark: '#9e9e9e' },
  };
}
