/**
 * Who sees what: ONE policy per viewer and record type (`policy`), asked by every path that reads or writes
 * records: lists, node, nested fields, counts, grouped figures, exports, history, partner sync, exit checks,
 * link names and imports. It gives the rows (a condition over the type's table), which fields the viewer reads masked
 * and which she may never have in full, and whether she may read, write and import the type at all. Fail
 * closed: a type that declares no rule for a role shows that role nothing.
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { AnyTables } from '../db/database';
import type { Role } from '../access/codes';
import type { Viewer } from '../access/viewer';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { columnOf } from './fields';
import type { ResourceConfig } from './recordShape';

/**
 * A condition over a type's table, in SQL that names its tables and columns: it fits whatever query reads the
 * table, and asks nothing of that query's expression builder.
 */
type Condition = (eb?: unknown) => Expression<SqlBool>;
/** What the conditions are built with (their columns named as field specs name them). */
const byColumnName = expressionBuilder<AnyTables, string>();

/**
 * Whose rows a read is about:
 * - `viewer`: the viewer's own (every read unless said otherwise);
 * - `divisions`: the viewer's divisions even where she reads a type whole because it is public reference
 *   data (villages): what a clerk checks (exit checks: village figures come from households), links her
 *   records to and imports into;
 * - a helper unit: what that unit's partner accounts reach (partner sync, which an administrator reads as
 *   the unit receives it). Fields stay masked or not as the viewer herself reads them.
 */
export type Reach = 'viewer' | 'divisions' | { helperUnitId: number };

export interface Policy {
  /** whether any row of the type can reach the viewer (the `recordTypes` metadata offers the type or not from this) */
  read: boolean;
  /** whether the viewer may create, change and delete records of the type (each row still within `rows`) */
  write: boolean;
  /** whether the viewer may import files into the type (import/importer.ts), each row still within `rows` */
  import: boolean;
  /** whether the viewer sees every row (no condition to apply) */
  everyRow: boolean;
  /** the rows the viewer may see, as a condition over the type's table (`true` when she sees them all) */
  rows: Condition;
  /** each field and derived field the viewer reads only masked (security.md) */
  masked: ReadonlySet<string>;
  /**
   * each field whose full value the viewer may never have: the sensitive ones her role reads masked (not a
   * clerk's ID numbers). She may not filter or sort on them, nor reveal them.
   */
  withheld: ReadonlySet<string>;
}

/** Who sees a type's rows whatever their place: null (every row) or her parts of it ([] none). */
type Parts = Condition[] | null;

function rowParts(viewer: Viewer, config: ResourceConfig, reach: Reach): Parts {
  // public reference data is every signed-in user's, except where the viewer's divisions are asked for
  const readWhole = !!config.public && !(reach === 'divisions' && (config.division?.township || config.division?.village));
  const unit = typeof reach === 'object' ? reach.helperUnitId : viewer.role === 'PARTNER' ? viewer.helperUnitId : null;
  if (typeof reach === 'object' || viewer.role === 'PARTNER') {
    if (readWhole) return null;
    return config.partner && unit !== null ? [() => config.partner!(byColumnName, unit)] : [];
  }
  if (viewer.role === 'ADMIN' || viewer.role === 'ANALYST') return viewer.countyIds.length ? countyParts(viewer, config) : null;
  if (readWhole) return null;
  return viewer.role === 'CLERK' ? clerkParts(viewer, config) : [];
}

/**
 * A county administrator's or analyst's counties as conditions on `config`'s table (issue 16): the records,
 * and the divisions themselves, of her counties; reference data that lies in no county (poverty lines, exit
 * rules) whole; what is kept for the hub as a whole and in no division (fund sources) none.
 */
function countyParts(viewer: Viewer, config: ResourceConfig): Parts {
  const county = config.division?.county;
  if (!county) return config.public ? null : [];
  return viewer.countyIds.map(
    (id): Condition =>
      () =>
        county(byColumnName, id),
  );
}

/** A clerk's townships and villages as conditions on `config`'s table, one each its division path allows. */
function clerkParts(viewer: Viewer, config: ResourceConfig): Condition[] {
  const { division } = config;
  return [
    ...(division?.township
      ? viewer.townshipIds.map(
          (id): Condition =>
            () =>
              division.township!(byColumnName, id),
        )
      : []),
    ...(division?.village
      ? viewer.villageIds.map(
          (id): Condition =>
            () =>
              division.village!(byColumnName, id),
        )
      : []),
    // a village clerk still sees the township the village lies in
    ...(division?.township && !division.village
      ? viewer.villageIds.map(
          (id): Condition =>
            () =>
              division.township!(byColumnName, sql<number>`(select township_id from village where id = ${id})`),
        )
      : []),
  ];
}

/** Who may write a type: public reference data only administrators; the rest administrators and clerks (in scope). */
function writersOf(config: ResourceConfig): Role[] {
  return config.writers ?? (config.public ? ['ADMIN'] : ['ADMIN', 'CLERK']);
}

/** Files are imported by the county's own staff (import.md); a partner writes its visit logs one by one. */
const IMPORTERS: readonly Role[] = ['ADMIN', 'CLERK'];

/** Sensitive fields reach these roles only masked (security.md). */
const MASKED_ROLES: readonly Role[] = ['ANALYST', 'PARTNER'];

const reachKey = (reach: Reach) => (typeof reach === 'object' ? `unit:${reach.helperUnitId}` : reach);

