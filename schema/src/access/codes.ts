import { codeTable, type CodeOf } from '../db/codeTable';

/** What a user may do; see shared/docs/security.md. */
export const ROLES = codeTable([
  { value: 'ADMIN', zh: '管理员', en: 'Administrator' },
  { value: 'CLERK', zh: '乡镇录入员', en: 'Township clerk' },
  { value: 'ANALYST', zh: '分析员', en: 'Analyst' },
  { value: 'PARTNER', zh: '帮扶单位', en: 'Partner unit' },
]);
export type Role = CodeOf<typeof ROLES>;

/** What an audit row records. */
export const AUDIT_OPERATIONS = codeTable([
  { value: 'CREATE', zh: '新增', en: 'Create' },
  { value: 'UPDATE', zh: '修改', en: 'Update' },
  { value: 'DELETE', zh: '删除', en: 'Delete' },
  { value: 'REVEAL', zh: '查看完整身份证号', en: 'Reveal ID number' },
  { value: 'EXPORT', zh: '导出', en: 'Export' },
  { value: 'SIGN_IN', zh: '登录', en: 'Sign in' },
]);
export type AuditOperation = CodeOf<typeof AUDIT_OPERATIONS>;
