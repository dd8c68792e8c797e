/**
 * A root list's (or node's) nested selection as ONE statement whose answer PostgreSQL builds as JSON
 * (issue #13): the page and its total, each record's selected columns, its references (a household's village)
 * and its to-many links (a village's households page and total, a household's members), nested as deep as
 * the query goes. Node parses one string instead of a statement's rows per level, and the resolvers below
 * read the parsed rows: each record's JSON has the columns the DataLoader path would have selected, under
 * the same names, so the field resolvers (masking through mask.ts, enums, dates, decimals) are the same
 * code for both paths; a link's data sits under `@` + its response key (relations.ts).
 *
 * Every subquery starts from the resource's own scoped select (resource.ts: scope condition, and row
 * security since the statement runs in the request's transaction as hub_app), with the filters, sorts and
 * cursors of the DataLoader path (pagination.ts). What is not compiled falls back to the field's resolver
 * and its DataLoader, never to wrong data:
 * - fields that are not a record's columns, computed fields, references or childList/childConnection links
 *   (history, `income(year)`, grouped figures…): their resolvers run on the compiled row as on a loaded one;
 * - a link whose arguments would be refused (a masked field in its filter, a bad cursor, a page too large,
 *   text with NUL): its resolver raises the same error for that field as before;
 * - a link asked twice under one response key with different arguments (`nodes { x(first: 1) }` and
 *   `edges { node { x(first: 2) } }`), which the row cannot hold both of;
 * - `nodes(ids)`, mutations' payloads and exports (exports stream pages of flat rows already).
 */
