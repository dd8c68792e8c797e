import { codeTable, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** What a user may do; see shared/docs/security.md. */
export const ROLES = codeTable(codes.ROLES);
export type Role = CodeOf<typeof ROLES>;

/** What an audit row records. */
export const AUDIT_OPERATIONS = codeTable(codes.AUDIT_OPERATIONS);
export type AuditOperation = CodeOf<typeof AUDIT_OPERATIONS>;
