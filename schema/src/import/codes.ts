/** What a file is: the national register sheet (人员名单), or one of the hub's own exports brought back. */
export const IMPORT_KINDS = ['NATIONAL_REGISTER', 'HUB_EXPORT'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * A job's life: READING → CHECKING → PREVIEWED (no problem) or REFUSED (problems); confirmed: WRITING →
 * APPLIED; undone: UNDOING (in the background) → UNDONE, or back to APPLIED with the conflicts as problems. FAILED: something broke that the file does not explain (or the server restarted).
 */
export const IMPORT_STATUSES = [
  'READING',
  'CHECKING',
  'PREVIEWED',
  'REFUSED',
  'WRITING',
  'APPLIED',
  'FAILED',
  'UNDOING',
  'UNDONE',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The statuses of a job still at work in some process. */
export const RUNNING_STATUSES: ImportStatus[] = ['READING', 'CHECKING', 'WRITING', 'UNDOING'];
