/**
 * A record type from its field specs: the Pothos node type, its root connection with filters and sorts,
 * the create/update/delete mutations and the record's history. The tenth resource costs a config object.
 */
import DataLoader from 'dataloader';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ArgBuilder, ObjectFieldBuilder } from '@pothos/core';
import { builder } from '../builder';
import type { HubContext } from '../context';
import type { Text } from '../errors';
import { maskValue as mask } from './mask';
import { policy, refuseSensitiveUse } from './scope';
import { requireViewer } from './access';
import { enumFor } from './enums';
import { columnOf, upperSnake, type FieldSpec } from './fields';
import {
  BooleanFilter,
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  IDFilter,
  IntFilter,
  StringFilter,
  compileFilter,
  enumFilter,
  type FilterSpec,
  type FilterValue,
} from './filters';
import { globalId } from './ids';
import type { GraphQLResolveInfo } from 'graphql';
import { fieldsOfConnection, fieldsOfList } from './selection';
import { fetchPage, fetchPagesByParent, orderSql, type Page, type SortKey } from './pagination';
import { resources } from './registry';
import { addChildRelation, prefetched } from './relations';
import { compiledPage, prefetchedPage } from './compile';
import {
  columnValue,
  recordId,
  type AnyExpressionBuilder,
  type AnyQuery,
  type ComputedField,
  type Connection,
  type DivisionPath,
  type FieldType,
  type FieldValue,
  type HubTypes,
  type ListArgs,
  type OrderBy,
  type RecordRef,
  type Resource,
  type ResourceConfig,
  type Row,
} from './recordShape';
import { byName } from '../db/database';

export type { ComputedField, DivisionPath, FieldType, ListArgs, Resource, ResourceConfig };

const SCALAR_FILTERS = { string: StringFilter, int: IntFilter, decimal: DecimalFilter, date: DateFilter, boolean: BooleanFilter } as const;

export const SortDirection = builder.enumType('SortDirection', {
  values: { ASC: { description: '升序 / ascending' }, DESC: { description: '降序 / descending' } },
});

/** The villages of a division, as a subquery: one village, or every village of a township or a county. */
export type Villages = RawBuilder<unknown>;

/** Every village of a county, as a subquery (through its townships). */
export const villagesOfCounty = (countyId: number): Villages =>
  sql`select v.id from village v join township t on t.id = v.township_id where t.county_id = ${countyId}`;

/** A record's place among divisions, from a condition over the villages of the division asked for. */
export function divisionPath(condition: (villages: Villages) => RawBuilder<unknown>): DivisionPath {
  return {
    village: (_eb, villageId) => sql<SqlBool>`${condition(sql`select ${villageId}::int`)}`,
    township: (_eb, townshipId) => sql<SqlBool>`${condition(sql`select v.id from village v where v.township_id = ${townshipId}`)}`,
    county: (_eb, countyId) => sql<SqlBool>`${condition(villagesOfCounty(countyId))}`,
  };
}

/** For a record that has a village column (records placed through a household carry theirs: 2026-12-06-23). */
export function byVillageColumn(table: string, column: string): DivisionPath {
  return divisionPath((villages) => sql`${sql.ref(`${table}.${column}`)} in (${villages})`);
}

/** For a record that hangs off a household and carries no village of its own (project beneficiaries). */
export function byHouseholdColumn(table: string, column: string): DivisionPath {
  return divisionPath(
    (villages) => sql`${sql.ref(`${table}.${column}`)} in (select h.id from household h where h.village_id in (${villages}))`,
  );
}

const REVEAL_ONLY =
  '（敏感信息，一律脱敏显示，完整号码须经留痕的查看操作 / sensitive: always masked; the full value only through an audited reveal）';
const SENSITIVE = '（敏感信息，分析员和帮扶单位只见脱敏值 / sensitive: masked for analysts and partners）';

/** The GraphQL type of a field's value, the same in output and input (a reference is an ID in input). */
export function graphQLTypeOf(spec: FieldSpec): FieldType {
  switch (spec.kind) {
    case 'string':
      return 'String';
    case 'int':
      return 'Int';
    case 'decimal':
      return 'Decimal';
    case 'boolean':
      return 'Boolean';
    case 'date':
      return 'Date';
    case 'enum':
      return graphQLName(spec) ? enumFor(spec.enumName, spec.codes) : 'String';
    case 'enumList':
      return [enumFor(spec.enumName, spec.codes)];
    case 'reference':
      return 'ID';
  }
}