import { BREAK, getArgumentValues, Kind, visit, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
// the CommonJS file, as Node loads `graphql` for Apollo and Pothos (see vitest.config.ts): one copy of graphql
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { expressionBuilder, sql, type CompiledQuery, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { HubContext } from '../context';
import { compileFilter } from './filters';
import { orderSql, pageQuery, plan, toPage, type Page, type Plan, type SortKey } from './pagination';
import { resources } from './registry';
import { childRelations } from './relations';
import type { AnyExpressionBuilder, AnyQuery, ListArgs, Resource } from './recordShape';
import { policyKey, refuseSensitiveUse } from './scope';
import { nulPath } from './validation';

type Row = Record<string, unknown>;
type Fields = Map<string, readonly FieldNode[]>;
export type Condition = (eb: AnyExpressionBuilder) => Expression<SqlBool>;

/** json_build_object takes at most 100 arguments; a wider record is built from jsonb pieces. */
const PAIRS_PER_OBJECT = 50;

/** What compiling a selection reads of a resolver's info (a root's raw answer builds it without a resolver: rawAnswer.ts). */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>;

export interface Compiler {
  ctx: HubContext;
  info: SelectionInfo;
  /** numbers the derived tables (`hub1`, `hub2`…), so each level's columns are named apart from its parent's */
  aliases: number;
}

export function fieldsOn(c: Compiler, type: GraphQLObjectType, nodes: readonly FieldNode[]): Fields {
  return collectSubfields(c.info.schema, c.info.fragments, c.info.variableValues, type, nodes);
}

export function objectType(c: Compiler, name: string): GraphQLObjectType {
  return c.info.schema.getType(name) as GraphQLObjectType;
}

/** The arguments a field's resolver would get, or null when the field is asked with different ones under one key. */
export function argumentsOf(c: Compiler, parent: GraphQLObjectType, nodes: readonly FieldNode[]): Record<string, unknown> | null {
  const definition = parent.getFields()[nodes[0]!.name.value]!;
  const all = nodes.map((node) => getArgumentValues(definition, node, c.info.variableValues));
  const first = JSON.stringify(all[0]);
  return all.every((args) => JSON.stringify(args) === first) ? all[0]! : null;
}

/** The record selection of a connection: what `nodes` and `edges { node }` ask, merged. */
function recordNodesOf(c: Compiler, resource: Resource, connection: Fields): FieldNode[] {
  const nodes: FieldNode[] = [];
  for (const fieldNodes of connection.values()) {
    const name = fieldNodes[0]!.name.value;
    if (name === 'nodes') nodes.push(...fieldNodes);
    if (name === 'edges') {
      for (const edge of fieldsOn(c, objectType(c, `${resource.config.name}Edge`), fieldNodes).values()) {
        if (edge[0]!.name.value === 'node') nodes.push(...edge);
      }
    }
  }
  return nodes;
}

export function wantsTotal(connection: Fields): boolean {
  return [...connection.values()].some((nodes) => nodes[0]!.name.value === 'totalCount');
}

export function jsonObject(pairs: [string, RawBuilder<unknown>][]): RawBuilder<unknown> {
  const chunks: [string, RawBuilder<unknown>][][] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_OBJECT) chunks.push(pairs.slice(i, i + PAIRS_PER_OBJECT));
  const build = (fn: string, chunk: [string, RawBuilder<unknown>][]) =>
    sql`${sql.raw(fn)}(${sql.join(chunk.map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`;
  if (chunks.length <= 1) return build('json_build_object', chunks[0] ?? []);
  return sql`(${sql.join(
    chunks.map((chunk) => build('jsonb_build_object', chunk)),
    sql` || `,
  )})`;
}

/** `order by` over a derived table's columns, for json_agg. */
export function orderOver(alias: string, keys: SortKey[]) {
  return sql.join(keys.map((key) => orderSql(alias, key)));
}

/** One level: the scoped select of `resource` for the fields asked (plus `columns`), and its rows as JSON over `alias`. */
interface Level {
  alias: string;
  query: AnyQuery<object>;
  json: RawBuilder<unknown>;
}

function level(c: Compiler, resource: Resource, selected: Fields, columns: string[], cursorColumns: string[] = []): Level {
  const alias = `hub${++c.aliases}`;
  const names = new Set([...selected.values()].map((nodes) => nodes[0]!.name.value));
  const pairs = columnPairs(resource, names, cursorColumns, alias);
  const type = objectType(c, resource.config.name);
  for (const [key, nodes] of selected) {
    const link = linkSql(c, resource, type, alias, nodes);
    if (link) pairs.push([`@${key}`, link]);
  }
  return { alias, query: resource.select(c.ctx, names, columns), json: jsonObject(pairs) };
}

/**
 * A record's columns over `alias` as JSON pairs (and its computed fields that `names` asks), the same values
 * under the same names as the DataLoader path's rows, so the field resolvers read either: what the fields
 * read and the cursors encode. The partner sync's pages are built of them too (twinning/sync.ts).
 */
export function columnPairs(
  resource: Resource,
  names: Set<string>,
  cursorColumns: string[],
  alias: string,
): [string, RawBuilder<unknown>][] {
  const { config } = resource;
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const pairs: [string, RawBuilder<unknown>][] = [];
  // the same columns, under the same names, as the DataLoader path's rows: JSON keeps them exact. Only those
  // the fields read and the cursors encode: the sort and parent columns `columns` adds are for the SQL, and
  // Node parses every key of every row (a member's version and household id were a third of its JSON)
  const jsonColumns = resource.columns(names, cursorColumns).filter((column) => column !== 'version' || names.has('version'));
  for (const column of jsonColumns) {
    const spec = Object.entries(config.fields).find(([field, s]) => (s.column ?? field) === column)?.[1];
    if (column === 'createdAt' || column === 'updatedAt') {
      // the text a Date from the driver prints (milliseconds, UTC): cursors over these columns stay the same
      pairs.push([column, sql`to_char(${ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`]);
    } else if (spec?.kind === 'decimal') {
      // a JSON number would round; the driver gives numerics as exact text
      pairs.push([column, sql`${ref(column)}::text`]);
    } else pairs.push([column, sql`${ref(column)}`]);
  }
  for (const [field, computed] of Object.entries(config.computed ?? {})) {
    if (names.has(field)) pairs.push([field, computed.type === 'Decimal' ? sql`${ref(field)}::text` : sql`${ref(field)}`]);
  }
  return pairs;
}

/** The record of `target` whose id is `id`, with what `nodes` ask of it, as a JSON subquery (null when out of scope). */
function referenceSql(c: Compiler, target: Resource, nodes: readonly FieldNode[], id: Expression<unknown>): RawBuilder<unknown> {
  const inner = level(c, target, fieldsOn(c, objectType(c, target.config.name), nodes), []);
  const query = inner.query.where(sql.ref(`${target.config.table}.id`), '=', id);
  return sql`(select ${inner.json} from (${query}) as ${sql.raw(inner.alias)})`;
}

/**
 * For a field outside a compiled list whose value is a record (a group's village in grouped figures): that
 * record, with what the field's selection asks of it, as a JSON subquery over `id`. The field's resolver finds
 * it with `prefetched` (relations.ts) under the response key of `nodes`.
 */
export function compiledReference(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  target: Resource,
  nodes: readonly FieldNode[],
  id: Expression<unknown>,
): RawBuilder<unknown> {
  return referenceSql({ ctx, info, aliases: 0 }, target, nodes, id);
}

/** The to-many link `field` of the record at `alias`: its child resource and the condition tying a child to the record. */
export function childLink(resource: Resource, field: string, alias: string) {
  const relation = childRelations.get(resource.config.name)?.get(field);
  if (!relation) return null;
  const child = resources.get(relation.child)!;
  const parent = sql<SqlBool>`${sql.ref(`${child.config.table}.${relation.parentColumn}`)} = ${sql.ref(`${alias}.id`)}`;
  return { relation, child, parent };
}

/** A link of the record at `alias` as a subquery, or null when it is left to its resolver (see the header). */
function linkSql(
  c: Compiler,
  resource: Resource,
  type: GraphQLObjectType,
  alias: string,
  nodes: readonly FieldNode[],
): RawBuilder<unknown> | null {
  const name = nodes[0]!.name.value;
  const spec = resource.config.fields[name];
  if (spec?.kind === 'reference') return referenceSql(c, resources.get(spec.target)!, nodes, sql.ref(`${alias}.${spec.column}`));
  const link = childLink(resource, name, alias);
  if (!link) return null;
  const { relation, child, parent } = link;
  const table = child.config.table;
  if (relation.kind === 'list') {
    const keys = child.sortKeys(null);
    const inner = level(c, child, fieldsOn(c, objectType(c, relation.child), nodes), [...keys.map((k) => k.column), relation.parentColumn]);
    return sql`(select coalesce(json_agg(${inner.json} order by ${orderOver(inner.alias, keys)}), '[]') from (${inner.query.where(() => parent)}) as ${sql.raw(inner.alias)})`;
  }
  let args: ListArgs | null;
  let keys: SortKey[];
  let p: Plan;
  try {
    args = argumentsOf(c, type, nodes) as ListArgs | null;
    if (!args || nulPath(args, '')) return null;
    refuseSensitiveUse(c.ctx, child.config, args.filter, args.orderBy);
    keys = child.sortKeys(args.orderBy);
    p = plan(args, keys, c.ctx.locale);
    // a filter naming an ID of the wrong type throws here, as in the resolver: leave the field to it
    compileFilter(expressionBuilder() as never, child.filterSpec, args.filter, c.ctx);
  } catch {
    return null;
  }
  const where: Condition = (eb) => eb.and([parent, compileFilter(eb as never, child.filterSpec, args.filter, c.ctx)]);
  const connection = fieldsOn(c, objectType(c, `${relation.child}Connection`), nodes);
  const selected = fieldsOn(c, objectType(c, relation.child), recordNodesOf(c, child, connection));
  const inner = level(
    c,
    child,
    selected,
    [...keys.map((k) => k.column), relation.parentColumn],
    keys.map((k) => k.column),
  );
  const page = pageQuery(inner.query.where(where), table, p);
  const total = wantsTotal(connection)
    ? sql`(${child
        .from(c.ctx)
        .select(sql<number>`count(*)::int`.as('n'))
        .where(where)})`
    : sql`null`;
  return sql`(select json_build_object('rows', coalesce(json_agg(${inner.json} order by ${orderOver(inner.alias, p.keys)}), '[]'), 'total', ${total}) from (${page}) as ${sql.raw(inner.alias)})`;
}

/**
 * The statements compiled for a selection, kept with the parsed operation (Apollo keeps one document per query
 * text, so a client repeating a query hits this): building the nested select in Kysely and compiling it cost
 * a tenth of the hub's CPU time per nested read. The key holds everything the SQL is a function of: the field's
 * path, the variables (arguments, fragments' @include), the viewer's policy (scope.ts policyKey: her scope and the context's reach) and
 * the locale; a list narrowed by data (`extra` in listConnection) is never cached. Bounded per operation, so a
 * query asked with ever new variables (a node by each id) keeps only the latest.
 */
const statements = new WeakMap<object, Map<string, unknown>>();
const STATEMENTS_PER_OPERATION = 64;

/** What is built once per operation and key (see above): a compiled statement, or a raw answer's (rawAnswer.ts). */
export function cachedFor<T>(
  ctx: HubContext,
  info: Pick<GraphQLResolveInfo, 'operation' | 'path'>,
  what: string,
  build: () => T,
  variables: unknown,
): T {
  let byKey = statements.get(info.operation);
  if (!byKey) statements.set(info.operation, (byKey = new Map()));
  const path: (string | number)[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) path.push(at.key);
  const key = [what, path.join('.'), JSON.stringify(variables), policyKey(ctx), ctx.locale].join('\u0000');
  if (byKey.has(key)) return byKey.get(key) as T;
  const built = build();
  if (byKey.size >= STATEMENTS_PER_OPERATION) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, built);
  return built;
}

