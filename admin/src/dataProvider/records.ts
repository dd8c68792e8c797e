/**
 * Between the hub's GraphQL records and react-admin's flat ones: the selection that fetches a record, the
 * flattening of its to-one links to ids, the patch of what changed, and react-admin's filters and sorts.
 */
import type { FieldSchema, ResourceSchema } from './schema';

/** A record as react-admin holds it: scalars and enums by name, to-one links as `villageId`. */
export type FlatRecord = { id: string; version: number } & Record<string, unknown>;

/** The fields a list or a form needs: every scalar, enum and to-one link (its id only). */
export function selection(resource: ResourceSchema): string {
  const fields = resource.fields.map((f) => (f.kind === 'reference' ? `${f.graphqlName} { id }` : f.graphqlName));
  return ['id', 'version', ...fields].join(' ');
}

export function flatten(resource: ResourceSchema, node: Record<string, unknown>): FlatRecord {
  const record: Record<string, unknown> = { id: node.id, version: node.version };
  for (const field of resource.fields) {
    const value = node[field.graphqlName];
    record[field.name] = field.kind === 'reference' ? ((value as { id?: string } | null)?.id ?? null) : value;
  }
  return record as FlatRecord;
}

/** What a form holds, as the hub takes it: decimals as strings, blank text as nothing. */
function inputValue(field: FieldSchema, value: unknown): unknown {
  if (value === undefined) return undefined;
  // blank is "none" for numbers, dates, links and for text the record may lack (a phone); text that is never null stays ""
  if (value === '' && (field.kind !== 'text' || field.nullable)) return null;
  if (field.kind === 'decimal' && typeof value === 'number') return String(value);
  if (field.kind === 'int' && typeof value === 'string' && value.trim() !== '') return Number(value);
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  // a form's "" for a field the record had as null is no change
  if ((a === '' || a === null || a === undefined) && (b === '' || b === null || b === undefined)) return true;
  return String(a) === String(b);
}

/** The create input: every creatable field the form filled in. */
export function createInput(resource: ResourceSchema, data: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of resource.fields) {
    if (!field.creatable) continue;
    const value = inputValue(field, data[field.name]);
    if (value !== undefined && value !== null && value !== '') input[field.name] = value;
  }
  return input;
}

/** The patch of an update: only the editable fields whose value differs from what was read. */
export function patchOf(
  resource: ResourceSchema,
  data: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of resource.fields) {
    if (!field.editable || !(field.name in data)) continue;
    const value = inputValue(field, data[field.name]);
    if (previous && same(value, previous[field.name])) continue;
    patch[field.name] = value;
  }
  return patch;
}

/** react-admin's `{ field, order }` as the type's orderBy; unsortable fields fall back to the hub's default order. */
export function orderBy(
  resource: ResourceSchema,
  sort: { field: string; order: string } | undefined,
): { field: string; direction: 'ASC' | 'DESC' }[] | undefined {
  if (!sort?.field) return undefined;
  const direction = sort.order === 'DESC' ? 'DESC' : 'ASC';
  if (sort.field === 'id') return [{ field: 'ID', direction }];
  const field = resource.fields.find((f) => f.name === sort.field || f.graphqlName === sort.field);
  return field?.sortField ? [{ field: field.sortField, direction }] : undefined;
}

const OPERATORS: Record<string, string> = {
  _in: 'in',
  _nin: 'notIn',
  _gte: 'gte',
  _lte: 'lte',
  _gt: 'gt',
  _lt: 'lt',
  _ne: 'ne',
  _contains: 'contains',
  _isNull: 'isNull',
};

/**
 * react-admin's filter values as the type's filter input:
 * `q` the type's own search where it has one, else a search over its text fields; `townshipId`/`villageId` the division shortcuts; `field` (or `villageId`
 * for the link `village`) equality, a list meaning any of; `field_in`, `_gte`, `_lte`, `_gt`, `_lt`, `_ne`,
 * `_contains`, `_isNull` the operators. Unknown keys are refused rather than silently dropped.
 */
export function toFilter(resource: ResourceSchema, values: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const conditions: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0 && !key.endsWith('_in')))
      continue;
    if (key === 'q') {
      const text = String(value).trim();
      if (!text) continue;
      // a type with a search of its own (households: by number, any member's name, ID number) is searched by the hub
      if (resource.search) {
        conditions.push({ search: text });
        continue;
      }
      const any = resource.searchFields
        // a field the user reads masked is never searched (the hub refuses it); phones and ID numbers only whole
        .filter((f) => !f.masked)
        .map((f) => ({ [f.filterName!]: f.sensitive ? { eq: text } : { contains: text } }));
      if (any.length) conditions.push({ or: any });
      continue;
    }
    if (resource.shortcuts.includes(key)) {
      conditions.push({ [key]: value });
      continue;
    }
    const suffix = Object.keys(OPERATORS).find((s) => key.endsWith(s));
    const name = suffix ? key.slice(0, -suffix.length) : key;
    const field = resource.fields.find((f) => f.name === name || f.graphqlName === name);
    const filterName = name === 'id' ? 'id' : field?.filterName;
    if (!filterName) throw new Error(`${resource.name} cannot be filtered on ${key}`);
    const operator = suffix ? OPERATORS[suffix]! : Array.isArray(value) ? 'in' : 'eq';
    conditions.push({ [filterName]: { [operator]: value } });
  }
  if (!conditions.length) return undefined;
  // one object when the keys do not collide, so the common filter reads as the API documents it
  const merged: Record<string, unknown> = {};
  for (const condition of conditions) {
    const [key, value] = Object.entries(condition)[0]!;
    if (key in merged) return { and: conditions };
    merged[key] = value;
  }
  return merged;
}

/** Most rows one request reads (the hub's page maximum). */
const MAX_PAGE = 500;

/** react-admin's getList parameters, as the data provider reads them. */
export interface ListParams {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: string };
  filter?: Record<string, unknown>;
}

/** The hub's answer to a list read. */
export interface ListAnswer {
  list: { totalCount: number; nodes: Record<string, unknown>[] };
}

/**
 * A list read as GraphQL: a page of the root list in the order and filter asked, with the total count. The one
 * way to build it: the data provider's getList, and the page's first script asking for a list's first rows
 * early (boot.ts), whose answer getList takes when it asks the very same.
 */
export function listRequest(resource: ResourceSchema, params: ListParams): { query: string; variables: Record<string, unknown> } {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const query = `query List($first: Int, $offset: Int, $filter: ${resource.typeName}Filter, $orderBy: [${resource.typeName}OrderBy!]) {
      list: ${resource.name}(first: $first, offset: $offset, filter: $filter, orderBy: $orderBy) { totalCount nodes { ${selection(resource)} } }
    }`;
  const variables = {
    first: Math.min(perPage, MAX_PAGE),
    offset: (page - 1) * perPage,
    filter: toFilter(resource, params.filter),
    orderBy: orderBy(resource, params.sort),
  };
  return { query, variables };
}
