import type { HubContext } from '../context';
import type { Viewer } from '../access/viewer';
import { HubGraphQLError } from '../errors';

/** Every read needs a signed-in user (scopes narrow it further). */
export function requireViewer(ctx: HubContext): Viewer {
  if (!ctx.viewer) throw new HubGraphQLError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' }, ctx.locale);
  return ctx.viewer;
}

/** Writes are for administrators and clerks (partners' visit logs come with their scopes). */
export function requireWriter(ctx: HubContext): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.role !== 'ADMIN' && viewer.role !== 'CLERK') {
    throw new HubGraphQLError('FORBIDDEN', { zh: '当前角色没有修改权限', en: 'Your role may not change records' }, ctx.locale);
  }
  return viewer;
}