export function statementFor(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  what: string,
  build: () => { compile(executorProvider: HubContext['db']): CompiledQuery },
  variables: unknown = info.variableValues,
): CompiledQuery {
  return cachedFor(ctx, info, what, () => build().compile(ctx.db), variables);
}

/** A to-many connection's compiled value, as its resolver hands it on. */
export function prefetchedPage(
  value: { rows: Row[]; total: number | null },
  keys: SortKey[],
  args: ListArgs,
  ctx: HubContext,
): Page<Row> & { total: number | null } {
  return { ...toPage(value.rows, plan(args, keys, ctx.locale), keys, args), total: value.total };
}

/**
 * A root list's page with everything its selection asks below it, and its total when asked, in ONE
 * statement. `condition` is the list's filter (and a narrower list's own condition); the caller has
 * refused what the DataLoader path refuses.
 */
export async function compiledPage(
  resource: Resource,
  ctx: HubContext,
  args: ListArgs,
  info: GraphQLResolveInfo,
  condition: Condition,
  options: { cacheable: boolean },
): Promise<Page<Row> & { total: number | null }> {
  const keys = resource.sortKeys(args.orderBy);
  let p: Plan | undefined;
  const build = () => {
    const c: Compiler = { ctx, info, aliases: 0 };
    const connection = fieldsOn(c, objectType(c, `${resource.config.name}Connection`), info.fieldNodes);
    const selected = fieldsOn(c, objectType(c, resource.config.name), recordNodesOf(c, resource, connection));
    const root = level(
      c,
      resource,
      selected,
      keys.map((k) => k.column),
      keys.map((k) => k.column),
    );
    // the filter before the page's arguments, so a request wrong in both hears of the same one as before
    const filtered = root.query.where(condition);
    p = plan(args, keys, ctx.locale);
    const page = pageQuery(filtered, resource.config.table, p);
    // the total in the same statement, as a subquery PostgreSQL runs once: a window count over the page's
    // query would compute every matching row's selected columns (computed subqueries included) before the limit
    const total = wantsTotal(connection)
      ? sql`(${resource
          .from(ctx)
          .select(sql<number>`count(*)::int`.as('n'))
          .where(condition)})`
      : sql`null`;
    return sql<{ rows: string; total: number | null }>`select
      (select coalesce(json_agg(${root.json} order by ${orderOver(root.alias, p.keys)}), '[]') from (${page}) as ${sql.raw(root.alias)})::text as rows,
      ${total} as total`;
  };
  const statement = options.cacheable ? statementFor(ctx, info, `page:${resource.config.name}`, build) : build().compile(ctx.db);
  p ??= plan(args, keys, ctx.locale);
  const { rows } = await ctx.db.executeQuery<{ rows: string; total: number | null }>(statement);
  const result = rows[0]!;
  return { ...toPage(JSON.parse(result.rows) as Row[], p, keys, args), total: result.total };
}

