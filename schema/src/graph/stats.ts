/**
 * Grouped figures for analysts, one design for every record type: `<list>Stats(filter, groupBy)` counts the
 * records the reader may see and sums, averages, and bounds their numeric fields, grouped by any of the
 * type's codes, years, references and its township and village. One SQL GROUP BY per request.
 */
import { getNamedType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
// the CommonJS file, as Node loads `graphql` for Apollo and Pothos (see vitest.config.ts): one copy of graphql
import { collectSubfields } from 'graphql/execution/collectFields.js';
import type { OutputRef } from '@pothos/core';
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { byName } from '../db/database';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { policy, refuseSensitiveUse } from './scope';
import { columnOf, upperSnake, type FieldSpec } from './fields';
import { compiledReference, statementFor } from './compile';
import { compileFilter } from './filters';
import { resources } from './registry';
import { prefetched } from './relations';
import type { AnyQuery, Resource, StatsDimension, StatsJoin, StatsTally } from './recordShape';
import { graphQLTypeOf } from './resource';
import { fieldsAt } from './selection';

export type { StatsDimension, StatsJoin };

/** The joins that reach a record's village: through its household column, or its own village column. */
export const villageJoins = {
  /** the household the record hangs off, and that household's village */
  viaHousehold: (householdRef: (table: string) => string): StatsJoin[] => [
    { alias: 'hubHousehold', source: 'household', on: (t) => sql`${sql.ref('hubHousehold.id')} = ${sql.ref(householdRef(t))}` },
    { alias: 'hubVillage', source: 'village', on: () => sql`${sql.ref('hubVillage.id')} = ${sql.ref('hubHousehold.villageId')}` },
  ],
  direct: (villageOf: (table: string) => RawBuilder<unknown>): StatsJoin[] => [
    { alias: 'hubVillage', source: 'village', on: (t) => sql`${sql.ref('hubVillage.id')} = ${villageOf(t)}` },
  ],
};

/** A record's village, township and county as dimensions, through `joins` that end at `hubVillage`. */
export function divisionDimensions(joins: StatsJoin[]): Record<'village' | 'township' | 'county', StatsDimension> {
  const township: StatsJoin = {
    alias: 'hubTownship',
    source: 'township',
    on: () => sql`${sql.ref('hubTownship.id')} = ${sql.ref('hubVillage.townshipId')}`,
  };
  return {
    village: { joins, expression: () => sql`${sql.ref('hubVillage.id')}`, type: () => resources.get('Village')!.ref },
    township: { joins, expression: () => sql`${sql.ref('hubVillage.townshipId')}`, type: () => resources.get('Township')!.ref },
    county: {
      joins: [...joins, township],
      expression: () => sql`${sql.ref('hubTownship.countyId')}`,
      type: () => resources.get('County')!.ref,
    },
  };
}

function isYear(name: string, spec: FieldSpec) {
  return spec.kind === 'int' && /(^y|Y)ear$/.test(name);
}

/** The dimensions a type can be grouped by: codes, years and references from its fields, its township and village, and its own extras (a linked record's code through a join). */
function dimensionsOf(resource: Resource): Record<string, StatsDimension> {
  const { fields, villageOf, householdColumn, statsDimensions } = resource.config;
  const dims: Record<string, StatsDimension> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind === 'enum' || isYear(name, spec) || (spec.kind === 'reference' && spec.filter)) {
      const column = columnOf(name, spec);
      dims[name] = {
        expression: (table) => sql`${sql.ref(`${table}.${column}`)}`,
        type: () => (spec.kind === 'reference' ? resources.get(spec.target)!.ref : graphQLTypeOf(spec)),
      };
    }
  }
  if (villageOf) {
    // through a join with the record's village, not a lookup per row
    const divisions = divisionDimensions(
      householdColumn ? villageJoins.viaHousehold((t) => `${t}.${householdColumn}`) : villageJoins.direct(villageOf),
    );
    if (!dims.village) dims.village = divisions.village;
    dims.township = divisions.township;
    dims.county = divisions.county;
  }
  return { ...dims, ...statsDimensions };
}

/** The numeric fields summed and averaged: amounts, counts, areas — not years. */
type Measure = { expression: (table: string, ctx: HubContext) => RawBuilder<unknown>; decimal: boolean; joins?: StatsJoin[] };

