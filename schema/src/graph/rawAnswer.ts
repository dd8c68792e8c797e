/**
 * A query's whole `data` as text PostgreSQL writes in the response's own form (issue 13): when every root
 * field is a record list (`households`, `villages`…), `node(id)` or `nodes(ids)` (of one record type), and
 * everything selected below it is a column, a reference, a child list or a child connection's
 * `nodes`/`totalCount`, each root is ONE statement (as in
 * compile.ts) whose answer is already the field's JSON: response keys and aliases in the selection's order,
 * `__typename`, global ids, enum names, dates, decimals and masked values as the GraphQL scalars serialise
 * them. The server splices that text into the response (server/src/rawJson.ts), so a nested read costs no
 * JSON.parse, no resolvers walking hundreds of objects and no JSON.stringify of them: together a third of
 * read A's CPU, and most of its garbage.
 *
 * The text is the same, byte for byte, as the executor's answer from the same statement's rows
 * (test/graph.raw.test.ts compares the two paths). Anything else returns null and the operation runs as
 * before, so the edge cases keep their one implementation: an argument that would be refused (the refusal
 * and its wording are the resolver's), `edges`/`pageInfo` (cursors are encoded in Node), fields that are not
 * a record's columns (history, `income(year)`, grouped figures), a mask of a non-text value, mutations.
 * Whether a selection can be raw is decided once per operation, variables, policy and locale, with its
 * statement (compile.ts cachedFor).
 */
