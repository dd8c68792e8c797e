/**
 * Audit rows written by set-based SQL, shaped exactly as the write path writes them (write.ts: the row as
 * Kysely returns it, camelCase keys, decimals as text), so that a record's history reads them alike.
 */
import { sql, type RawBuilder } from 'kysely';
import { auditActorColumns } from '../access/audit';
import type { Viewer } from '../access/viewer';
import { columnOf } from '../graph/fields';
import type { Resource } from '../graph/resource';

/** camelCase (as Kysely names columns) to the table's snake_case */
export function snake(column: string): string {
  return column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A resource's table columns (camelCase): the record columns and each field's. */
export function tableColumns(resource: Resource): { column: string; decimal: boolean; readOnly: boolean }[] {
  return [
    ...['id', 'version', 'createdAt', 'updatedAt'].map((column) => ({ column, decimal: false, readOnly: true })),
    ...Object.entries(resource.config.fields).map(([field, spec]) => ({
      column: columnOf(field, spec),
      decimal: spec.kind === 'decimal',
      readOnly: !!spec.readOnly,
    })),
  ];
}

/** The row `alias` of the resource's table as the JSON an audit row keeps. */
export function auditJson(resource: Resource, alias: string): RawBuilder<unknown> {
  const pairs = tableColumns(resource).map(({ column, decimal }) => `'${column}', ${alias}.${snake(column)}${decimal ? '::text' : ''}`);
  return sql.raw(`jsonb_build_object(${pairs.join(', ')})`);
}

/** A JSON object with camelCase keys (an audit row's record) with the table's snake_case keys, for jsonb_populate_record. */
export function snakeKeys(json: string): string {
  return `(select jsonb_object_agg(lower(regexp_replace(e.key, '([A-Z])', '_\\1', 'g')), e.value) from jsonb_each(${json}) e)`;
}

/** The actor columns of an audit row written in SQL for this viewer and import, as access/audit.ts builds them. */
export function auditActor(viewer: Viewer, importJobId: number | null): RawBuilder<unknown> {
  const actor = auditActorColumns(viewer, importJobId);
  return sql`${actor.actorUserId}::int, ${actor.actorTokenId}::int, ${actor.actorName}::text, ${actor.importJobId}::int`;
}

export const AUDIT_INSERT = sql.raw(
  'insert into audit_log (actor_user_id, actor_token_id, actor_name, import_job_id, operation, record_type, record_id, before, after)',
);
