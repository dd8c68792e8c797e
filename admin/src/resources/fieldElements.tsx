/**
 * One display field and one input per field kind, from the schema metadata: enums as Chinese labels with a
 * dropdown, links as a searchable picker, dates as date inputs, decimals, booleans.
 */
import { Chip, Stack, Typography } from '@mui/material';
import { cloneElement, type ReactElement } from 'react';
import {
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  DataTable,
  DateField,
  DateInput,
  FormDataConsumer,
  NullableBooleanInput,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  SelectArrayInput,
  SelectInput,
  TextField,
  TextInput,
  required,
  useLocaleState,
  useRecordContext,
} from 'react-admin';
import { useCodeTable, useResourceSchema, type FieldSchema } from '../dataProvider';

/** Free text that runs to sentences gets a multi-line input. */
const LONG_TEXT = new Set(['note', 'description', 'content', 'followUps', 'address']);

/** Years read as 2016, not 2,016. */
const isYear = (field: FieldSchema) => /year$/i.test(field.name);

function useCodeLabel(enumName: string | undefined): (value: unknown) => string {
  const table = useCodeTable(enumName);
  const [locale] = useLocaleState();
  return (value) => {
    const entry = table.find((e) => e.value === value);
    return entry ? (locale.startsWith('en') ? entry.en : entry.zh) : value == null ? '' : String(value);
  };
}

/** An enum value as its label in the UI's language. */
export const EnumField = ({ source, enumName }: { source: string; enumName: string; label?: string }) => {
  const record = useRecordContext();
  const label = useCodeLabel(enumName);
  return (
    <Typography component="span" variant="body2">
      {label(record?.[source])}
    </Typography>
  );
};

/** A list of enum values as chips. */
export const EnumListField = ({ source, enumName }: { source: string; enumName: string; label?: string }) => {
  const record = useRecordContext();
  const label = useCodeLabel(enumName);
  const values = (record?.[source] as unknown[] | undefined) ?? [];
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {values.map((value) => (
        <Chip key={String(value)} label={label(value)} size="small" />
      ))}
    </Stack>
  );
};

/** The display of one field (in a list cell or on a show page). */
export function fieldElement(field: FieldSchema, label: string): ReactElement {
  const common = { source: field.name, label };
  switch (field.kind) {
    case 'reference':
      return <ReferenceField {...common} reference={field.reference!} link="show" emptyText="—" />;
    case 'enum':
      return <EnumField {...common} enumName={field.enumName!} />;
    case 'enumList':
      return <EnumListField {...common} enumName={field.enumName!} />;
    case 'boolean':
      return <BooleanField {...common} looseValue />;
    case 'date':
      return <DateField {...common} emptyText="—" />;
    case 'datetime':
      return <DateField {...common} showTime emptyText="—" />;
    case 'int':
      return <NumberField {...common} options={isYear(field) ? { useGrouping: false } : undefined} emptyText="—" />;
    default:
      // decimals come as exact strings ("1200.50"): shown as stored, never through a float
      return <TextField {...common} emptyText="—" />;
  }
}

/** A small table of records, one column per field, sortable where the hub sorts (related-record panels). */
export const SchemaTable = ({ fields, labelOf }: { fields: FieldSchema[]; labelOf: (label: FieldSchema['label']) => string }) => (
  <DataTable rowClick="show" bulkActionButtons={false}>
    {fields.map((field) => (
      <DataTable.Col key={field.name} source={field.name} label={labelOf(field.label)} disableSort={!field.sortField}>
        {fieldElement(field, labelOf(field.label))}
      </DataTable.Col>
    ))}
  </DataTable>
);

/** Dropdown choices from a code table, in the UI's language. */
function useChoices(enumName: string | undefined) {
  const table = useCodeTable(enumName);
  const [locale] = useLocaleState();
  return table.map((e) => ({ id: e.value, name: locale.startsWith('en') ? e.en : e.zh }));
}

const EnumInput = ({ field, label, validate }: { field: FieldSchema; label: string; validate?: ReturnType<typeof required> }) => {
  const choices = useChoices(field.enumName);
  return field.kind === 'enumList' ? (
    <SelectArrayInput source={field.name} label={label} choices={choices} validate={validate} />
  ) : (
    <SelectInput source={field.name} label={label} choices={choices} validate={validate} emptyText="—" />
  );
};

/**
 * A link to another record: a search-as-you-type picker (the target's own search, else its text fields); a plain dropdown
 * of the first hundred when the target has nothing to search by (a pairing, named by the records it links).
 * When the form already links a record the target links too (a household's village, for its group), the
 * choices are narrowed to it: only that village's groups.
 */
const ReferencePicker = ({
  source,
  reference,
  label,
  validate,
}: {
  source: string;
  reference: string;
  label: string;
  validate?: ReturnType<typeof required>;
}) => {
  const target = useResourceSchema(reference);
  const searchable = !!target?.search || !!target?.searchFields.length;
  const narrowing = (target?.fields ?? []).filter((f) => f.kind === 'reference' && f.filterName && f.name !== source).map((f) => f.name);
  return (
    <FormDataConsumer>
      {({ formData }) => (
        <ReferenceInput
          source={source}
          reference={reference}
          filter={Object.fromEntries(narrowing.filter((name) => formData?.[name]).map((name) => [name, formData[name]]))}
          perPage={searchable ? 25 : 100}
        >
          {searchable ? (
            <AutocompleteInput label={label} validate={validate} filterToQuery={(q: string) => ({ q })} />
          ) : (
            <SelectInput label={label} validate={validate} emptyText="—" />
          )}
        </ReferenceInput>
      )}
    </FormDataConsumer>
  );
};

/** The input of one field in a create or edit form. */
export function inputElement(field: FieldSchema, label: string): ReactElement {
  const validate = field.requiredOnCreate ? required() : undefined;
  const common = { source: field.name, label, validate };
  switch (field.kind) {
    case 'reference':
      return <ReferencePicker {...common} reference={field.reference!} />;
    case 'enum':
    case 'enumList':
      return <EnumInput field={field} label={label} validate={validate} />;
    case 'boolean':
      return field.nullable ? <NullableBooleanInput {...common} /> : <BooleanInput {...common} />;
    case 'date':
      return <DateInput {...common} />;
    case 'int':
      return <NumberInput {...common} step={1} />;
    case 'decimal':
      return <NumberInput {...common} step={0.01} />;
    default:
      return <TextInput {...common} multiline={LONG_TEXT.has(field.name)} />;
  }
}

/** A filter for the list's filter bar: the same inputs, never required. */
export function filterElement(field: FieldSchema, label: string, alwaysOn = false): ReactElement {
  return cloneElement(inputElement({ ...field, requiredOnCreate: false, nullable: true }, label), { key: field.name, alwaysOn });
}
