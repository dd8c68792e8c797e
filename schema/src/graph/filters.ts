/**
 * The one filter builder: per-field operators (eq, in, lt/lte/gt/gte, isNull, contains) combined with
 * and/or/not, compiled to one SQL condition. Every list and nested connection uses it.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { builder } from '../builder';
import type { HubContext, Locale } from '../context';
import { HubGraphQLError, type Text } from '../errors';
import { decodeId } from './ids';
import { refuseNul } from './textArguments';

export interface Operators {
  eq?: unknown;
  ne?: unknown;
  in?: unknown[] | null;
  notIn?: unknown[] | null;
  lt?: unknown;
  lte?: unknown;
  gt?: unknown;
  gte?: unknown;
  isNull?: boolean | null;
  contains?: string | null;
  startsWith?: string | null;
}

type ScalarName = 'String' | 'Int' | 'Boolean' | 'Date' | 'DateTime' | 'Decimal' | 'ID';

const MAX_IN = 1000;
/** longer than any household number, name or ID number */
const MAX_SEARCH = 100;

function operatorInput<T extends ScalarName | ReturnType<typeof builder.enumType>>(
  name: string,
  type: T,
  kinds: { order?: boolean; text?: boolean },
) {
  return builder.inputType(name, {
    description: '字段筛选条件，多个条件同时满足 / conditions on one field, all of which must hold',
    fields: (t) => ({
      eq: t.field({ type, required: false }),
      ne: t.field({ type, required: false }),
      in: t.field({ type: [type], required: false }),
      notIn: t.field({ type: [type], required: false }),
      isNull: t.boolean({ required: false }),
      ...(kinds.order
        ? {
            lt: t.field({ type, required: false }),
            lte: t.field({ type, required: false }),
            gt: t.field({ type, required: false }),
            gte: t.field({ type, required: false }),
          }
        : {}),
      ...(kinds.text
        ? {
            contains: t.string({ required: false, description: '包含（不区分大小写）/ contains, case-insensitive' }),
            startsWith: t.string({ required: false }),
          }
        : {}),
    }),
  });
}

export const StringFilter = operatorInput('StringFilter', 'String', { order: true, text: true });
export const IntFilter = operatorInput('IntFilter', 'Int', { order: true });
export const DecimalFilter = operatorInput('DecimalFilter', 'Decimal', { order: true });
export const DateFilter = operatorInput('DateFilter', 'Date', { order: true });
export const DateTimeFilter = operatorInput('DateTimeFilter', 'DateTime', { order: true });
export const BooleanFilter = operatorInput('BooleanFilter', 'Boolean', {});
export const IDFilter = operatorInput('IDFilter', 'ID', {});

const enumFilters = new Map<string, ReturnType<typeof operatorInput>>();
export function enumFilter(enumName: string, enumRef: ReturnType<typeof builder.enumType>) {
  let ref = enumFilters.get(enumName);
  if (!ref) {
    ref = operatorInput(`${enumName}Filter`, enumRef, {});
    enumFilters.set(enumName, ref);
  }
  return ref;
}

/** How one filter field maps to SQL. */
export interface FilterField {
  /** the SQL expression filtered on (a column reference, usually) */
  expression: (eb: ExpressionBuilder<never, never>) => Expression<unknown>;
  /** text columns get contains/startsWith; list columns (arrays) match on overlap */
  kind: 'scalar' | 'text' | 'array' | 'id';
  /** for ID filters: the type the global IDs must be of */
  idType?: string;
  label: string;
}

