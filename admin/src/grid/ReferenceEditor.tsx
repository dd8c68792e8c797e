import type { CustomCell, ProvideEditorComponent } from '@glideapps/glide-data-grid';
import { useEffect, useState } from 'react';
import { useDataProvider, useGetIdentity, type RaRecord } from 'react-admin';
import type { HubIdentity } from '../authProvider';
import { PickerEditor, labelCell, labelCellRenderer, usePickerText } from './pickList';
import type { GridField } from './types';

/**
 * A link cell (a household's village, a member's household, a pairing's cadre): shows the linked record's
 * name, edits with a searchable picker of the records the clerk may link to. Typed or pasted text that is
 * not picked goes to the server as a name (a village's name, a household's 户编号), which resolves it
 * within the writer's scope for the whole paste at once, or says which name it did not find where.
 */
interface ReferenceData {
  readonly kind: 'reference-cell';
  /** the linked record's ID, or a name as typed */
  readonly value: string | null;
  readonly label: string;
  readonly reference: NonNullable<GridField['reference']>;
}
export type ReferenceCellType = CustomCell<ReferenceData>;

export function referenceCell(
  data: Omit<ReferenceData, 'kind'> & { themeOverride?: ReferenceCellType['themeOverride'] },
): ReferenceCellType {
  const { themeOverride, ...rest } = data;
  return labelCell<ReferenceData>({ kind: 'reference-cell', ...rest }, themeOverride);
}

/** How many records the picker offers: enough to pick from, few enough to read at a glance. */
const OPTIONS = 30;
/** Typing pauses this long before the server is asked (one request per pause, not per key). */
const DEBOUNCE_MS = 250;

/** Public division data a clerk reads whole but links only within her scope: the filter that narrows it. */
function scopeFilter(resource: string, identity: HubIdentity | undefined): Record<string, unknown> {
  if (identity?.role !== 'CLERK' || resource !== 'villages') return {};
  const townships = identity.townships?.map((t) => t.id) ?? [];
  const villages = identity.villages?.map((v) => v.id) ?? [];
  return villages.length && !townships.length ? { id: villages } : { township: townships };
}

const ReferenceEditor: ProvideEditorComponent<ReferenceCellType> = ({ value: cell, onChange, onFinishedEditing, initialValue }) => {
  const { reference } = cell.data;
  const dataProvider = useDataProvider();
  const { identity } = useGetIdentity();
  const { typed, type, active, setActive } = usePickerText(initialValue);
  const [found, setFound] = useState<{ query: string; records: RaRecord[] }>({ query: '\u0000', records: [] });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const query = typed.trim();
      dataProvider
        .getList(reference.resource, {
          filter: { ...(query ? { q: query } : {}), ...scopeFilter(reference.resource, identity as HubIdentity | undefined) },
          pagination: { page: 1, perPage: OPTIONS },
          sort: { field: 'id', order: 'ASC' },
        })
        .then(
          ({ data }) => live && setFound({ query: typed, records: data }),
          () => live && setFound({ query: typed, records: [] }),
        );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [typed, reference.resource, dataProvider, identity]);

  // offers only what matches the text as it stands (an answer to an older query is not shown)
  const options = found.query === typed ? found.records : [];
  const exact = options.findIndex((r) => reference.nameOf(r) === typed.trim());
  const current = exact >= 0 && active === 0 ? exact : Math.min(active, options.length - 1);

  const withValue = (value: string | null, label: string): ReferenceCellType => ({
    ...cell,
    copyData: label,
    data: { ...cell.data, value, label },
  });
  /** The picked record, else the text as typed (a name for the server to resolve), else nothing changed. */
  const result = (index: number): ReferenceCellType | undefined => {
    const record = options[index];
    if (record) return withValue(String(record.id), reference.nameOf(record));
    const text = typed.trim();
    return text ? withValue(text, text) : undefined;
  };

  return (
    <PickerEditor
      kind="reference"
      typed={typed}
      onType={(text) => {
        type(text);
        if (text.trim()) onChange(withValue(text.trim(), text.trim()));
      }}
      options={options.map((r) => ({ value: String(r.id), label: reference.nameOf(r) }))}
      active={current}
      onActive={setActive}
      onFinish={(index, move) => onFinishedEditing(result(index), move)}
      onPick={(index) => onFinishedEditing(result(index), [0, 0])}
    />
  );
};

// a pasted name goes to the server as it is (SheetGrid's onPaste), which resolves it
export const referenceRenderer = labelCellRenderer<ReferenceCellType>('reference-cell', ReferenceEditor, (text, data) => ({
  ...data,
  value: text.trim() || null,
  label: text.trim(),
}));