/** Policies by viewer, type and reach: a field's resolver asks once per row, the answer is the request's. */
const policies = new WeakMap<Viewer, Map<string, Policy>>();
/**
 * The same policies by what they are a function of (policyKey) and type, across requests: each request has
 * a viewer object of its own, and building a policy anew for each was a per-request cost of every read.
 */
const sharedPolicies = new Map<string, Policy>();
/** a type's policy for each scope a process serves at once, with room to spare; the oldest go first */
const SHARED_POLICIES_MAX = 5000;

/**
 * What `ctx`'s viewer may see and do with the record type `config`, over the rows of the context's reach
 * (`readAs`; else her own). Throws when no one is signed in.
 */
export function policy(ctx: Pick<HubContext, 'viewer' | 'locale'>, config: ResourceConfig): Policy {
  const viewer = requireViewer(ctx);
  const reach = reaches.get(ctx) ?? 'viewer';
  let known = policies.get(viewer);
  if (!known) policies.set(viewer, (known = new Map()));
  const key = `${config.name}:${reachKey(reach)}`;
  let found = known.get(key);
  if (!found) {
    const sharedKey = `${config.name}\u0000${policyKey(ctx)}`;
    found = sharedPolicies.get(sharedKey);
    if (!found) {
      sharedPolicies.set(sharedKey, (found = policyOf(viewer, config, reach)));
      if (sharedPolicies.size > SHARED_POLICIES_MAX) sharedPolicies.delete(sharedPolicies.keys().next().value!);
    }
    known.set(key, found);
  }
  return found;
}

function policyOf(viewer: Viewer, config: ResourceConfig, reach: Reach): Policy {
  const parts = rowParts(viewer, config, reach);
  const fields: [string, { sensitive?: boolean; revealOnly?: boolean }][] = [
    ...Object.entries(config.fields),
    ...Object.entries(config.computed ?? {}),
  ];
  const withheld = new Set(fields.filter(([, spec]) => spec.sensitive && MASKED_ROLES.includes(viewer.role)).map(([field]) => field));
  // a county's administrator writes what lies in her counties, not the hub's shared reference data
  const write =
    writersOf(config).includes(viewer.role) && config.editable !== false && (!viewer.countyIds.length || !!config.division?.county);
  return {
    read: parts === null || parts.length > 0,
    write,
    // reference data is the county's own, kept by hand: it is never a file's
    import: write && !config.public && IMPORTERS.includes(viewer.role),
    everyRow: parts === null,
    rows: () => (parts === null ? sql<SqlBool>`true` : parts.length ? byColumnName.or(parts.map((part) => part())) : sql<SqlBool>`false`),
    // ID numbers reach everyone masked, the full number only through an audited reveal
    masked: new Set([...withheld, ...fields.filter(([, spec]) => spec.revealOnly).map(([field]) => field)]),
    withheld,
  };
}

/**
 * Everything a viewer's policies depend on, as text: her role, unit and divisions, and the context's reach.
 * What is built from a policy (compiled statements) may be kept under it.
 */
export function policyKey(ctx: Pick<HubContext, 'viewer'>): string {
  const viewer = ctx.viewer;
  return `${viewer?.role}:${viewer?.helperUnitId}:${viewer?.townshipIds}:${viewer?.villageIds}:${viewer?.countyIds}:${reachKey(reaches.get(ctx) ?? 'viewer')}`;
}

/** The reach given to copies of a context (`readAs`): every read in that copy, computed counts included, takes it. */
const reaches = new WeakMap<object, Reach>();

/**
 * A copy of `ctx` whose reads take `reach` (see `Reach`): the one way a path reads other rows than the
 * viewer's own. The viewer stays hers, and so what she reads masked.
 */
export function readAs<C extends Pick<HubContext, 'viewer' | 'locale'>>(ctx: C, reach: Reach): C {
  const copy = { ...ctx };
  reaches.set(copy, reach);
  return copy;
}

export function requireWriteRole(ctx: HubContext, config: ResourceConfig): void {
  if (!policy(ctx, config).write) {
    throw new HubGraphQLError(
      'FORBIDDEN',
      { zh: `当前角色不能修改${config.label.zh}`, en: `Your role may not change ${config.label.en} records` },
      ctx.locale,
    );
  }
}

/** A filter or sort on a field the viewer may not use (`Policy.withheld`) is refused, whatever else it asks. */
export function refuseSensitiveUse(
  ctx: HubContext,
  config: ResourceConfig,
  filter: unknown,
  orderBy: { field: string }[] | null | undefined,
): void {
  const { withheld } = policy(ctx, config);
  if (!withheld.size) return;
  const withheldColumns = new Set([...withheld].flatMap((field) => (config.fields[field] ? [columnOf(field, config.fields[field])] : [])));
  const used = (value: unknown): boolean =>
    Array.isArray(value)
      ? value.some(used)
      : typeof value === 'object' &&
        value !== null &&
        Object.entries(value).some(
          ([key, inner]) => withheld.has(key) || ((key === 'and' || key === 'or' || key === 'not') && used(inner)),
        );
  if (used(filter) || orderBy?.some((o) => withheldColumns.has(o.field))) {
    throw new HubGraphQLError(
      'FORBIDDEN',
      { zh: '不能按脱敏字段筛选或排序', en: 'You may not filter or sort on a masked field' },
      ctx.locale,
    );
  }
}