/** Enum values must be GraphQL names; code tables of digits (ethnicity) travel as strings. */
function graphQLName(spec: Extract<FieldSpec, { kind: 'enum' | 'enumList' }>): boolean {
  return spec.codes.every((c) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(c.value));
}

function filterTypeFor(spec: FieldSpec) {
  switch (spec.kind) {
    case 'enum':
    case 'enumList':
      return graphQLName(spec) ? enumFilter(spec.enumName, enumFor(spec.enumName, spec.codes)) : StringFilter;
    case 'reference':
      return IDFilter;
    default:
      return SCALAR_FILTERS[spec.kind];
  }
}

/** The name a field has in inputs and filters: a reference `village` is given as `villageId`. */
export function inputName(name: string, spec: FieldSpec): string {
  return spec.kind === 'reference' ? `${name}Id` : name;
}

export function defineResource<R extends Row = Row>(config: ResourceConfig): Resource<R> {
  const { name, table } = config;
  const computed = config.computed ?? {};

  /** the table as the viewer's policy lets her see it: every read starts here */
  const from = (ctx: HubContext) => {
    const q = byName(ctx.db).selectFrom(table);
    const { rows, everyRow } = policy(ctx, config);
    return everyRow ? q : q.where(rows);
  };

  /**
   * The scoped select. With `fields` (what a list's query asks of each record), only the columns those
   * fields need, plus `columns` the list itself needs (sort keys, the parent link); without, whole rows.
   */
  const columnsFor = (fields: Set<string>, columns: string[] = []) => {
    const wanted = new Set(['id', 'version', ...columns]);
    for (const field of fields) {
      const spec = config.fields[field];
      if (spec) wanted.add(columnOf(field, spec));
      else if (field === 'createdAt' || field === 'updatedAt') wanted.add(field);
    }
    return [...wanted];
  };
  const select = (ctx: HubContext, fields?: Set<string>, columns: string[] = []) => {
    if (!fields) {
      let q: AnyQuery = from(ctx).selectAll(table);
      for (const [field, c] of Object.entries(computed)) q = q.select(c.sql(table, ctx).as(field));
      // the row of the record type's table (recordType.ts), with its computed fields
      return q.$castTo<R>();
    }
    let q: AnyQuery = from(ctx).select(columnsFor(fields, columns).map((column) => sql.ref(`${table}.${column}`).as(column)));
    for (const [field, c] of Object.entries(computed)) if (fields.has(field)) q = q.select(c.sql(table, ctx).as(field));
    return q.$castTo<R>();
  };

  const byId = (ctx: HubContext) =>
    loaderFor(
      ctx,
      name,
      () =>
        new DataLoader<number, R | null>(async (ids) => {
          const rows = await select(ctx)
            .where(sql.ref(`${table}.id`), 'in', ids as number[])
            .execute();
          const map = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => map.get(id) ?? null);
        }),
    );

  const ref: RecordRef = builder.loadableNodeRef<Row, number, number>(name, {
    id: { resolve: recordId, parse: (id: string) => Number(id) },
    load: (ids: number[], ctx: HubContext) => {
      requireViewer(ctx);
      // null (out of the viewer's reach) is not in Pothos' type, but resolves as null: a link, even a required one, reads as not found
      return byId(ctx).loadMany(ids) as Promise<(Row | Error)[]>;
    },
  });

  /** a field's value as the viewer reads it: masked where her policy says so (an ID number always) */
  const shownTo = <V extends FieldValue>(ctx: HubContext, field: string, value: V): V | string =>
    typeof value === 'string' && (config.fields[field]?.revealOnly || policy(ctx, config).masked.has(field)) ? String(mask(value)) : value;

  /**
   * A field of a value, a spec's or a computed one. Pothos types a field whose nullability is known only at run
   * time (`nullable: boolean`) as never null: a nullable field's null passes, as in any nullable field.
   */
  const valueField = (
    t: ObjectFieldBuilder<HubTypes, Row>,
    type: FieldType,
    nullable: boolean,
    description: string,
    value: (row: Row, ctx: HubContext) => FieldValue,
  ) => t.field({ type, nullable, description, resolve: (row, _args, ctx) => value(row, ctx) as NonNullable<FieldValue> });

  const filterSpec: FilterSpec = {
    fields: Object.fromEntries([
      ['id', { expression: () => sql.ref(`${table}.id`), kind: 'id', idType: name, label: 'id' }],
      ...Object.entries(config.fields)
        .filter(([, spec]) => spec.filter)
        .map(([field, spec]) => [
          field,
          {
            expression: () => sql.ref(`${table}.${columnOf(field, spec)}`),
            kind: spec.kind === 'reference' ? 'id' : spec.kind === 'string' ? 'text' : spec.kind === 'enumList' ? 'array' : 'scalar',
            ...(spec.kind === 'reference' ? { idType: spec.target } : {}),
            label: spec.label.zh,
          },
        ]),
      ['updatedAt', { expression: () => sql.ref(`${table}.updatedAt`), kind: 'scalar', label: 'updatedAt' }],
    ]),
    shortcuts: {
      ...(config.division?.county ? { countyId: { idType: 'County', condition: config.division.county } } : {}),
      ...(config.division?.township ? { townshipId: { idType: 'Township', condition: config.division.township } } : {}),
      ...(config.division?.village ? { villageId: { idType: 'Village', condition: config.division.village } } : {}),
    },
    ...(config.search ? { search: config.search } : {}),
  };

  const filterRef = builder.inputRef<FilterValue>(`${name}Filter`).implement({
    description: `${config.label.zh}筛选条件 / ${config.label.en} filter`,
    fields: (t) => ({
      and: t.field({ type: [filterRef], required: false }),
      or: t.field({ type: [filterRef], required: false }),
      not: t.field({ type: filterRef, required: false }),
      id: t.field({ type: IDFilter, required: false }),
      updatedAt: t.field({ type: DateTimeFilter, required: false }),
      ...Object.fromEntries(
        Object.entries(config.fields)
          .filter(([, spec]) => spec.filter)
          .map(([field, spec]) => [field, t.field({ type: filterTypeFor(spec), required: false, description: spec.label.zh })]),
      ),
      ...(config.division?.county ? { countyId: t.id({ required: false, description: '所属县 / in this county' }) } : {}),
      ...(config.division?.township ? { townshipId: t.id({ required: false, description: '所属乡镇 / in this township' }) } : {}),
      ...(config.division?.village ? { villageId: t.id({ required: false, description: '所属行政村 / in this village' }) } : {}),
      ...(config.search
        ? {
            search: t.string({
              required: false,
              description: '查找（见 recordTypes 的 search）/ a text search: what it looks in is recordTypes’ search',
            }),
          }
        : {}),
    }),
  });

  const sortable = Object.entries(config.fields).filter(([, spec]) => spec.sort);
  const sortFieldRef = builder.enumType(`${name}SortField`, {
    values: Object.fromEntries([
      ['ID', { value: 'id' }],
      ['CREATED_AT', { value: 'createdAt' }],
      ['UPDATED_AT', { value: 'updatedAt' }],
      ...sortable.map(([field, spec]) => [upperSnake(field), { value: columnOf(field, spec), description: spec.label.zh }]),
    ]) as Record<string, { value: string }>,
  });
  const orderByRef = builder.inputType(`${name}OrderBy`, {
    fields: (t) => ({
      field: t.field({ type: sortFieldRef, required: true }),
      direction: t.field({ type: SortDirection, required: false, defaultValue: 'ASC' }),
    }),
  });

  // empty values last in both directions, as Excel sorts (an index `(column desc nulls last, id)` serves DESC: graph.indexes.test.ts)
  const nullable = new Set(sortable.filter(([, spec]) => !spec.required).map(([field, spec]) => columnOf(field, spec)));
  // columns a record always has (and id): a cursor on them bounds an index scan (pagination.ts, afterCondition)
  const required = new Set([
    'id',
    ...Object.entries(config.fields)
      .filter(([, spec]) => spec.required)
      .map(([field, spec]) => columnOf(field, spec)),
  ]);
  const sortKeys = (orderBy: OrderBy[] | null | undefined): SortKey[] => {
    const keys = (orderBy?.length ? orderBy.map((o) => ({ column: o.field, direction: o.direction ?? 'ASC' })) : config.defaultSort).map(
      (k): SortKey => ({
        ...k,
        ...(k.direction === 'DESC' && nullable.has(k.column) ? { nulls: 'LAST' as const } : {}),
        ...(required.has(k.column) ? { required: true } : {}),
      }),
    );
    // id last, always: a stable order for cursors and page jumps
    return keys.some((k) => k.column === 'id') ? keys : [...keys, { column: 'id', direction: 'ASC' as const, required: true }];
  };

  const edgeRef = builder.objectRef<{ cursor: string; node: Row }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: ref, resolve: (edge) => edge.node }),
    }),
  });
  const connectionRef = builder.objectRef<Connection>(`${name}Connection`).implement({
    description: `${config.label.zh}列表 / a page of ${config.label.en} records`,
    fields: (t) => ({
      totalCount: t.int({ description: '符合筛选条件的总数 / how many records match the filter', resolve: (c) => c.totalCount() }),
      pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
      edges: t.field({ type: [edgeRef], resolve: (c) => c.edges }),
      nodes: t.field({ type: [ref], resolve: (c) => c.nodes }),
    }),
  });

  ref.implement({
    description: `${config.label.zh} / ${config.label.en}${config.description ? `. ${config.description}` : ''}`,
    fields: (t) => ({
      version: t.int({
        description: '版本号，每次修改加一；修改和删除时须提供 / bumped by every change; give it back when updating or deleting',
        resolve: (row) => columnValue<number>(row, 'version')!,
      }),
      createdAt: t.field({ type: 'DateTime', resolve: (row) => columnValue<Date | string>(row, 'createdAt')! }),
      updatedAt: t.field({ type: 'DateTime', resolve: (row) => columnValue<Date | string>(row, 'updatedAt')! }),
      ...Object.fromEntries(
        Object.entries(config.fields).map(([field, spec]) => {
          const column = columnOf(field, spec);
          const nullable = !spec.required && !('defaultValue' in spec && spec.defaultValue !== undefined) && spec.kind !== 'enumList';
          const description = `${spec.label.zh} / ${spec.label.en}${spec.description ? `. ${spec.description}` : ''}`;
          if (spec.kind === 'reference') {
            const target = () => resources.get(spec.target)!;
            return [
              field,
              t.field({
                type: target().ref,
                // a record outside the viewer's scope reads as not found, so even a required link can be null
                nullable: true,
                description,
                // the record itself when a compiled read brought it (compile.ts), else its id for the loader
                resolve: (row, _args, _ctx, info) => {
                  const compiled = prefetched(row, info);
                  return compiled ? (compiled.value as Row | null) : columnValue<number>(row, column);
                },
              }),
            ];
          }
          const note = spec.revealOnly ? REVEAL_ONLY : spec.sensitive ? SENSITIVE : '';
          // only a sensitive field asks the viewer's policy, not every cell of every list
          const value = note
            ? (row: Row, ctx: HubContext) => shownTo(ctx, field, columnValue(row, column))
            : (row: Row) => columnValue(row, column);
          return [field, valueField(t, graphQLTypeOf(spec), nullable, `${description}${note}`, value)];
        }),
      ),
      ...Object.fromEntries(
        Object.entries(computed).map(([field, c]) => [
          field,
          valueField(t, c.type, c.nullable ?? true, `${c.label.zh} / ${c.label.en}（计算得出 / derived）`, (row, ctx) =>
            shownTo(ctx, field, columnValue(row, field)),
          ),
        ]),
      ),
    }),
  });

  const resource: Resource<R> = {
    config,
    ref,
    connectionRef,
    filterRef,
    orderByRef,
    filterSpec,
    from,
    select,
    columns: columnsFor,
    load: (ctx, id) => byId(ctx).load(id),
    sortKeys,
  };

  builder.queryField(config.plural, (t) =>
    t.field({
      type: connectionRef,
      description: `${config.label.zh}列表 / ${config.label.en} records`,
      args: listArgs(t, resource),
      resolve: (_root, args, ctx, info) => listConnection(resource, ctx, args, info),
    }),
  );

  resources.set(name, resource);
  return resource;
}

