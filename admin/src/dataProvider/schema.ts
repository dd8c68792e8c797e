/**
 * The hub's record types as the admin sees them, read from the GraphQL schema itself (introspection, allowed
 * to signed-in users) and the `codeTables` query, in one request made once. Nothing here names a record
 * type: the tenth resource is described as the first.
 */
import type { GraphQLClient } from '../graphql';

export interface Label {
  zh: string;
  en: string;
}

export type FieldKind = 'text' | 'int' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'enum' | 'enumList' | 'reference';

export interface FieldSchema {
  /** the key in a flat record: the GraphQL name, `villageId` for the to-one link `village` */
  name: string;
  /** the field on the GraphQL type (`village` for `villageId`) */
  graphqlName: string;
  kind: FieldKind;
  /** enum and enumList: the code table (GraphQL enum) whose labels to show */
  enumName?: string;
  /** reference: the resource it points to (`villages`) */
  reference?: string;
  /** the record may lack it (the output field is nullable) */
  nullable: boolean;
  /** present in the type's patch input */
  editable: boolean;
  /** non-null without a default in the create input */
  requiredOnCreate: boolean;
  /** part of the create input */
  creatable: boolean;
  label: Label;
  /** masked for analysts and partners (phones, resident IDs) */
  sensitive: boolean;
  /** computed by the hub, never typed in */
  derived: boolean;
  /** the key in the type's filter input, when it can be filtered on */
  filterName?: string;
  /** the value of the type's sort-field enum, when it can be sorted on */
  sortField?: string;
}

export interface ResourceSchema {
  /** the root list's name, which is also the react-admin resource name: `households` */
  name: string;
  /** the GraphQL type: `Household` */
  typeName: string;
  label: Label;
  /** in the type's own order (alphabetical, as the schema prints them); views choose theirs */
  fields: FieldSchema[];
  /** the division shortcuts its filter offers (`townshipId`, `villageId`) */
  shortcuts: string[];
  /** text fields a search box (`q`) looks in: `contains` on plain text, `eq` on sensitive ones */
  searchFields: FieldSchema[];
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** it has a `history` connection */
  hasHistory: boolean;
}

export interface CodeEntry {
  value: string;
  zh: string;
  en: string;
}

