/**
 * The hub's record types as the admin sees them: the hub's `recordTypes` (fields, labels, code tables, links,
 * and what the signed-in user may do with each) and `codeTables`, in one request made once per sign-in.
 * Nothing here names a record type or a role: the tenth resource is described as the first, and who may do
 * what is the hub's answer, not a copy of its rules.
 */
import type { GraphQLClient } from '../graphql';
import { learnRecordTypeNames } from '../i18n/recordTypeNames';

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
  /** enum and enumList: the code table whose labels to show */
  enumName?: string;
  /** reference: the resource it points to (`villages`) */
  reference?: string;
  /** the record may lack it (the output field is nullable) */
  nullable: boolean;
  /** the signed-in user may change it */
  editable: boolean;
  /** must be given on create (no default) */
  requiredOnCreate: boolean;
  /** the signed-in user may give it on create */
  creatable: boolean;
  label: Label;
  /** sensitive personal information (phones, resident IDs) */
  sensitive: boolean;
  /** the signed-in user reads it masked, and may not filter or sort on it */
  masked: boolean;
  /** the signed-in user may ask for its full value, audited (a member's resident ID number: revealResidentId) */
  revealable: boolean;
  /** computed by the hub, never typed in */
  derived: boolean;
  /** the key in the type's filter input, when it can be filtered on */
  filterName?: string;
  /** the value of the type's sort-field enum, when it can be sorted on */
  sortField?: string;
}

/** What the signed-in user may do with a resource (each record still within their scope). */
export interface Access {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  export: boolean;
  import: boolean;
}

export interface ResourceSchema {
  /** the root list's name, which is also the react-admin resource name: `households` */
  name: string;
  /** the GraphQL type: `Household` */
  typeName: string;
  label: Label;
  /** reference data (divisions, poverty lines…) every signed-in user reads and administrators write */
  referenceData: boolean;
  /** in the hub's order: the type's own fields, then derived ones, then the timestamps; views choose theirs */
  fields: FieldSchema[];
  /** the division shortcuts its filter offers (`townshipId`, `villageId`) */
  shortcuts: string[];
  /**
   * the type names each record's county by name (COUNTY_FIELD, offered with several counties): a county column
   * of its own (`countyId` of a published figure, a project) is then no default column (issue 16)
   */
  countyByName: boolean;
  /** text fields a search box (`q`) looks in: `contains` on plain text, `eq` on sensitive ones */
  searchFields: FieldSchema[];
  /** the type's own search (its filter's `search`, which `q` then is): what it looks in, for this user */
  search: Label | null;
  /** the list's order until the user sorts it: the hub's own default order's first key (by id when it cannot be sorted on here) */
  order: ListOrder;
  access: Access;
}