/** The arguments of a list of `resource`: paging, its filter and its sort. */
export function listArgs(t: { arg: ArgBuilder<HubTypes> }, resource: Resource) {
  return {
    first: t.arg.int({ required: false }),
    after: t.arg.string({ required: false }),
    last: t.arg.int({ required: false }),
    before: t.arg.string({ required: false }),
    offset: t.arg.int({ required: false, description: '跳过的条数（表格翻页）/ rows to skip (a grid jumping pages)' }),
    filter: t.arg({ type: resource.filterRef, required: false }),
    orderBy: t.arg({ type: [resource.orderByRef], required: false }),
  };
}

/**
 * A page of `resource` as the viewer may see it, filtered and sorted, with its total: every root list, and
 * lists narrowed by a further condition (exit candidates, alerts) through `extra`.
 */
export async function listConnection<R extends Row>(
  resource: Resource<R>,
  ctx: HubContext,
  args: ListArgs,
  info: GraphQLResolveInfo,
  extra?: (eb: AnyExpressionBuilder) => Expression<SqlBool>,
): Promise<Page<R> & { totalCount: () => Promise<number> }> {
  requireViewer(ctx);
  refuseSensitiveUse(ctx, resource.config, args.filter, args.orderBy);
  // the page, everything asked below it and the total in one statement (compile.ts)
  const page = await compiledPage(resource, ctx, args, info, listCondition(resource, ctx, args, extra), { cacheable: !extra });
  return {
    ...(page as Page<R>),
    totalCount: async () => {
      if (page.total !== null) return page.total;
      const row = await listRows(resource, ctx, args, extra)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}

/** One page of `resource` as the viewer may see it (scope, filter never on a field it sees masked, sort): lists and exports. */
export function listPage<R extends Row>(
  resource: Resource<R>,
  ctx: HubContext,
  args: ListArgs,
  fields?: Set<string>,
  extra?: (eb: AnyExpressionBuilder) => Expression<SqlBool>,
): Promise<Page<R>> {
  refuseSensitiveUse(ctx, resource.config, args.filter, args.orderBy);
  const keys = resource.sortKeys(args.orderBy);
  const query = resource
    .select(
      ctx,
      fields,
      keys.map((k) => k.column),
    )
    .where(listCondition(resource, ctx, args, extra));
  return fetchPage<R>(query, resource.config.table, keys, args, ctx.locale);
}

/** The rows a list of `resource` shows, unpaged: those the viewer's policy lets her see, its filter, and `extra`. */
export function listRows(
  resource: Resource,
  ctx: HubContext,
  args: ListArgs,
  extra?: (eb: AnyExpressionBuilder) => Expression<SqlBool>,
): AnyQuery<object> {
  return resource.from(ctx).where(listCondition(resource, ctx, args, extra));
}

function listCondition(resource: Resource, ctx: HubContext, args: ListArgs, extra?: (eb: AnyExpressionBuilder) => Expression<SqlBool>) {
  return (eb: AnyExpressionBuilder) => {
    const condition = compileFilter(eb, resource.filterSpec, args.filter, ctx);
    return extra ? eb.and([condition, extra(eb)]) : condition;
  };
}

/** Per-request loaders, keyed by name, so every level of a query shares one batch per record type. */
const requestLoaders = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();
export function loaderFor<K, V>(ctx: HubContext, key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  let loaders = requestLoaders.get(ctx);
  if (!loaders) requestLoaders.set(ctx, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) loaders.set(key, (loader = create()));
  return loader as DataLoader<K, V>;
}

/** Forgets what this request loaded (after a write, so later reads in the same request see it). */
export function clearLoaders(ctx: HubContext): void {
  requestLoaders.get(ctx)?.forEach((loader) => loader.clearAll());
}

/**
 * A to-many link as a connection on the parent (a village's households), fetched for all parents of a
 * level in one statement per distinct set of arguments.
 */
function childConnection(parent: Resource, field: string, childName: string, parentColumn: string, label: Text): void {
  addChildRelation(parent.config.name, field, { kind: 'connection', child: childName, parentColumn });
  builder.objectField(parent.ref, field, (t) => {
    const child = resources.get(childName)!;
    return t.field({
      type: child.connectionRef,
      description: `${label.zh} / ${label.en}`,
      args: listArgs(t, child),
      resolve: (row, args, ctx, info) => {
        requireViewer(ctx);
        const id = recordId(row);
        refuseSensitiveUse(ctx, child.config, args.filter, args.orderBy);
        const compiled = prefetched(row, info);
        const fields = compiled ? new Set<string>() : fieldsOfConnection(info);
        const argsKey = `${JSON.stringify(args)}:${[...fields].sort().join()}`;
        const table = child.config.table;
        const where = (eb: AnyExpressionBuilder) => compileFilter(eb, child.filterSpec, args.filter, ctx);
        const keys = child.sortKeys(args.orderBy);
        const pages = loaderFor(
          ctx,
          `${parent.config.name}.${field}:${argsKey}`,
          () =>
            new DataLoader<number, Page<Row>>(async (ids) => {
              const query = child.select(ctx, fields, [...keys.map((k) => k.column), parentColumn]).where(where);
              const map = await fetchPagesByParent(byName(ctx.db), query, table, parentColumn, ids, keys, args, ctx.locale);
              return ids.map((id) => map.get(id)!);
            }),
        );
        const counts = loaderFor(
          ctx,
          `${parent.config.name}.${field}:count:${argsKey}`,
          () =>
            new DataLoader<number, number>(async (ids) => {
              const rows = await child
                .from(ctx)
                .select([sql.ref(`${table}.${parentColumn}`).as('parent'), sql<number>`count(*)::int`.as('n')])
                .where(sql.ref(`${table}.${parentColumn}`), 'in', ids as number[])
                .where(where)
                .groupBy(sql.ref(`${table}.${parentColumn}`))
                .execute();
              const map = new Map(rows.map((r) => [r.parent as number, r.n]));
              return ids.map((id) => (map.get(id) as number | undefined) ?? 0);
            }),
        );
        if (compiled) {
          // what a compiled read puts under a connection's key (compile.ts)
          const page = prefetchedPage(compiled.value as Parameters<typeof prefetchedPage>[0], keys, args, ctx);
          return { ...page, totalCount: async () => page.total ?? counts.load(id) };
        }
        return pages.load(id).then((page) => ({ ...page, totalCount: () => counts.load(id) }));
      },
    });
  });
}

/** A small to-many link as a plain list (a household's members), one statement per level. */
function childList(parent: Resource, field: string, childName: string, parentColumn: string, label: Text): void {
  addChildRelation(parent.config.name, field, { kind: 'list', child: childName, parentColumn });
  builder.objectField(parent.ref, field, (t) => {
    const child = resources.get(childName)!;
    return t.field({
      type: [child.ref],
      description: `${label.zh} / ${label.en}`,
      resolve: (row, _args, ctx, info) => {
        requireViewer(ctx);
        const compiled = prefetched(row, info);
        // what a compiled read puts under a list's key (compile.ts)
        if (compiled) return compiled.value as Row[];
        const table = child.config.table;
        const fields = fieldsOfList(info);
        const keys = child.sortKeys(null);
        const loader = loaderFor(
          ctx,
          `${parent.config.name}.${field}:${[...fields].sort().join()}`,
          () =>
            new DataLoader<number, Row[]>(async (ids) => {
              let q = child
                .select(ctx, fields, [...keys.map((k) => k.column), parentColumn])
                .where(sql.ref(`${table}.${parentColumn}`), 'in', ids as number[]);
              for (const key of keys) q = q.orderBy(orderSql(table, key));
              const rows = await q.execute();
              const map = new Map<number, Row[]>(ids.map((id) => [id, []]));
              for (const r of rows) map.get(r[parentColumn] as number)!.push(r);
              return ids.map((id) => map.get(id)!);
            }),
        );
        return loader.load(recordId(row));
      },
    });
  });
}

export { globalId };

/** A child record type under a parent: a plain list (a project's few sites) or a paged connection (a village's households). */
export type ChildField = ({ list: string } | { connection: string }) & Text;

/**
 * A parent's to-many fields, one line a field: each lists the child type's rows whose `parentColumn` holds the
 * parent's id, in the order written (the printed schema's order).
 */
export function children(parent: Resource, parentColumn: string, fields: Record<string, ChildField>): void {
  for (const [field, child] of Object.entries(fields)) {
    const label = { zh: child.zh, en: child.en };
    if ('list' in child) childList(parent, field, child.list, parentColumn, label);
    else childConnection(parent, field, child.connection, parentColumn, label);
  }
}