/** `text` as a LIKE pattern matching itself (its % and _ as themselves). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function tooMany(field: string, locale: Locale): never {
  throw new HubGraphQLError(
    'BAD_USER_INPUT',
    { zh: `筛选条件 ${field}.in 最多 ${MAX_IN} 个值`, en: `Filter ${field}.in takes at most ${MAX_IN} values` },
    locale,
    { fields: [{ field: `filter.${field}`, message: `at most ${MAX_IN} values` }] },
  );
}

/** Compiles the operators on one field. */
function fieldCondition(
  eb: ExpressionBuilder<never, never>,
  name: string,
  field: FilterField,
  ops: Operators,
  locale: Locale,
): Expression<SqlBool>[] {
  // GraphQL arguments were checked already; an export's filter (JSON in its URL) meets the same rule here
  refuseNul(ops, `filter.${name}`, locale);
  const target = field.expression(eb);
  const conditions: Expression<SqlBool>[] = [];
  const value = (v: unknown) => (field.kind === 'id' ? decodeId(v as string, field.idType!, locale, `filter.${name}`) : v);
  const list = (values: unknown[]) => {
    if (values.length > MAX_IN) tooMany(name, locale);
    return values.map(value);
  };
  if (field.kind === 'array') {
    // A list column (secondary causes): eq = contains this value, in = contains any of them.
    if (ops.eq != null) conditions.push(sql<SqlBool>`${target} @> array[${ops.eq}]::text[]`);
    if (ops.in) conditions.push(sql<SqlBool>`${target} && ${sql.val(list(ops.in))}::text[]`);
    if (ops.isNull != null)
      conditions.push(ops.isNull ? sql<SqlBool>`cardinality(${target}) = 0` : sql<SqlBool>`cardinality(${target}) > 0`);
    return conditions;
  }
  // written as SQL over the expression, whatever its column's type: the values were checked against the field's GraphQL type
  const compare = (op: '=' | '<>' | '<' | '<=' | '>' | '>=', v: unknown) => sql<SqlBool>`${target} ${sql.raw(op)} ${v}`;
  const isNull = sql<SqlBool>`${target} is null`;
  const among = (op: 'in' | 'not in', values: unknown[]) => sql<SqlBool>`${target} ${sql.raw(op)} (${sql.join(values)})`;
  if (ops.eq != null) conditions.push(compare('=', value(ops.eq)));
  if (ops.ne != null) conditions.push(eb.or([compare('<>', value(ops.ne)), isNull]));
  if (ops.in) conditions.push(ops.in.length ? among('in', list(ops.in)) : sql<SqlBool>`false`);
  if (ops.notIn?.length) conditions.push(eb.or([among('not in', list(ops.notIn)), isNull]));
  if (ops.isNull != null) conditions.push(ops.isNull ? isNull : sql<SqlBool>`${target} is not null`);
  if (ops.lt != null) conditions.push(compare('<', ops.lt));
  if (ops.lte != null) conditions.push(compare('<=', ops.lte));
  if (ops.gt != null) conditions.push(compare('>', ops.gt));
  if (ops.gte != null) conditions.push(compare('>=', ops.gte));
  if (ops.contains != null && ops.contains !== '') conditions.push(sql<SqlBool>`${target} ilike ${`%${escapeLike(ops.contains)}%`}`);
  if (ops.startsWith != null && ops.startsWith !== '') conditions.push(sql<SqlBool>`${target} like ${`${escapeLike(ops.startsWith)}%`}`);
  return conditions;
}

/** A shortcut such as `townshipId: ID`: the value (already decoded) to a condition. */
export type FilterShortcut = { idType: string; condition: (eb: ExpressionBuilder<never, never>, id: number) => Expression<SqlBool> };

/** What a filter is compiled for: the viewer decides what a search may look in. */
export type FilterContext = Pick<HubContext, 'locale' | 'viewer'>;

/**
 * A type's own text search, `search: String` in its filter (households: by number, name or ID number), for
 * what no single field's operators say. Empty text searches nothing out.
 */
export interface TextSearch {
  /** what it looks in, for this viewer (a search box's hint) */
  label: (ctx: FilterContext) => Text;
  condition: (text: string, ctx: FilterContext) => Expression<SqlBool>;
}

export interface FilterSpec {
  fields: Record<string, FilterField>;
  shortcuts: Record<string, FilterShortcut>;
  search?: TextSearch;
}

/** A filter as its GraphQL input gives it: operators by field, nested in and/or/not. */
export type FilterValue = Record<string, unknown> & { and?: FilterValue[] | null; or?: FilterValue[] | null; not?: FilterValue | null };

/** Compiles a whole filter (and/or/not nest as deep as the client sends them; the depth limit bounds that). */
export function compileFilter(
  eb: ExpressionBuilder<never, never>,
  spec: FilterSpec,
  filter: FilterValue | null | undefined,
  ctx: FilterContext,
): Expression<SqlBool> {
  if (!filter) return sql<SqlBool>`true`;
  const { locale } = ctx;
  const conditions: Expression<SqlBool>[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    if (raw === null || raw === undefined) continue;
    if (key === 'and') conditions.push(eb.and((raw as FilterValue[]).map((f) => compileFilter(eb, spec, f, ctx))));
    else if (key === 'or')
      conditions.push(
        (raw as FilterValue[]).length ? eb.or((raw as FilterValue[]).map((f) => compileFilter(eb, spec, f, ctx))) : sql<SqlBool>`false`,
      );
    else if (key === 'not') conditions.push(eb.not(compileFilter(eb, spec, raw as FilterValue, ctx)));
    else if (key === 'search' && spec.search) {
      refuseNul({ search: raw }, 'filter', locale);
      const text = String(raw).trim();
      if (text.length > MAX_SEARCH) {
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: `查找内容最多 ${MAX_SEARCH} 个字符`, en: `A search takes at most ${MAX_SEARCH} characters` },
          locale,
          {
            fields: [{ field: 'filter.search', message: `at most ${MAX_SEARCH} characters` }],
          },
        );
      }
      if (text) conditions.push(spec.search.condition(text, ctx));
    } else if (spec.shortcuts[key]) {
      const shortcut = spec.shortcuts[key];
      conditions.push(shortcut.condition(eb, decodeId(raw as string, shortcut.idType, locale, `filter.${key}`)));
    } else if (spec.fields[key]) conditions.push(...fieldCondition(eb, key, spec.fields[key], raw as Operators, locale));
  }
  return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
}