function measuresOf(resource: Resource): Record<string, Measure> {
  const measures: Record<string, Measure> = {};
  for (const [name, spec] of Object.entries(resource.config.fields)) {
    if ((spec.kind === 'int' || spec.kind === 'decimal') && !isYear(name, spec)) {
      measures[name] = { expression: (table) => sql`${sql.ref(`${table}.${columnOf(name, spec)}`)}`, decimal: spec.kind === 'decimal' };
    }
  }
  for (const [name, computed] of Object.entries(resource.config.computed ?? {})) {
    // derived counts add up (a household's size sums to people); derived amounts are already sums or ratios, which do not
    if (computed.type !== 'Int') continue;
    const { statsJoin } = computed;
    measures[name] = statsJoin
      ? // the same figure from one grouped join, not a lookup per row
        { expression: () => sql`coalesce(${sql.ref(`${statsJoin.alias}.${statsJoin.value}`)}, 0)`, decimal: false, joins: [statsJoin] }
      : { expression: (table, ctx) => sql`(${computed.sql(table, ctx)})`, decimal: false };
  }
  return measures;
}

/**
 * The records a query asks of its groups (`village { name }` of households by village), each to come as a JSON
 * subquery in the grouped statement itself (compile.ts `compiledReference`), instead of a second statement
 * through the loader: one per response key, selected as `r0`, `r1`….
 */
function referencesAsked(info: GraphQLResolveInfo, dims: Record<string, StatsDimension>, groupBy: string[]) {
  const rowType = getNamedType(info.returnType) as GraphQLObjectType;
  const asked = collectSubfields(info.schema, info.fragments, info.variableValues, rowType, info.fieldNodes);
  const references: { key: string; dimension: StatsDimension; target: Resource; nodes: readonly FieldNode[] }[] = [];
  for (const [key, nodes] of asked) {
    const d = nodes[0]!.name.value;
    const target = groupBy.includes(d) ? resources.get((dims[d]!.type() as { name?: string }).name ?? '') : undefined;
    if (target) references.push({ key, dimension: dims[d]!, target, nodes });
  }
  return references;
}

/** Filter keys a summary keyed by village answers as the rows would: the division shortcuts (a county's figures). */
const DIVISION_SHORTCUTS = new Set(['countyId', 'townshipId', 'villageId']);

/** The figures asked of each measure, by kind. */
type Kind = 'sum' | 'avg' | 'min' | 'max';
const KINDS: readonly Kind[] = ['sum', 'avg', 'min', 'max'];

/**
 * The summary that answers a grouped request instead of the rows, if any: its groups are the rows' groups and
 * its sums their counts, people and summed measures (a sum of sums; an average is that sum over the count, what
 * `avg` of the rows gives, the measures being NOT NULL). Not for minima and maxima, nor for partner units, whose
 * scope is their pairings, not villages. A filter only by division (`countyId`…) is a condition on the village,
 * which the summary has.
 */
function tallyFor(resource: Resource, ctx: HubContext, groupBy: string[], filter: unknown, asked: (kind: Kind) => string[]) {
  const { statsTally } = resource.config;
  if (!statsTally || requireViewer(ctx).role === 'PARTNER') return null;
  if (asked('min').length || asked('max').length) return null;
  if (![...asked('sum'), ...asked('avg')].every((m) => statsTally.sums?.[m])) return null;
  if (filter != null && Object.entries(filter).some(([key, value]) => value != null && !DIVISION_SHORTCUTS.has(key))) return null;
  return groupBy.every((d) => statsTally.dimensions.includes(d)) ? statsTally : null;
}

/** A measure's figure over the rows, or over the tally's groups (a sum of its sums, an average over its counts). */
function figure(kind: Kind, measure: Measure, table: string, ctx: HubContext, tally: StatsTally | null, m: string): RawBuilder<unknown> {
  if (!tally) return sql`${sql.raw(kind)}(${measure.expression(table, ctx)})`;
  const sum = sql`sum(${sql.ref(`${table}.${tally.sums![m]!}`)})`;
  // in parentheses: the average is cast to float8 after the division, as avg() of the rows is
  return kind === 'avg' ? sql`(${sum}::numeric / nullif(sum(${sql.ref(`${table}.${tally.count}`)}), 0))` : sum;
}

