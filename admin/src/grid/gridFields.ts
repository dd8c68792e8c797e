import type { RaRecord, ResourceDefinition } from 'react-admin';
import type { FieldSchema, HubSchema } from '../dataProvider/schema';
import type { GridField } from './types';

/** How a referenced record is named in a cell: its resource's recordRepresentation, else its name. */
function namer(definition: ResourceDefinition | undefined): (record: RaRecord) => string {
  const representation = definition?.recordRepresentation;
  if (typeof representation === 'string') return (record) => String(record[representation] ?? record.id);
  if (typeof representation === 'function') {
    return (record) => {
      const shown: unknown = representation(record);
      return typeof shown === 'string' || typeof shown === 'number' ? String(shown) : fallbackName(record);
    };
  }
  return fallbackName;
}

/** A record with no representation of its own (a pairing): its name-like field, else its number. */
function fallbackName(record: RaRecord): string {
  for (const key of ['name', 'title', 'householdNumber', 'personNumber', 'code', 'documentNumber']) {
    if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  }
  // global ids are base64 of "Type:number"
  const decoded = /^[A-Za-z0-9+/=]+$/.test(String(record.id)) ? atob(String(record.id)) : '';
  return decoded.includes(':') ? `#${decoded.split(':').pop()}` : String(record.id);
}

function toGridField(field: FieldSchema, schema: HubSchema, zh: boolean, definitions: Record<string, ResourceDefinition>): GridField {
  const codes = field.enumName ? schema.codeTables[field.enumName] : undefined;
  return {
    source: field.name,
    input: field.name,
    label: zh ? field.label.zh : field.label.en,
    kind: field.kind,
    editable: field.editable && !field.derived,
    required: field.requiredOnCreate,
    sortable: !!field.sortField,
    ...(codes ? { choices: codes.map((c) => ({ value: c.value, label: zh ? c.zh : c.en })) } : {}),
    ...(field.reference ? { reference: { resource: field.reference, nameOf: namer(definitions[field.reference]) } } : {}),
  };
}

/**
 * Every column the grid offers for a resource (its column chooser; a view picks its default ones by name), from
 * the record types' metadata in the UI's language. Undefined for a resource the metadata does not describe.
 */
export function gridFieldsOf(
  schema: HubSchema,
  resource: string,
  zh: boolean,
  definitions: Record<string, ResourceDefinition> = {},
): GridField[] | undefined {
  return schema.resources[resource]?.fields.map((f) => toGridField(f, schema, zh, definitions));
}
