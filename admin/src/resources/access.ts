import { usePermissions } from 'react-admin';
import type { Role } from '../authProvider';

/**
 * What each role may do with each resource in the UI (shared/docs/security.md). The hub enforces the same
 * rules on every request; this only keeps buttons and menu entries away from those who cannot use them.
 */

/** Reference data only administrators write (the hub's `public` types and the county's own registers). */
const ADMIN_WRITES = new Set([
  'counties',
  'townships',
  'villages',
  'villageGroups',
  'povertyLines',
  'targets',
  'publishedIndicators',
  'fundSources',
  'helperUnits',
  'cadres',
]);

/** What a partner unit reaches through its pairings (and the twinning registers themselves). */
const PARTNER_READS = new Set([
  'households',
  'members',
  'helperUnits',
  'cadres',
  'unitVillagePairings',
  'cadreHouseholdPairings',
  'workTeamAssignments',
  'visitLogs',
  'assistanceMeasures',
]);

/** A partner records its own visits and measures. */
const PARTNER_WRITES = new Set(['visitLogs', 'assistanceMeasures']);

/** Users and tokens: administrators only. */
const ADMIN_ONLY = new Set(['users', 'apiTokens']);

/** The import jobs (导入记录): those who may import, each clerk her own. */
const IMPORTS = 'imports';

export function canRead(role: Role | undefined, resource: string): boolean {
  if (!role) return false;
  if (ADMIN_ONLY.has(resource)) return role === 'ADMIN';
  if (resource === IMPORTS) return role === 'ADMIN' || role === 'CLERK';
  if (role === 'PARTNER') return PARTNER_READS.has(resource);
  return true;
}

/** The signed-in user's role (react-admin's permissions; undefined while they load). */
export function useRole(): Role | undefined {
  return usePermissions<Role | undefined>().permissions;
}

export function canWrite(role: Role | undefined, resource: string): boolean {
  switch (role) {
    case 'ADMIN':
      return true;
    case 'CLERK':
      return !ADMIN_WRITES.has(resource) && !ADMIN_ONLY.has(resource);
    case 'PARTNER':
      return PARTNER_WRITES.has(resource);
    default:
      return false;
  }
}

/** 导入 into a list: administrators, and clerks into the lists they write (analysts and partners never). */
export function canImport(role: Role | undefined, resource: string): boolean {
  return (role === 'ADMIN' || role === 'CLERK') && resource !== IMPORTS && !ADMIN_ONLY.has(resource) && canWrite(role, resource);
}
