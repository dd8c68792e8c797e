/**
 * The shapes of a record type: the config an area writes (`recordType({...})`) and the resource the graph
 * builds from it (resource.ts). Apart from the code that builds them, so that the registry, the policy, the
 * compiled reads and grouped figures name them without importing the factory that imports them.
 */
import type { Expression, ExpressionBuilder, RawBuilder, Selectable, SelectQueryBuilder, SqlBool } from 'kysely';
import type { EnumRef, InputObjectRef, ObjectRef } from '@pothos/core';
import type { Role } from '../access/codes';
import type { builder } from '../builder';
import type { HubContext } from '../context';
import type { AnyRow, AnyTables, Database } from '../db/database';
import type { Text } from '../errors';
import type { FieldSpecs, TableName } from './fields';
import type { FilterSpec, FilterValue, TextSearch } from './filters';
import type { Page, PageArgs, SortKey } from './pagination';
import type { RecordRule } from './validation';

/** A record as code over every record type handles it: its values by column name. */
export type Row = AnyRow;
/** A condition or a query over any record type's table, its columns named by field specs (db/database.ts `byName`). */
export type AnyExpressionBuilder = ExpressionBuilder<AnyTables, string>;
export type AnyQuery<O = Row> = SelectQueryBuilder<AnyTables, string, O>;
/** A record of table T, typed by its table (schema/src/<area>/tables.ts). */
export type RowOf<T extends TableName> = Selectable<Database[T]>;

/** A field's value as a row holds it and GraphQL gives it out: text (decimals and dates too), a number, a yes/no, a list of codes, or nothing. */
export type FieldValue = string | number | boolean | readonly string[] | null;

/**
 * The value of a row's column. Code over every record type names columns by strings (field specs), so the
 * type system cannot see which column it is; the field's spec says what it holds (FieldValue, unless asked).
 */
export function columnValue<V = FieldValue>(row: Row, column: string): V | null {
  return (row[column] ?? null) as V | null;
}

/** A record's id: every record table has one (db/columns.ts `RecordColumns`). */
export function recordId(row: Row): number {
  return row.id as number;
}

/** A code table's GraphQL enum (graph/enums.ts). */
export type CodeEnumRef = EnumRef<HubTypes, string, string>;
/** The GraphQL type of a field's value: a scalar's name, a code table's enum or a list of one; an input and an output type alike. */
export type FieldType = 'String' | 'Int' | 'Decimal' | 'Boolean' | 'Date' | 'ID' | CodeEnumRef | [CodeEnumRef];

/** A table (or grouped subquery) grouped figures join once under an alias: a visit's pairing, a household's member count. */
export interface StatsJoin {
  alias: string;
  source: string | RawBuilder<unknown>;
  /** the join condition, over the record's table (aliased as the table name) */
  on: (table: string) => RawBuilder<unknown>;
}

/** A summary of a type's rows by some of its dimensions (ResourceConfig.statsTally): its table and columns. */
export interface StatsTally {
  table: string;
  dimensions: string[];
  /** the column of each group's rows, and of its people */
  count: string;
  people: string;
  /** measures whose sum it keeps (NOT NULL columns of the rows), by the column that keeps it: their sums and averages come from it */
  sums?: Record<string, string>;
}

/** A dimension a type is grouped by beyond its own fields: through joins, or an expression (a date's year). */
export interface StatsDimension {
  joins?: StatsJoin[];
  /** the SQL grouped on */
  expression: (table: string) => RawBuilder<unknown>;
  /** the GraphQL type of a group's value (a reference resolves to its record) */
  type: () => FieldType | RecordRef;
}

export interface ComputedField {
  type: 'Int' | 'String' | 'Decimal' | 'Date' | 'Boolean';
  label: Text;
  nullable?: boolean;
  /** SQL over the row's table (aliased as the table name); counts of other records apply the viewer's scope through `ctx` */
  sql: (table: string, ctx: HubContext) => RawBuilder<unknown>;
  /** hidden from roles that may not see sensitive data (issue: access) */
  sensitive?: boolean;
  /** the masked form of that field (`residentId`), for API clients: an export shows the field itself, once */
  maskOf?: string;
  /** for grouped figures: the same count from one grouped join (its `value` column keyed on the record), not a lookup per row */
  statsJoin?: StatsJoin & { value: string };
}

