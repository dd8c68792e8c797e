/* eslint-disable @typescript-eslint/no-explicit-any -- generated for every resource from its field specs */
/**
 * Grouped figures for analysts, one design for every record type: `<list>Stats(filter, groupBy)` counts the
 * records the reader may see and sums, averages, and bounds their numeric fields, grouped by any of the
 * type's codes, years, references and its township and village. One SQL GROUP BY per request.
 */
import { getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
// the CommonJS file, as Node loads `graphql` for Apollo and Pothos (see vitest.config.ts): one copy of graphql
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { sql, type AliasedRawBuilder, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { policy, refuseSensitiveUse } from './scope';
import { columnOf, upperSnake, type FieldSpec } from './fields';
import { compiledReference } from './compile';
import { compileFilter } from './filters';
import { resources } from './registry';
import { prefetched } from './relations';
import type { Resource, StatsDimension, StatsJoin } from './recordShape';
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
 * The records a query asks of its groups (`village { name }` of households by village), each as a JSON
 * subquery in the grouped statement itself (compile.ts), instead of a second statement through the loader:
 * one per response key, selected as `r0`, `r1`… (aliases the camel-casing leaves as they are).
 */
function referencesAsked(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  dims: Record<string, StatsDimension>,
  groupBy: string[],
  table: string,
) {
  const rowType = getNamedType(info.returnType) as GraphQLObjectType;
  const asked = collectSubfields(info.schema, info.fragments, info.variableValues, rowType, info.fieldNodes);
  const references: { key: string; column: string; select: AliasedRawBuilder<unknown, string> }[] = [];
  for (const [key, nodes] of asked) {
    const d = nodes[0]!.name.value;
    const target = groupBy.includes(d) ? resources.get((dims[d]!.type() as { name?: string }).name ?? '') : undefined;
    if (!target) continue;
    const column = `r${references.length}`;
    references.push({ key, column, select: compiledReference(ctx, info, target, nodes, dims[d]!.expression(table)).as(column) });
  }
  return references;
}

/** Filter keys a summary keyed by village answers as the rows would: the division shortcuts (a county's figures). */
const DIVISION_SHORTCUTS = new Set(['countyId', 'townshipId', 'villageId']);

/**
 * The summary that answers a grouped request instead of the rows, if any: its groups are the rows' groups and
 * its sums their counts. Not for partner units, whose scope is their pairings, not villages. A filter only
 * by division (`countyId`…) is a condition on the village, which the summary has.
 */
function tallyFor(resource: Resource, ctx: HubContext, groupBy: string[], filter: unknown, asksMeasures: boolean) {
  const { statsTally } = resource.config;
  if (!statsTally || asksMeasures || requireViewer(ctx).role === 'PARTNER') return null;
  if (filter != null && Object.entries(filter).some(([key, value]) => value != null && !DIVISION_SHORTCUTS.has(key))) return null;
  return groupBy.every((d) => statsTally.dimensions.includes(d)) ? statsTally : null;
}

export function defineStats(resource: Resource): void {
  const { name, plural, table, label } = resource.config;
  const dims = dimensionsOf(resource);
  const measures = measuresOf(resource);
  const { people } = resource.config;
  if (!Object.keys(dims).length) return;

  const dimensionEnum = builder.enumType(`${name}StatsDimension`, {
    values: Object.fromEntries(Object.keys(dims).map((d) => [upperSnake(d), { value: d }])) as Record<string, { value: string }>,
  });
  const numbers = (kind: 'sum' | 'avg' | 'min' | 'max') =>
    Object.keys(measures).length
      ? builder.objectRef<Record<string, unknown>>(`${name}Stats${kind[0]!.toUpperCase()}${kind.slice(1)}`).implement({
          fields: (t: any) =>
            Object.fromEntries(
              Object.entries(measures).map(([m, spec]) => [
                m,
                t.field({
                  type: kind === 'avg' ? 'Float' : spec.decimal ? 'Decimal' : kind === 'sum' ? 'Float' : 'Int',
                  nullable: true,
                  resolve: (row: any) => row[m] ?? null,
                }),
              ]),
            ),
        })
      : null;
  const sumRef = numbers('sum');
  const avgRef = numbers('avg');
  const minRef = numbers('min');
  const maxRef = numbers('max');

  const rowRef = builder.objectRef<Record<string, any>>(`${name}Stats`).implement({
    description: `${label.zh}分组统计 / grouped figures of ${label.en} records`,
    fields: (t: any) => ({
      count: t.int({ description: '记录数 / how many records', resolve: (row: any) => row.count }),
      ...(people ? { people: t.int({ description: '人数 / people', resolve: (row: any) => Number(row.people ?? 0) }) } : {}),
      ...Object.fromEntries(
        Object.entries(dims).map(([d, dim]) => [
          d,
          t.field({
            type: dim.type(),
            nullable: true,
            description: '分组值（未按其分组时为空）/ the group’s value, null when not grouped by it',
            // a record (a village) comes with the grouped statement (referencesAsked), else its id goes to the loader
            resolve: (row: any, _args: unknown, _ctx: HubContext, info: GraphQLResolveInfo) => {
              const compiled = prefetched(row, info);
              return compiled ? compiled.value : (row[`d_${d}`] ?? null);
            },
          }),
        ]),
      ),
      ...(sumRef ? { sum: t.field({ type: sumRef, resolve: (row: any) => row.sum }) } : {}),
      ...(avgRef ? { avg: t.field({ type: avgRef, resolve: (row: any) => row.avg }) } : {}),
      ...(minRef ? { min: t.field({ type: minRef, resolve: (row: any) => row.min }) } : {}),
      ...(maxRef ? { max: t.field({ type: maxRef, resolve: (row: any) => row.max }) } : {}),
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
        const asked = (kind: 'sum' | 'avg' | 'min' | 'max') => [...fieldsAt(info, [kind])].filter((m) => measures[m]);
        const wantsPeople = people && fieldsAt(info, []).has('people');
        const tally = tallyFor(
          resource,
          ctx,
          groupBy,
          args.filter,
          (['sum', 'avg', 'min', 'max'] as const).some((kind) => asked(kind).length),
        );
        const selections = [
          (tally ? sql`coalesce(sum(${sql.ref(`${table}.${tally.count}`)}), 0)::int` : sql`count(*)::int`).as('count'),
          // the groups are columns 2… (grouped and ordered by position below), so they come right after the count
          ...groupBy.map((d) => dims[d]!.expression(table).as(`d_${d}`)),
          ...(wantsPeople ? [sql`sum(${tally ? sql.ref(`${table}.${tally.people}`) : people.expression(table)})`.as('people')] : []),
          // only the measures the query asks for: a derived one costs a join
          ...(['sum', 'avg', 'min', 'max'] as const).flatMap((kind) =>
            asked(kind).map((m) => {
              const spec = measures[m]!;
              const value = sql`${sql.raw(kind)}(${spec.expression(table, ctx)})`;
              return (kind === 'avg' ? sql`${value}::float8` : spec.decimal ? sql`${value}::text` : value).as(`${kind}_${m}`);
            }),
          ),
        ];
        // each table joined once, whatever the dimensions and measures that need it
        const joins = new Map<string, StatsJoin>();
        for (const join of [
          ...groupBy.flatMap((d) => dims[d]!.joins ?? []),
          ...(wantsPeople && !tally ? (people.joins ?? []) : []),
          ...(['sum', 'avg', 'min', 'max'] as const).flatMap((kind) => asked(kind).flatMap((m) => measures[m]!.joins ?? [])),
        ])
          joins.set(join.alias, join);
        const references = referencesAsked(ctx, info, dims, groupBy, table);
        // the tally under the table's name, so the dimensions' and the policy's SQL read it as they read the rows
        let query: any = tally
          ? (ctx.db as any)
              .selectFrom(`${tally.table} as ${table}`)
              .where((eb: ExpressionBuilder<any, any>) => policy(ctx, resource.config).rows(eb))
          : resource.from(ctx);
        for (const join of joins.values()) {
          const source = typeof join.source === 'string' ? `${join.source} as ${join.alias}` : join.source.as(join.alias);
          query = query.leftJoin(source as never, (on: any) => on.on(join.on(table)));
        }
        query = query
          .select([...selections, ...references.map((r) => r.select)] as never)
          .where((eb: ExpressionBuilder<any, any>) => compileFilter(eb as never, resource.filterSpec, args.filter as never, ctx));
        groupBy.forEach((_d, i) => (query = query.groupBy(sql.raw(String(i + 2)) as never).orderBy(sql.raw(String(i + 2)) as never)));
        const rows = (await query.execute()) as Record<string, any>[];
        // the aliases came back camel-cased: d_village → dVillage, sum_wages → sumWages; named once, not per group
        const camel = (prefix: string, m: string) => `${prefix}${m[0]!.toUpperCase()}${m.slice(1)}`;
        const groups = groupBy.map((d) => [`d_${d}`, camel('d', d)] as const);
        const figures = (['sum', 'avg', 'min', 'max'] as const).map(
          (kind) => [kind, asked(kind).map((m) => [m, camel(kind, m), kind === 'sum' && !measures[m]!.decimal] as const)] as const,
        );
        return rows.map((row) => {
          const group: Record<string, any> = { count: row.count, people: row.people };
          for (const r of references) group[`@${r.key}`] = row[r.column];
          for (const [key, column] of groups) group[key] = row[column];
          for (const [kind, columns] of figures) {
            const values: Record<string, unknown> = {};
            // a sum of counts comes as a bigint's text: a number; decimals stay exact text
            for (const [m, column, numeric] of columns)
              values[m] = row[column] == null ? null : numeric ? Number(row[column]) : row[column];
            group[kind] = values;
          }
          return group;
        });
      },
    }),
  );
}