import {
  getArgumentValues,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { sql, type CompiledQuery, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { HubContext } from '../context';
import {
  argumentsOf,
  cachedFor,
  childLink,
  fieldsOn,
  ID_SLOT,
  idOnlyVariable,
  objectType,
  orderOver,
  withId,
  type Compiler,
  type SelectionInfo,
} from './compile';
import { compileFilter } from './filters';
import { MAX_IDS, parseAnyId } from './ids';
import { pageQuery, plan, type Plan } from './pagination';
import type { AnyExpressionBuilder, AnyQuery, ListArgs, Resource } from './recordShape';
import { resources } from './registry';
import { policy, refuseSensitiveUse } from './scope';
import { nulPath } from './validation';

/** Thrown while building when a selection is not answered raw: the operation takes the resolvers' path. */
class NotRaw extends Error {}
const notRaw = (): never => {
  throw new NotRaw('not answered raw');
};

/** A JSON text as SQL: literal pieces (JSON punctuation and keys) and expressions that each give JSON text. */
type Json = (string | RawBuilder<unknown>)[];

/** The pieces as one SQL text expression: adjacent literals merged, each typed text (`'{' || '}'` alone is ambiguous). */
function textSql(json: Json): RawBuilder<string> {
  const merged: (string | RawBuilder<unknown>)[] = [];
  for (const piece of json) {
    const last = merged[merged.length - 1];
    if (typeof piece === 'string' && typeof last === 'string') merged[merged.length - 1] = last + piece;
    else merged.push(piece);
  }
  return sql<string>`(${sql.join(
    merged.map((piece) => (typeof piece === 'string' ? sql`${sql.lit(piece)}::text` : piece)),
    sql` || `,
  )})`;
}

function object(entries: [string, Json][]): Json {
  if (!entries.length) return ['{}'];
  return [...entries.flatMap(([key, value], i) => [`${i ? ',' : '{'}${JSON.stringify(key)}:`, ...value]), '}'];
}

/** A value's JSON as PostgreSQL writes it: the same text JSON.stringify gives of what JSON.parse made of it (null for none). */
const jsonOf = (value: RawBuilder<unknown>): Json => [sql`coalesce(to_json(${value})::text, 'null')`];

/** mask.ts's maskValue in SQL, over text: ID numbers keep address code and last four, others first three and last four. */
const maskSql = (v: RawBuilder<unknown>): RawBuilder<unknown> =>
  sql`case when ${v} = '' then ${v}
    when ${v} ~ '^[0-9]{17}[0-9X]$' then left(${v}, 6) || '********' || right(${v}, 4)
    when char_length(${v}) > 7 then left(${v}, 3) || '****' || right(${v}, 4)
    else repeat('*', char_length(${v})) end`;

/** The JSON array of the records of `level` over `from`, in `keys`' order ('[]' for none). */
function arrayOf(level: RawLevel, from: AnyQuery<object>, order: RawBuilder<unknown>): Json {
  return [
    sql`(select coalesce('[' || string_agg(${textSql(level.json)}, ',' order by ${order}) || ']', '[]') from (${from}) as ${sql.raw(level.alias)})`,
  ];
}

interface RawLevel {
  alias: string;
  query: AnyQuery<object>;
  json: Json;
}

/** One record level: the scoped select of `resource` for the fields asked (plus `columns`), and each record's JSON over `alias`. */
function rawLevel(c: Compiler, resource: Resource, selected: Map<string, readonly FieldNode[]>, columns: string[]): RawLevel {
  const alias = `hub${++c.aliases}`;
  const { config } = resource;
  const names = new Set([...selected.values()].map((nodes) => nodes[0]!.name.value));
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const masked = policy(c.ctx, config).masked;
  const type = objectType(c, config.name);
  const entries: [string, Json][] = [];
  for (const [key, nodes] of selected) {
    const name = nodes[0]!.name.value;
    const spec = config.fields[name];
    const computed = config.computed?.[name];
    let value: Json;
    if (name === '__typename') value = [JSON.stringify(config.name)];
    else if (name === 'id') {
      // Pothos' global id, base64 of `Type:id` (PostgreSQL breaks base64 lines after 76 characters: ids stay far shorter)
      if (config.name.length + 12 > 57) notRaw();
      value = ['"', sql`encode(convert_to(${sql.lit(`${config.name}:`)} || ${ref('id')}, 'UTF8'), 'base64')`, '"'];
    } else if (name === 'version') value = jsonOf(ref('version'));
    else if (name === 'createdAt' || name === 'updatedAt') {
      // DateTime serialises a Date as toISOString: milliseconds, UTC
      value = jsonOf(sql`to_char(${ref(name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    } else if (spec?.kind === 'reference') {
      const target = resources.get(spec.target)!;
      const inner = rawLevel(c, target, fieldsOn(c, objectType(c, target.config.name), nodes), []);
      const query = inner.query.where(sql.ref(`${target.config.table}.id`), '=', ref(spec.column ?? name));
      // out of the viewer's scope: null, as the loader's answer
      value = [sql`coalesce((select ${textSql(inner.json)} from (${query}) as ${sql.raw(inner.alias)}), 'null')`];
    } else if (spec || computed) {
      const column = spec ? ref(spec.column ?? name) : ref(name);
      const kind = spec ? spec.kind : computed!.type;
      // what the resolvers' JSON held: decimals as exact text, everything else as to_json writes it
      const text = kind === 'decimal' || kind === 'Decimal' ? sql`${column}::text` : column;
      const stringValued =
        ['string', 'String', 'date', 'Date', 'decimal', 'Decimal'].includes(kind) || (kind === 'enum' && spec?.kind === 'enum');
      const isMasked = spec?.revealOnly || ((spec?.sensitive || computed) && masked.has(name));
      if (isMasked && kind === 'enum' && spec?.kind === 'enum' && spec.codes.every((code) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(code.value)))
        notRaw();
      // mask.ts masks strings only; a number or a list keeps its value
      value = jsonOf(isMasked && stringValued ? maskSql(text) : text);
    } else {
      const link = rawLink(c, resource, type, alias, nodes);
      if (!link) notRaw();
      value = link!;
    }
    entries.push([key, value]);
  }
  return { alias, query: resource.select(c.ctx, names, columns), json: object(entries) };
}

/** A child list or connection of the record at `alias`, or null when it is not a link the compiler follows. */
function rawLink(c: Compiler, resource: Resource, type: GraphQLObjectType, alias: string, nodes: readonly FieldNode[]): Json | null {
  const link = childLink(resource, nodes[0]!.name.value, alias);
  if (!link) return null;
  const { relation, child, parent } = link;
  if (relation.kind === 'list') {
    const keys = child.sortKeys(null);
    const inner = rawLevel(c, child, fieldsOn(c, objectType(c, relation.child), nodes), [
      ...keys.map((k) => k.column),
      relation.parentColumn,
    ]);
    return arrayOf(
      inner,
      inner.query.where(() => parent),
      orderOver(inner.alias, keys),
    );
  }
  const args = argumentsOf(c, type, nodes) as ListArgs | null;
  if (!args) return notRaw();
  return connection(c, child, args, nodes, (eb) => eb.and([parent, compileFilter(eb, child.filterSpec, args.filter, c.ctx)]), [
    relation.parentColumn,
  ]);
}

/**
 * A connection's JSON: `nodes` (each under its own key, with its own selection), `totalCount`, `__typename`.
 * Refusals (a masked field in the filter, a bad page, a NUL) throw here and leave the operation to the resolvers.
 */
function connection(
  c: Compiler,
  resource: Resource,
  args: ListArgs,
  nodes: readonly FieldNode[],
  condition: (eb: AnyExpressionBuilder) => Expression<SqlBool>,
  columns: string[],
): Json {
  if (nulPath(args, '')) notRaw();
  refuseSensitiveUse(c.ctx, resource.config, args.filter, args.orderBy);
  const keys = resource.sortKeys(args.orderBy);
  const p: Plan = plan(args, keys, c.ctx.locale);
  const entries: [string, Json][] = [];
  const name = resource.config.name;
  for (const [key, fieldNodes] of fieldsOn(c, objectType(c, `${name}Connection`), nodes)) {
    const field = fieldNodes[0]!.name.value;
    if (field === '__typename') entries.push([key, [JSON.stringify(`${name}Connection`)]]);
    else if (field === 'totalCount') {
      const total = resource
        .from(c.ctx)
        .select(sql<number>`count(*)::int`.as('n'))
        .where(condition);
      entries.push([key, [sql`(${total})::text`]]);
    } else if (field === 'nodes') {
      const sortColumns = keys.map((k) => k.column);
      const level = rawLevel(c, resource, fieldsOn(c, objectType(c, name), fieldNodes), [...sortColumns, ...columns]);
      // the page's rows without the one more that tells pageInfo there is more; in the list's order even when read backwards
      const page = pageQuery(level.query.where(condition), resource.config.table, { ...p, limit: p.limit - 1 });
      entries.push([key, arrayOf(level, page, orderOver(level.alias, keys))]);
    } else notRaw();
  }
  return object(entries);
}

/** A root list field's statement (its JSON text as `json`), or null when it is not answered raw. */
function rootStatement(ctx: HubContext, info: SelectionInfo, resource: Resource, nodes: readonly FieldNode[]): CompiledQuery | null {
  try {
    if (!ctx.viewer) return null;
    const c: Compiler = { ctx, info, aliases: 0 };
    const definition = info.schema.getQueryType()!.getFields()[nodes[0]!.name.value]!;
    // one key's fields have the same arguments (graphql-js validation: fields that merge)
    const args = getArgumentValues(definition, nodes[0]!, info.variableValues) as ListArgs;
    const json = connection(c, resource, args, nodes, (eb) => compileFilter(eb, resource.filterSpec, args.filter, ctx), []);
    return sql<{ json: string }>`select ${textSql(json)} as json`.compile(ctx.db);
  } catch {
    // NotRaw, or a refusal the resolver will make with its own words
    return null;
  }
}

/** One record of `level` by the id in `id` (SQL), as JSON text: 'null' when there is none or it is out of scope. */
const recordById = (resource: Resource, level: RawLevel, id: unknown) => {
  const query = level.query.where(sql.ref(`${resource.config.table}.id`), '=', id as number);
  return sql<string>`coalesce((select ${textSql(level.json)} from (${query}) as ${sql.raw(level.alias)}), 'null')`;
};

/**
 * `node(id)` (`list` false) or `nodes(ids)` of records of `resource`: each by the selection on its own type (inline
 * and named fragments on other types drop out), null where the resolver's load finds none in the viewer's scope.
 * The ids are one parameter, ID_SLOT until bound.
 */
function byIdStatement(
  ctx: HubContext,
  info: SelectionInfo,
  resource: Resource,
  nodes: readonly FieldNode[],
  list: boolean,
): CompiledQuery | null {
  try {
    const c: Compiler = { ctx, info, aliases: 0 };
    const level = rawLevel(c, resource, fieldsOn(c, objectType(c, resource.config.name), nodes), []);
    const json = list
      ? sql`(select coalesce('[' || string_agg(${recordById(resource, level, sql.ref('hub_ids.id'))}, ',' order by hub_ids.i) || ']', '[]')
          from unnest(${ID_SLOT}::int[]) with ordinality as hub_ids(id, i))`
      : recordById(resource, level, ID_SLOT);
    return sql<{ json: string }>`select ${json} as json`.compile(ctx.db);
  } catch {
    return null;
  }
}

/**
 * A root `node(id)` or `nodes(ids)` (all of one record type), or null when it is left to the resolver: an ID that
 * is not a record's or too many (the resolver refuses them, naming the argument), ids of several types, none, a
 * selection that is not raw. The statement is built once per type and selection, the ids bound per request (a
 * detail page by each id); the key leaves out a variable that only gives the ids (compile.ts idOnlyVariable).
 */
function byIdRoot(ctx: HubContext, op: RawOperation, info: SelectionInfo, key: string, nodes: readonly FieldNode[]): CompiledQuery | null {
  if (!ctx.viewer) return null;
  const name = nodes[0]!.name.value;
  const list = name === 'nodes';
  const argument = list ? 'ids' : 'id';
  const definition = op.schema.getQueryType()!.getFields()[name]!;
  const value = getArgumentValues(definition, nodes[0]!, info.variableValues)[argument] as unknown;
  const values = list ? (value as unknown[]) : [value];
  if (!values.length || values.length > MAX_IDS) return null;
  const parsed = values.map((v) => parseAnyId(String(v)));
  const type = parsed[0]?.type;
  if (parsed.some((p) => !p || p.type !== type)) return null;
  const resource = resources.get(type!);
  if (!resource) return null;
  const ids = parsed.map((p) => p!.id);
  const path: GraphQLResolveInfo['path'] = { prev: undefined, key, typename: 'Query' };
  const variable = idOnlyVariable({ operation: op.operation, fragments: op.fragments, fieldNodes: nodes }, argument);
  const statement = cachedFor(
    ctx,
    { operation: op.operation, path },
    `raw:${name}:${resource.config.name}`,
    () => byIdStatement(ctx, info, resource, nodes, list),
    variable ? { ...op.variableValues, [variable]: null } : op.variableValues,
  );
  return statement && withId(statement, list ? ids : ids[0]!);
}

/** root list fields by name (`households`), found once among the record types */
let rootLists: Map<string, Resource> | null = null;

export interface RawOperation {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/**
 * The `data` of a query as JSON text, when every root field is answered raw; otherwise null (and nothing was
 * changed: the caller executes the operation as usual, whose answer, errors included, is then the one given).
 */
export async function rawAnswer(ctx: HubContext, op: RawOperation): Promise<string | null> {
  if (op.operation.operation !== 'query') return null;
  rootLists ??= new Map([...resources.values()].map((resource) => [resource.config.plural, resource]));
  const info: SelectionInfo = { schema: op.schema, fragments: op.fragments, variableValues: op.variableValues };
  const roots = fieldsOn({ ctx, info, aliases: 0 }, op.schema.getQueryType()!, [
    { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'query' }, selectionSet: op.operation.selectionSet },
  ]);
  const statements: [string, CompiledQuery | string][] = [];
  for (const [key, nodes] of roots) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      statements.push([key, JSON.stringify(op.schema.getQueryType()!.name)]);
      continue;
    }
    if (name === 'node' || name === 'nodes') {
      const statement = byIdRoot(ctx, op, info, key, nodes);
      if (!statement) return null;
      statements.push([key, statement]);
      continue;
    }
    const resource = rootLists.get(name);
    if (!resource) return null;
    const path: GraphQLResolveInfo['path'] = { prev: undefined, key, typename: 'Query' };
    const statement = cachedFor(
      ctx,
      { operation: op.operation, path },
      `raw:${resource.config.name}`,
      () => rootStatement(ctx, info, resource, nodes),
      op.variableValues,
    );
    if (!statement) return null;
    statements.push([key, statement]);
  }
  const parts: string[] = [];
  try {
    for (const [key, statement] of statements) {
      const text = typeof statement === 'string' ? statement : (await ctx.db.executeQuery<{ json: string }>(statement)).rows[0]!.json;
      parts.push(`${JSON.stringify(key)}:${text}`);
    }
  } catch {
    // a failing statement (a timeout, a lost connection): the resolvers' path meets it again and answers as it always has
    return null;
  }
  return `{${parts.join(',')}}`;
}