/** One record of `resource` by id, with what `node(id)`'s selection asks of it (its type's fragments), or null. */
export async function compiledNode(resource: Resource, ctx: HubContext, id: number, info: GraphQLResolveInfo): Promise<Row | null> {
  const build = (idValue: unknown) => () => {
    const c: Compiler = { ctx, info, aliases: 0 };
    const root = level(c, resource, fieldsOn(c, objectType(c, resource.config.name), info.fieldNodes), []);
    const query = root.query.where(sql.ref(`${resource.config.table}.id`), '=', idValue as number);
    return sql<{ row: string }>`select (${root.json})::text as row from (${query}) as ${sql.raw(root.alias)}`;
  };
  const variable = idOnlyVariable(info);
  const statement = variable
    ? withId(statementFor(ctx, info, `node:${resource.config.name}`, build(ID_SLOT), { ...info.variableValues, [variable]: null }), id)
    : statementFor(ctx, info, `node:${resource.config.name}:${id}`, build(id));
  const { rows } = await ctx.db.executeQuery<{ row: string }>(statement);
  return rows[0] ? (JSON.parse(rows[0].row) as Row) : null;
}

/**
 * Stands for the id in a node's cached statement, whose parameter it is: the id is bound per request, so a
 * client asking for a node by each id (a detail page) builds and compiles the statement once, not each time.
 */
