import type { ColumnType, Generated } from 'kysely';
import type { RecordColumns } from '../db/columns';
import type { AuditOperation, Role } from './codes';

export interface AppUserTable extends RecordColumns {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  helperUnitId: number | null;
  disabledAt: Date | null;
}

export interface UserScopeTable extends RecordColumns {
  userId: number;
  townshipId: number | null;
  villageId: number | null;
  /** a county administrator's or county analyst's county (issue 16) */
  countyId: Generated<number | null>;
}

export interface UserSessionTable {
  id: Generated<number>;
  userId: number;
  tokenHash: Buffer | Uint8Array;
  createdAt: Generated<Date>;
  expiresAt: Date;
  lastSeenAt: Generated<Date>;
}

export interface ApiTokenTable extends RecordColumns {
  userId: number;
  name: string;
  tokenHash: Buffer | Uint8Array;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  transactionId: Generated<number>;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorName: string;
  operation: AuditOperation;
  recordType: string;
  recordId: number | null;
  before: ColumnType<unknown, string | null, never> | null;
  after: ColumnType<unknown, string | null, never> | null;
  /** the import that made this change (import/migrations/2026-12-02-02-imports.sql), so that it can be undone */
  importJobId: ColumnType<number | null, number | null | undefined, never>;
}

export interface AccessTables {
  appUser: AppUserTable;
  userScope: UserScopeTable;
  userSession: UserSessionTable;
  apiToken: ApiTokenTable;
  auditLog: AuditLogTable;
}
