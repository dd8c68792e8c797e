/* eslint-disable @typescript-eslint/no-explicit-any -- generic over every resource */
/**
 * Who may see which rows: ONE condition per record type and viewer, added to every read (lists, node,
 * nested fields, counts) and to the rows a write may touch. Fail closed: a type that declares no rule for
 * a role shows that role nothing.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Role } from '../access/codes';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import type { ResourceConfig } from './resource';

/** Whether the viewer sees every row of `config`'s table (no scope condition to apply). */
export function seesEveryRow(ctx: HubContext, config: ResourceConfig): boolean {
  const viewer = requireViewer(ctx);
  return viewer.role === 'ADMIN' || viewer.role === 'ANALYST' || !!config.public;
}

/** The rows of `config`'s table the viewer may see, as a condition; null means all of them. */
export function scopeCondition(ctx: HubContext, config: ResourceConfig, eb: ExpressionBuilder<any, any>): Expression<SqlBool> | null {
  const viewer = requireViewer(ctx);
  if (seesEveryRow(ctx, config)) return null;
  if (viewer.role === 'CLERK') return clerkCondition(ctx, config, eb);
  if (viewer.role === 'PARTNER' && config.partner && viewer.helperUnitId !== null) return config.partner(eb, viewer.helperUnitId);
  return sql<SqlBool>`false`;
}

/**
 * A clerk's rows of `config`'s table: those of her townships and villages. Also what she may link a record to
 * among public data she reads whole (a household's village is one of her villages).
 */
export function clerkCondition(ctx: HubContext, config: ResourceConfig, eb: ExpressionBuilder<any, any>): Expression<SqlBool> {
  const viewer = requireViewer(ctx);
  const { division } = config;
  const conditions = [
    ...(division?.township ? viewer.townshipIds.map((id) => division.township!(eb, id)) : []),
    ...(division?.village ? viewer.villageIds.map((id) => division.village!(eb, id)) : []),
    // a village clerk still sees the township the village lies in
    ...(division?.township && !division.village
      ? viewer.villageIds.map((id) => division.township!(eb, sql<number>`(select township_id from village where id = ${id})` as never))
      : []),
  ];
  return conditions.length ? eb.or(conditions) : sql<SqlBool>`false`;
}

/** Who may write a type: public reference data only administrators; the rest administrators and clerks (in scope). */
export function writersOf(config: ResourceConfig): Role[] {
  return config.writers ?? (config.public ? ['ADMIN'] : ['ADMIN', 'CLERK']);
}

export function requireWriteRole(ctx: HubContext, config: ResourceConfig): void {
  const viewer = requireViewer(ctx);
  if (!writersOf(config).includes(viewer.role) || config.editable === false) {
    throw new HubGraphQLError(
      'FORBIDDEN',
      { zh: `当前角色不能修改${config.label.zh}`, en: `Your role may not change ${config.label.en} records` },
      ctx.locale,
    );
  }
}

/** Sensitive fields reach these roles only masked (security.md). */
export function seesMasked(ctx: HubContext): boolean {
  const role = ctx.viewer?.role;
  return role === 'ANALYST' || role === 'PARTNER';
}