export interface ListOrder {
  field: string;
  order: 'ASC' | 'DESC';
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

type Kind = 'TEXT' | 'INT' | 'DECIMAL' | 'BOOLEAN' | 'DATE' | 'DATETIME' | 'ENUM' | 'ENUM_LIST' | 'REFERENCE';

/** A field of `recordTypes`, as SCHEMA_QUERY asks for it. */
type RecordField = Record<'requiredOnCreate' | 'nullable' | 'derived' | 'sensitive' | 'filterable' | 'searchable', boolean> & {
  name: string;
  input: string | null;
  label: Label;
  kind: Kind;
  codeTable: { name: string } | null;
  reference: { list: string } | null;
  sortField: string | null;
  access: { masked: boolean; editable: boolean; revealable: boolean };
};

interface RecordType {
  name: string;
  list: string;
  label: Label;
  referenceData: boolean;
  divisionFilters: string[];
  search: Label | null;
  fields: RecordField[];
  defaultSort: { field: string; direction: 'ASC' | 'DESC' }[];
  access: Access;
}

interface SchemaAnswer {
  recordTypes: RecordType[];
  codeTables: { name: string; entries: CodeEntry[] }[];
  /** the counties the user's records lie in (each with its day of record) */
  dayOfRecord?: { counties: unknown[] } | null;
}

/**
 * The derived field naming a record's county (records placed in a village, villages, groups): offered only
 * when the user's records lie in several counties, where village names repeat; a one-county hub shows, and
 * reads, what it always did.
 */
export const COUNTY_FIELD = 'countyName';

export const SCHEMA_QUERY = `query HubRecordTypes {
  recordTypes {
    name list label { zh en } referenceData divisionFilters search { zh en } defaultSort { field direction }
    access { read create update delete export import }
    fields {
      name input label { zh en } kind codeTable { name } reference { list }
      requiredOnCreate nullable derived sensitive filterable sortField searchable
      access { masked editable revealable }
    }
  }
  codeTables { name entries { value zh en } }
  dayOfRecord { counties { asOf } }
}`;

const KINDS: Record<Kind, FieldKind> = {
  TEXT: 'text',
  INT: 'int',
  DECIMAL: 'decimal',
  BOOLEAN: 'boolean',
  DATE: 'date',
  DATETIME: 'datetime',
  ENUM: 'enum',
  ENUM_LIST: 'enumList',
  REFERENCE: 'reference',
};

function fieldOf(field: RecordField, type: RecordType): FieldSchema {
  return {
    // the flat record keys a field as inputs do (`villageId`); fields nobody writes by their own name
    name: field.input ?? field.name,
    graphqlName: field.name,
    kind: KINDS[field.kind],
    ...(field.codeTable ? { enumName: field.codeTable.name } : {}),
    ...(field.reference ? { reference: field.reference.list } : {}),
    nullable: field.nullable,
    editable: field.access.editable,
    creatable: field.input !== null && type.access.create,
    requiredOnCreate: field.requiredOnCreate,
    label: field.label,
    sensitive: field.sensitive,
    masked: field.access.masked,
    revealable: field.access.revealable,
    derived: field.derived,
    ...(field.filterable ? { filterName: field.name } : {}),
    ...(field.sortField ? { sortField: field.sortField } : {}),
  };
}

/** The hub's default order's first key, when the grid can sort on it (its column may be hidden, never unsortable). */
function orderOf(type: RecordType, fields: FieldSchema[]): ListOrder {
  const first = type.defaultSort[0];
  return first && fields.some((f) => f.name === first.field && f.sortField)
    ? { field: first.field, order: first.direction }
    : { field: 'id', order: 'ASC' };
}

export function buildSchema(answer: SchemaAnswer): HubSchema {
  const resources: Record<string, ResourceSchema> = {};
  const severalCounties = (answer.dayOfRecord?.counties.length ?? 0) > 1;
  for (const type of answer.recordTypes) {
    const described = severalCounties ? type.fields : type.fields.filter((f) => f.name !== COUNTY_FIELD);
    const fields = described.map((f) => fieldOf(f, type));
    resources[type.list] = {
      name: type.list,
      typeName: type.name,
      label: type.label,
      referenceData: type.referenceData,
      fields,
      shortcuts: type.divisionFilters,
      countyByName: type.fields.some((f) => f.name === COUNTY_FIELD),
      searchFields: fields.filter((_, i) => described[i]!.searchable),
      search: type.search,
      order: orderOf(type, fields),
      access: type.access,
    };
  }
  return {
    resources,
    resourceOfType: Object.fromEntries(answer.recordTypes.map((t) => [t.name, t.list])),
    codeTables: Object.fromEntries(answer.codeTables.map((t) => [t.name, t.entries])),
  };
}

/** Asks the hub for the record types' metadata (one request: recordTypes and codeTables). */
export function fetchSchema(client: GraphQLClient): Promise<HubSchema> {
  return client<SchemaAnswer>(SCHEMA_QUERY).then(buildSchema);
}

/**
 * The metadata for the signed-in user, read once per sign-in: `session()` names the sign-in (it changes when
 * someone signs in or out), and a new one reads it again. A failure (not signed in yet) is not kept. `early`
 * gives the answer the page's first script asked for (boot.ts), if any, for the first read.
 */
export function schemaLoader(
  client: GraphQLClient,
  session: () => unknown = () => undefined,
  early: () => Promise<HubSchema | undefined> | undefined = () => undefined,
): () => Promise<HubSchema> {
  let cached: { session: unknown; schema: Promise<HubSchema> } | undefined;
  return () => {
    const current = session();
    if (!cached || cached.session !== current) {
      const asked = early();
      const entry = {
        session: current,
        schema: (asked ? asked.then((known) => known ?? fetchSchema(client)) : fetchSchema(client)).then(
          (schema) => {
            learnRecordTypeNames(schema.resources); // the menu's and titles' names, before anything waiting for them renders
            return schema;
          },
          (error: unknown) => {
            if (cached === entry) cached = undefined;
            throw error;
          },
        ),
      };
      cached = entry;
    }
    return cached.schema;
  };
}