export const ID_SLOT = Object.freeze({ idSlot: true });

export function withId(statement: CompiledQuery, id: number | number[]): CompiledQuery {
  const slot = statement.parameters.indexOf(ID_SLOT);
  if (slot < 0 || statement.parameters.lastIndexOf(ID_SLOT) !== slot) throw new Error('a node statement binds its id once, as a parameter');
  return bindSlots(statement, new Map([[ID_SLOT, id]]));
}

/**
 * A kept statement with this request's values in place of the objects that stood for them when it was built
 * (each a parameter, as Kysely compiles a value): the text stays the same, so it is built once per shape. A
 * slot that is not among the parameters is an error, never a statement run without its value.
 */
export function bindSlots(statement: CompiledQuery, values: ReadonlyMap<object, unknown>): CompiledQuery {
  const found = new Set<unknown>();
  const parameters = statement.parameters.map((value) => {
    if (!values.has(value as object)) return value;
    found.add(value);
    return values.get(value as object);
  });
  if (found.size !== values.size) throw new Error('a kept statement lacks a parameter it should bind');
  return { ...statement, parameters };
}

/**
 * The variable `node(id: $v)` takes its id from, when nothing else in the document uses it (so the SQL depends
 * on it only through the id's parameter, and the cache may leave it out of the key); otherwise null.
 */
export function idOnlyVariable(
  info: Pick<GraphQLResolveInfo, 'operation' | 'fragments' | 'fieldNodes'>,
  argumentName = 'id',
): string | null {
  if (info.fieldNodes.length !== 1) return null;
  const value = info.fieldNodes[0]!.arguments?.find((argument) => argument.name.value === argumentName)?.value;
  if (value?.kind !== Kind.VARIABLE) return null;
  const name = value.name.value;
  let byName = variableUses.get(info.operation);
  if (!byName) variableUses.set(info.operation, (byName = new Map()));
  let uses = byName.get(name);
  if (uses === undefined) {
    let count = 0;
    const counter = {
      VariableDefinition: () => false, // the declaration is no use
      Variable: (node: { name: { value: string } }) => (node.name.value === name && ++count > 1 ? BREAK : undefined),
    };
    for (const node of [info.operation, ...Object.values(info.fragments)]) if (count <= 1) visit(node, counter);
    byName.set(name, (uses = count));
  }
  return uses === 1 ? name : null;
}
/** per parsed operation (kept by Apollo per query text): how often each variable is used in its document */
const variableUses = new WeakMap<object, Map<string, number>>();