/** How a record sits in the division tree: conditions for the `countyId` / `townshipId` / `villageId` shortcuts (and scopes). */
export interface DivisionPath {
  /** in a county (issue 16): the `countyId` shortcut and a county administrator's or analyst's scope */
  county?: (eb: AnyExpressionBuilder, countyId: number) => Expression<SqlBool>;
  /** the township by its id, or by the SQL that gives it (a village clerk's township: scope.ts) */
  township?: (eb: AnyExpressionBuilder, townshipId: number | Expression<number>) => Expression<SqlBool>;
  village?: (eb: AnyExpressionBuilder, villageId: number) => Expression<SqlBool>;
}

/** A record type as its area writes it, keyed on its table T: its fields are T's (`fieldsOf<T>`), its rows T's rows. */
export interface ResourceConfig<T extends TableName = TableName> {
  name: string;
  table: T;
  /** the root list's field name */
  plural: string;
  label: Text;
  description?: string;
  fields: FieldSpecs<T>;
  computed?: Record<string, ComputedField>;
  /** where a record sits among divisions: the filter shortcuts and a clerk's scope; null: clerks see none */
  division?: DivisionPath | null;
  defaultSort: SortKey[];
  rules?: RecordRule[];
  /** false for records only the system writes */
  editable?: boolean;
  /** the village a record lies in, as SQL over its table: lets analysts group it by village and township */
  villageOf?: (table: string) => RawBuilder<unknown>;
  /** for a county-level record in no village (a published figure, a project): its county column, as SQL over its table */
  countyOf?: (table: string) => RawBuilder<unknown>;
  /** further dimensions for grouped figures, through joins (a visit's helper unit through its pairing's cadre) */
  statsDimensions?: Record<string, StatsDimension>;
  /** the people a record stands for, summed as the `people` of grouped figures (a household's size, a member) */
  people?: { expression: (table: string) => RawBuilder<unknown>; joins?: StatsJoin[] };
  /**
   * A summary the database keeps (a tally by village and codes, with a count and people per group) that
   * grouped figures read instead of the rows when it can answer: no filter, grouped only by its dimensions
   * (village and township included), count, people and the sums it keeps, a viewer whose scope is by village
   */
  statsTally?: StatsTally;
  /** when the village comes through a household link (a member's household), that column: grouping joins instead of looking up each row */
  householdColumn?: string;
  /** reference data (the county, poverty lines…) every signed-in user reads; only administrators write it */
  public?: boolean;
  /** the rows a partner unit reaches through its pairings; null: partners see none (every type must decide) */
  partner?: ((eb: AnyExpressionBuilder, helperUnitId: number) => Expression<SqlBool>) | null;
  /** roles that may write this type (default: administrators and clerks; administrators only for public data) */
  writers?: Role[];
  /** a text search of the type's own, `search` in its filter (households: by number, name or ID number) */
  search?: TextSearch;
  /** database constraints whose violation is one field's error, with the message to give */
  constraintMessages?: Record<string, { field: string; text: Text }>;
}

/** The schema builder's types (builder.ts), which the record types' GraphQL refs carry. */
export type HubTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
/**
 * A record type's node type: a field of it resolves to a row, or to an id its loader reads. GraphQL reads rows
 * by column name whatever their table (the field specs say which), so every record type's ref is of this type.
 */
export type RecordRef = ReturnType<typeof builder.loadableNodeRef<Row, number, number>>;
/** A page of records, as a list or a nested connection resolves it. */
export type Connection = Page<Row> & { totalCount: () => Promise<number> };
/** A record type's sort, as its `orderBy` input gives it. */
export interface OrderBy {
  field: string;
  direction?: 'ASC' | 'DESC' | null;
}

export interface Resource<R extends Row = Row> {
  config: ResourceConfig;
  ref: RecordRef;
  connectionRef: ObjectRef<HubTypes, Connection>;
  filterRef: InputObjectRef<HubTypes, FilterValue>;
  orderByRef: InputObjectRef<HubTypes, OrderBy>;
  filterSpec: FilterSpec;
  /** the table as the viewer's policy lets her see it (over the context's reach: scope.ts `readAs`), for counts and writes */
  from(ctx: HubContext): AnyQuery<object>;
  /** the scoped select: whole rows, or the columns `fields` need plus `columns` */
  select(ctx: HubContext, fields?: Set<string>, columns?: string[]): AnyQuery<R>;
  /** the table's columns that `select` with `fields` and `columns` reads (its computed fields aside) */
  columns(fields: Set<string>, columns?: string[]): string[];
  load(ctx: HubContext, id: number): Promise<R | null>;
  sortKeys(orderBy: OrderBy[] | null | undefined): SortKey[];
}

/** A root list's arguments: the page, the filter as its GraphQL input type gives it, the sort. */
export interface ListArgs extends PageArgs {
  filter?: FilterValue | null;
  orderBy?: OrderBy[] | null;
}
