/* eslint-disable @typescript-eslint/no-explicit-any -- generic over every resource */
/**
 * Who may see which rows: ONE condition per record type and viewer, added to every read (lists, node,
 * nested fields, counts) and to the rows a write may touch. Fail closed: a type that declares no rule for
 * a role shows that role nothing.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Role } from '../access/codes';
import type { Viewer } from '../access/viewer';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import type { ResourceConfig } from './resource';

/** Whether the viewer sees every row of `config`'s table (no scope condition to apply). */
export function seesEveryRow(ctx: HubContext, config: ResourceConfig): boolean {
  return seesEveryRowOf(requireViewer(ctx), config);
}

function seesEveryRowOf(viewer: Viewer, config: ResourceConfig): boolean {
  return viewer.role === 'ADMIN' || viewer.role === 'ANALYST' || !!config.public;
}

/**
 * Whether any row of `config`'s table can reach the viewer at all: the scope below is not "none". Reads
 * apply `scopeCondition`; the `recordTypes` metadata offers the type or not from this same answer.
 */
export function mayRead(viewer: Viewer, config: ResourceConfig): boolean {
  if (seesEveryRowOf(viewer, config)) return true;
  if (viewer.role === 'CLERK') return clerkParts(viewer, config).length > 0;
  if (viewer.role === 'PARTNER') return !!config.partner && viewer.helperUnitId !== null;
  return false;
}

/** The rows of `config`'s table the viewer may see, as a condition; null means all of them. */
export function scopeCondition(ctx: HubContext, config: ResourceConfig, eb: ExpressionBuilder<any, any>): Expression<SqlBool> | null {
  const viewer = requireViewer(ctx);
  if (seesEveryRowOf(viewer, config)) return null;
  if (!mayRead(viewer, config)) return sql<SqlBool>`false`;
  if (viewer.role === 'CLERK') return clerkCondition(ctx, config, eb);
  return config.partner!(eb, viewer.helperUnitId!);
}

type Part = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** A clerk's townships and villages as conditions on `config`'s table, one each its division path allows. */
function clerkParts(viewer: Viewer, config: ResourceConfig): Part[] {
  const { division } = config;
  return [
    ...(division?.township ? viewer.townshipIds.map((id): Part => (eb) => division.township!(eb, id)) : []),
    ...(division?.village ? viewer.villageIds.map((id): Part => (eb) => division.village!(eb, id)) : []),
    // a village clerk still sees the township the village lies in
    ...(division?.township && !division.village
      ? viewer.villageIds.map((id): Part => (eb) => division.township!(eb, sql<number>`(select township_id from village where id = ${id})` as never))
      : []),
  ];
}

/**
 * A clerk's rows of `config`'s table: those of her townships and villages. Also what she may link a record to
 * among public data she reads whole (a household's village is one of her villages).
 */
export function clerkCondition(ctx: HubContext, config: ResourceConfig, eb: ExpressionBuilder<any, any>): Expression<SqlBool> {
  const parts = clerkParts(requireViewer(ctx), config);
  return parts.length ? eb.or(parts.map((part) => part(eb))) : sql<SqlBool>`false`;
}

/** Who may write a type: public reference data only administrators; the rest administrators and clerks (in scope). */
export function writersOf(config: ResourceConfig): Role[] {
  return config.writers ?? (config.public ? ['ADMIN'] : ['ADMIN', 'CLERK']);
}

/** Whether the viewer's role may create, change and delete records of a type (each row still within her scope). */
export function mayWrite(viewer: Viewer, config: ResourceConfig): boolean {
  return writersOf(config).includes(viewer.role) && config.editable !== false;
}

export function requireWriteRole(ctx: HubContext, config: ResourceConfig): void {
  if (!mayWrite(requireViewer(ctx), config)) {
    throw new HubGraphQLError(
      'FORBIDDEN',
      { zh: `当前角色不能修改${config.label.zh}`, en: `Your role may not change ${config.label.en} records` },
      ctx.locale,
    );
  }
}

/** Sensitive fields reach these roles only masked (security.md). */
export function seesMasked(ctx: Pick<HubContext, 'viewer'>): boolean {
  const role = ctx.viewer?.role;
  return role === 'ANALYST' || role === 'PARTNER';
}

/** Whether the viewer reads a field only masked: always for reveal-only ones (ID numbers), sensitive ones by role. */
export function readsMasked(ctx: HubContext, field: { sensitive?: boolean; revealOnly?: boolean }): boolean {
  return !!field.revealOnly || (!!field.sensitive && seesMasked(ctx));
}
