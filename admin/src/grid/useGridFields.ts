import { useMemo } from 'react';
import { useLocaleState, useResourceDefinitions, type RaRecord, type ResourceDefinition } from 'react-admin';
import { useHubSchema, type FieldSchema, type HubSchema } from '../dataProvider';
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
 * The grid's columns for a resource, from the data provider's schema metadata (field kinds, labels, code
 * tables, which fields the patch input takes) in the UI's language. Undefined until the metadata is read.
 */
export function useGridFields(resource: string): GridField[] | undefined {
  const { schema } = useHubSchema();
  const [locale] = useLocaleState();
  const definitions = useResourceDefinitions();
  return useMemo(() => {
    const described = schema?.resources[resource];
    if (!schema || !described) return undefined;
    return described.fields.map((f) => toGridField(f, schema, !locale.startsWith('en'), definitions));
  }, [schema, resource, locale, definitions]);
}
