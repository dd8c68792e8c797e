/**
 * The audit log's one row builder: every path that writes an audit row (edits, imports, exports, sign-in,
 * tokens, users, reveals) names its actor, operation and record through it, so the rows read alike in a
 * record's history and `recentChanges`. Set-based SQL (import/auditSql.ts) takes its actor columns from here.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { AuditOperation } from './codes';
import type { AuditLogTable } from './tables';
import type { Viewer } from './viewer';

/** Who acts: a viewer, or a user signing in (no token yet). */
export type AuditActor = Pick<Viewer, 'userId' | 'username'> & { tokenId?: number | null };

/** The actor's columns of an audit row; `importJobId` ties the row to the import that wrote it (so that it can be undone). */
export function auditActorColumns(actor: AuditActor, importJobId?: number | null) {
  return { actorUserId: actor.userId, actorTokenId: actor.tokenId ?? null, actorName: actor.username, importJobId: importJobId ?? null };
}

export interface AuditEntry {
  operation: AuditOperation;
  recordType: string;
  recordId: number | null;
  /** the record (or what is worth keeping of it) before and after: kept as JSON, absent for none */
  before?: unknown;
  after?: unknown;
  importJobId?: number | null;
}

export function auditRow(actor: AuditActor, entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    ...auditActorColumns(actor, entry.importJobId),
    operation: entry.operation,
    recordType: entry.recordType,
    recordId: entry.recordId,
    before: entry.before ? JSON.stringify(entry.before) : null,
    after: entry.after ? JSON.stringify(entry.after) : null,
  };
}

/** Writes one audit row in `db` (the caller's transaction, so that it stands or falls with the change); returns its id. */
export async function writeAudit(db: Kysely<Database>, actor: AuditActor, entry: AuditEntry): Promise<number> {
  const row = await db.insertInto('auditLog').values(auditRow(actor, entry)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
