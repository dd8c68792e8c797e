import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

export const { ROLES, AUDIT_OPERATIONS } = codeTables(codes);

/** What a user may do; see shared/docs/security.md. */
export type Role = CodeOf<typeof ROLES>;

/** What an audit row records. */
export type AuditOperation = CodeOf<typeof AUDIT_OPERATIONS>;
