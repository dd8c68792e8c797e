import { usePermissions } from 'react-admin';
import type { Role } from '../authProvider';
import { useHubSchema, type Access, type HubSchema } from '../dataProvider';

/**
 * What the signed-in user may do with each resource in the UI: for record types, the hub's own answer
 * (`recordTypes`, read with the metadata once per sign-in); the hub enforces the same on every request, and
 * this only keeps buttons and menu entries away from those who cannot use them. Nothing until it is read.
 */

const NOTHING: Access = { read: false, create: false, update: false, delete: false, export: false, import: false };

/** Users and API tokens, the hub's own lists rather than record types: administrators manage them. */
const ADMIN_LISTS = new Set(['users', 'apiTokens']);

/** The import jobs (导入记录): for those who may import into some list. */
const IMPORTS = 'imports';

export function accessTo(schema: HubSchema | undefined, role: Role | undefined, resource: string): Access {
  const type = schema?.resources[resource];
  if (type) return type.access;
  if (ADMIN_LISTS.has(resource)) {
    const admin = role === 'ADMIN';
    return { ...NOTHING, read: admin, create: admin, update: admin, delete: admin };
  }
  if (resource === IMPORTS && schema) {
    const importer = Object.values(schema.resources).some((r) => r.access.import);
    return { ...NOTHING, read: importer, create: importer };
  }
  return NOTHING;
}

/** `accessTo` for the signed-in user, for any resource (the import page's lists). */
export function useAccess(): (resource: string) => Access {
  const { schema } = useHubSchema();
  const role = usePermissions<Role | undefined>().permissions;
  return (resource) => accessTo(schema, role, resource);
}

/**
 * Whether a resource has a menu entry: what the user reads, except that a partner unit, whose work is its
 * pairings, is not shown the county's reference data (it still reads it, as the names its records link to).
 */
export function useInMenu(): (resource: string) => boolean {
  const { schema } = useHubSchema();
  const role = usePermissions<Role | undefined>().permissions;
  return (resource) => accessTo(schema, role, resource).read && !(role === 'PARTNER' && schema?.resources[resource]?.referenceData);
}

/** What the signed-in user may do with one resource. */
export function useAccessTo(resource: string): Access {
  return useAccess()(resource);
}
