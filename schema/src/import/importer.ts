/**
 * Who imports what: a file goes into one editable list, and its importer is whoever the record type's policy
 * lets import it (graph/scope.ts), each row then inside her scope (the engines' checks, the write path).
 */
import type { Viewer } from '../access/viewer';
import type { Text } from '../errors';
import { resources } from '../graph/registry';
import type { Resource } from '../graph/resource';
import { policy } from '../graph/scope';

/** A refusal a person can act on (the role, the list, the file's size), before any job exists. */
export class ImportRefused extends Error {
  constructor(
    readonly code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'CONFLICT',
    readonly text: Text,
  ) {
    super(text.en);
  }
}

/** The lists a file may be imported into: records people edit, not reference data (the county's own). */
function importableLists(): Resource[] {
  return [...resources.values()].filter((r) => r.config.editable !== false && !r.config.public);
}

/** Whether the record type's policy lets the viewer import into it. */
export function mayImport(viewer: Viewer, resource: Resource): boolean {
  return policy({ viewer, locale: 'zh' }, resource.config).import;
}

/**
 * The viewer, when her policy lets her import into `resource` (without one: into any list, for her jobs and
 * their pages).
 */
export function requireImporter(viewer: Viewer | null, resource?: Resource): Viewer {
  if (!viewer) throw new ImportRefused('FORBIDDEN', { zh: '请先登录', en: 'Sign in first' });
  if (!(resource ? [resource] : importableLists()).some((r) => mayImport(viewer, r))) {
    const what = resource?.config.label ?? { zh: '', en: 'records' };
    throw new ImportRefused('FORBIDDEN', {
      zh: `当前角色不能导入数据${what.zh ? `（${what.zh}）` : ''}`,
      en: `Your role may not import ${what.en}`,
    });
  }
  return viewer;
}

/** The editable list a file is imported into, by its root list's name (`households`) or its type's (`Household`). */
export function importableList(list: string): Resource {
  const resource = importableLists().find((r) => r.config.plural === list || r.config.name === list);
  if (!resource) {
    const lists = importableLists()
      .map((r) => r.config.plural)
      .join(', ');
    throw new ImportRefused('BAD_USER_INPUT', {
      zh: `列表 ${list} 不能导入；可导入：${lists}`,
      en: `The list ${list} cannot be imported; lists that can: ${lists}`,
    });
  }
  return resource;
}