export interface HubSchema {
  resources: Record<string, ResourceSchema>;
  /** GraphQL type name → resource name */
  resourceOfType: Record<string, string>;
  /** code tables by name (`HouseholdStatus`) */
  codeTables: Record<string, CodeEntry[]>;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedField {
  name: string;
  description: string | null;
  args: { name: string }[];
  type: TypeRef;
}

interface IntrospectedType {
  kind: string;
  name: string;
  description: string | null;
  fields: IntrospectedField[] | null;
  inputFields: { name: string; type: TypeRef; defaultValue: string | null }[] | null;
  enumValues: { name: string; description: string | null }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';

/** Only what the metadata needs: far smaller than the standard introspection query's answer. */
export const SCHEMA_QUERY = `query HubAdminSchema {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name description
      fields { name description args { name } type { ${TYPE_REF} } }
      inputFields { name defaultValue type { ${TYPE_REF} } }
      enumValues { name description }
    }
  }
  codeTables { name entries { value zh en } }
}`;

interface SchemaAnswer {
  __schema: {
    queryType: { name: string };
    mutationType: { name: string } | null;
    types: IntrospectedType[];
  };
  codeTables: { name: string; entries: CodeEntry[] }[];
}

function named(type: TypeRef): TypeRef {
  let t = type;
  while (t.ofType) t = t.ofType;
  return t;
}

function isNonNull(type: TypeRef): boolean {
  return type.kind === 'NON_NULL';
}

function isList(type: TypeRef): boolean {
  const inner = isNonNull(type) ? type.ofType! : type;
  return inner.kind === 'LIST';
}

/**
 * "户主姓名 / Head of household（计算得出 / derived）" → { zh: 户主姓名, en: Head of household }. The hub
 * describes every field "中文 / English", then any note: after a full-width bracket or ". ".
 */
export function parseLabel(description: string | null | undefined, fallback: string): Label {
  if (!description) return { zh: fallback, en: fallback };
  const at = description.indexOf(' / ');
  if (at < 0) return { zh: description.trim(), en: fallback };
  const zh = description.slice(0, at).trim();
  const en = description.slice(at + 3).split(/（|\. /)[0]!.trim();
  return { zh, en: en || fallback };
}

function pascal(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

function sortFieldName(graphqlName: string): string {
  return graphqlName.replace(/([A-Z])/g, '_$1').toUpperCase();
}

const SCALAR_KINDS: Record<string, FieldKind> = {
  String: 'text',
  ID: 'text',
  Int: 'int',
  Float: 'decimal',
  Decimal: 'decimal',
  Date: 'date',
  DateTime: 'datetime',
  Boolean: 'boolean',
};

/** Fields every record has, which no view edits or labels from the type. */
const SYSTEM_FIELDS = new Set(['id', 'version', 'history']);

export function buildSchema(answer: SchemaAnswer): HubSchema {
  const types = new Map(answer.__schema.types.map((t) => [t.name, t]));
  const codeTables: Record<string, CodeEntry[]> = Object.fromEntries(answer.codeTables.map((t) => [t.name, t.entries]));
  // An enum without a code table (SortDirection…) still gets labels from its values' "中文 / English" descriptions.
  for (const type of types.values()) {
    if (type.kind === 'ENUM' && !type.name.startsWith('__') && !codeTables[type.name]) {
      codeTables[type.name] = (type.enumValues ?? []).map((v) => ({ value: v.name, ...parseLabel(v.description, v.name) }));
    }
  }

  const query = types.get(answer.__schema.queryType.name)!;
  const mutations = new Set((types.get(answer.__schema.mutationType?.name ?? '')?.fields ?? []).map((f) => f.name));

  // A resource is a root list that is a Relay connection with page jumps: `households(offset:…)`.
  const roots: { name: string; type: IntrospectedType }[] = [];
  for (const field of query.fields ?? []) {
    const connection = types.get(named(field.type).name ?? '');
    if (!connection?.name.endsWith('Connection') || !field.args.some((a) => a.name === 'offset')) continue;
    const nodes = connection.fields?.find((f) => f.name === 'nodes');
    const node = nodes && types.get(named(nodes.type).name ?? '');
    if (node) roots.push({ name: field.name, type: node });
  }
  const resourceOfType = Object.fromEntries(roots.map((r) => [r.type.name, r.name]));

  const resources: Record<string, ResourceSchema> = {};
  for (const { name, type } of roots) {
    const inputFields = (typeName: string) => new Map((types.get(typeName)?.inputFields ?? []).map((f) => [f.name, f]));
    const patch = inputFields(`${type.name}Patch`);
    const create = inputFields(`Create${type.name}Input`);
    const filter = inputFields(`${type.name}Filter`);
    const sortFields = new Set((types.get(`${type.name}SortField`)?.enumValues ?? []).map((v) => v.name));

    const fields: FieldSchema[] = [];
    for (const field of type.fields ?? []) {
      if (SYSTEM_FIELDS.has(field.name) || field.args.length) continue;
      const target = named(field.type);
      const targetType = types.get(target.name ?? '');
      let kind: FieldKind;
      let enumName: string | undefined;
      let reference: string | undefined;
      let key = field.name;
      if (targetType?.kind === 'OBJECT') {
        // a to-one link to another record; to-many links (lists, connections) are the views' to fetch
        if (isList(field.type) || !resourceOfType[targetType.name]) continue;
        kind = 'reference';
        reference = resourceOfType[targetType.name];
        key = `${field.name}Id`;
      } else if (targetType?.kind === 'ENUM') {
        kind = isList(field.type) ? 'enumList' : 'enum';
        enumName = targetType.name;
      } else if (targetType?.kind === 'SCALAR' && !isList(field.type) && SCALAR_KINDS[targetType.name]) {
        kind = SCALAR_KINDS[targetType.name]!;
        // codes that are not GraphQL names (ethnicity "01") travel as strings; their table bears the field's name
        if (kind === 'text' && codeTables[pascal(field.name)]) {
          kind = 'enum';
          enumName = pascal(field.name);
        }
      } else {
        continue;
      }
      const createField = create.get(key);
      const description = field.description ?? '';
      const filterName = filter.has(field.name) ? field.name : undefined;
      const sortField = sortFieldName(field.name);
      fields.push({
        name: key,
        graphqlName: field.name,
        kind,
        ...(enumName ? { enumName } : {}),
        ...(reference ? { reference } : {}),
        nullable: !isNonNull(field.type),
        editable: patch.has(key),
        creatable: !!createField,
        requiredOnCreate: !!createField && isNonNull(createField.type) && createField.defaultValue === null,
        label: field.name === 'createdAt' ? { zh: '创建时间', en: 'Created' } : field.name === 'updatedAt' ? { zh: '修改时间', en: 'Updated' } : parseLabel(field.description, field.name),
        sensitive: description.includes('敏感信息'),
        derived: description.includes('计算得出'),
        ...(filterName ? { filterName } : {}),
        ...(sortFields.has(sortField) ? { sortField } : {}),
      });
    }
    resources[name] = {
      name,
      typeName: type.name,
      label: parseLabel(type.description, type.name),
      fields,
      shortcuts: ['townshipId', 'villageId'].filter((s) => filter.get(s) && named(filter.get(s)!.type).name === 'ID'),
      searchFields: fields.filter((f) => f.kind === 'text' && f.filterName && types.get(`${type.name}Filter`)?.inputFields?.find((i) => i.name === f.filterName && named(i.type).name === 'StringFilter')),
      canCreate: mutations.has(`create${type.name}`),
      canUpdate: mutations.has(`update${type.name}`),
      canDelete: mutations.has(`delete${type.name}`),
      hasHistory: !!type.fields?.some((f) => f.name === 'history'),
    };
  }
  return { resources, resourceOfType, codeTables };
}

/** Fetches and builds the schema metadata. */
export async function fetchSchema(client: GraphQLClient): Promise<HubSchema> {
  return buildSchema(await client<SchemaAnswer>(SCHEMA_QUERY));
}