/** A group as its resolvers read it: its count and people, its groups' values (`d_<dimension>`), records asked of them (`@<key>`) and figures by kind. */
type Group = Record<string, unknown> & { count: number; people?: unknown } & Partial<Record<Kind, Record<string, unknown>>>;

export function defineStats(resource: Resource): void {
  const { name, plural, table, label } = resource.config;
  const dims = dimensionsOf(resource);
  const measures = measuresOf(resource);
  const { people } = resource.config;
  if (!Object.keys(dims).length) return;

  const dimensionEnum = builder.enumType(`${name}StatsDimension`, {
    values: Object.fromEntries(Object.keys(dims).map((d) => [upperSnake(d), { value: d }])) as Record<string, { value: string }>,
  });
  const numbers = (kind: Kind) =>
    Object.keys(measures).length
      ? builder.objectRef<Record<string, unknown>>(`${name}Stats${kind[0]!.toUpperCase()}${kind.slice(1)}`).implement({
          fields: (t) =>
            Object.fromEntries(
              Object.entries(measures).map(([m, spec]) => {
                // an average is a float; a decimal's sum and bounds exact text; a count's sum may pass 2³¹
                if (kind === 'avg' || (kind === 'sum' && !spec.decimal))
                  return [m, t.float({ nullable: true, resolve: (row) => row[m] as number | null })];
                if (spec.decimal) return [m, t.field({ type: 'Decimal', nullable: true, resolve: (row) => row[m] as string | null })];
                return [m, t.int({ nullable: true, resolve: (row) => row[m] as number | null })];
              }),
            ),
        })
      : null;
  const sumRef = numbers('sum');
  const avgRef = numbers('avg');
  const minRef = numbers('min');
  const maxRef = numbers('max');

  const rowRef = builder.objectRef<Group>(`${name}Stats`).implement({
    description: `${label.zh}分组统计 / grouped figures of ${label.en} records`,
    fields: (t) => ({
      count: t.int({ description: '记录数 / how many records', resolve: (row) => row.count }),
      ...(people ? { people: t.int({ description: '人数 / people', resolve: (row) => Number(row.people ?? 0) }) } : {}),
      ...Object.fromEntries(
        Object.entries(dims).map(([d, dim]) => [
          d,
          t.field({
            // a code, a year or a record: what the group's value is, as its resolver returns it
            type: dim.type() as OutputRef,
            nullable: true,
            description: '分组值（未按其分组时为空）/ the group’s value, null when not grouped by it',
            // a record (a village) comes with the grouped statement (referencesAsked), else its id goes to the loader
            resolve: (row, _args, _ctx, info) => {
              const compiled = prefetched(row, info);
              return compiled ? compiled.value : (row[`d_${d}`] ?? null);
            },
          }),
        ]),
      ),
      ...(sumRef ? { sum: t.field({ type: sumRef, resolve: (row) => row.sum ?? {} }) } : {}),
      ...(avgRef ? { avg: t.field({ type: avgRef, resolve: (row) => row.avg ?? {} }) } : {}),
      ...(minRef ? { min: t.field({ type: minRef, resolve: (row) => row.min ?? {} }) } : {}),
      ...(maxRef ? { max: t.field({ type: maxRef, resolve: (row) => row.max ?? {} }) } : {}),
    }),
  });

  builder.queryField(`${plural}Stats`, (t) =>
    t.field({
      type: [rowRef],
      description: `${label.zh}分组统计：在可见范围内计数、求和、平均 / ${label.en} records counted, summed and averaged by group, within the reader’s scope`,
      args: {
        groupBy: t.arg({ type: [dimensionEnum], required: true }),
        filter: t.arg({ type: resource.filterRef, required: false }),
      },
      resolve: async (_root, args, ctx, info) => {
        requireViewer(ctx);
        // grouped figures filtered on a masked field would tell its values a group at a time
        refuseSensitiveUse(ctx, resource.config, args.filter, null);
        const groupBy = [...new Set(args.groupBy as string[])];
        if (groupBy.length > 3) {
          throw new HubGraphQLError('BAD_USER_INPUT', { zh: '最多按 3 个维度分组', en: 'Group by at most 3 dimensions' }, ctx.locale, {
            fields: [{ field: 'groupBy', message: 'at most 3' }],
          });
        }
        const askedOf = Object.fromEntries(KINDS.map((kind) => [kind, [...fieldsAt(info, [kind])].filter((m) => measures[m])]));
        const asked = (kind: Kind) => askedOf[kind]!;
        const kindsAsked = KINDS.filter((kind) => asked(kind).length);
        const wantsPeople = people && fieldsAt(info, []).has('people');
        const tally = tallyFor(resource, ctx, groupBy, args.filter, asked);
        // the figures asked, each a column m0, m1… of the statement: [kind, measure, a count's sum (a bigint: a number)]
        const figures = KINDS.flatMap((kind) => asked(kind).map((m) => [kind, m, kind === 'sum' && !measures[m]!.decimal] as const));
        const references = referencesAsked(info, dims, groupBy);
        const build = () => {
          const selections = [
            (tally ? sql`coalesce(sum(${sql.ref(`${table}.${tally.count}`)}), 0)::int` : sql`count(*)::int`).as('n'),
            // the groups are columns 2… (grouped by position below), so they come right after the count
            ...groupBy.map((d, i) => dims[d]!.expression(table).as(`g${i}`)),
            ...(wantsPeople ? [sql`sum(${tally ? sql.ref(`${table}.${tally.people}`) : people.expression(table)})`.as('p')] : []),
            // only the measures the query asks for: a derived one costs a join
            ...figures.map(([kind, m], i) => {
              const value = figure(kind, measures[m]!, table, ctx, tally, m);
              return (kind === 'avg' ? sql`${value}::float8` : measures[m]!.decimal ? sql`${value}::text` : value).as(`m${i}`);
            }),
          ];
          // each table joined once, whatever the dimensions and measures that need it (the tally has its measures)
          const joins = new Map<string, StatsJoin>();
          for (const join of [
            ...groupBy.flatMap((d) => dims[d]!.joins ?? []),
            ...(wantsPeople && !tally ? (people.joins ?? []) : []),
            ...(tally ? [] : figures.flatMap(([, m]) => measures[m]!.joins ?? [])),
          ])
            joins.set(join.alias, join);
          // the tally under the table's name, so the dimensions' and the policy's SQL read it as they read the rows
          let query: AnyQuery<object> = tally
            ? byName(ctx.db)
                .selectFrom(`${tally.table} as ${table}`)
                .where((eb) => policy(ctx, resource.config).rows(eb))
            : resource.from(ctx);
          for (const join of joins.values()) {
            const source = typeof join.source === 'string' ? `${join.source} as ${join.alias}` : join.source.as(join.alias);
            query = query.leftJoin(source, (on) => on.on(join.on(table).$castTo<SqlBool>()));
          }
          query = query
            .select([
              ...selections,
              ...references.map((r, i) => compiledReference(ctx, info, r.target, r.nodes, r.dimension.expression(table)).as(`r${i}`)),
            ])
            .where((eb) => compileFilter(eb as ExpressionBuilder<never, never>, resource.filterSpec, args.filter, ctx));
          groupBy.forEach((_d, i) => (query = query.groupBy(sql.raw(String(i + 2)))));
          // the groups as ONE JSON text, parsed once, rather than a row each for the driver to parse and rename
          const order = groupBy.map((_d, i) => sql.ref(`g.g${i}`));
          return sql<{
            groups: string;
          }>`select coalesce(json_agg(g${order.length ? sql` order by ${sql.join(order)}` : sql``}), '[]')::text as groups
            from (${query}) as g`;
        };
        // kept with the parsed operation for this selection, variables and scope (compile.ts): built once
        const statement = statementFor(ctx, info, `stats:${name}`, build);
        const { rows } = await ctx.db.executeQuery<{ groups: string }>(statement);
        return (JSON.parse(rows[0]!.groups) as Record<string, unknown>[]).map((row) => {
          const group: Group = { count: row.n as number, people: row.p };
          references.forEach((r, i) => (group[`@${r.key}`] = row[`r${i}`]));
          groupBy.forEach((d, i) => (group[`d_${d}`] = row[`g${i}`]));
          for (const kind of kindsAsked) group[kind] = {};
          figures.forEach(([kind, m, count], i) => {
            const value = row[`m${i}`];
            group[kind]![m] = value == null ? null : count ? Number(value) : value;
          });
          return group;
        });
      },
    }),
  );
}
