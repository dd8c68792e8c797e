import type { HubContext } from '../context';
import type { Viewer } from '../access/viewer';
import { HubGraphQLError } from '../errors';

/** Every read needs a signed-in user (scopes narrow it further). */
export function requireViewer(ctx: Pick<HubContext, 'viewer' | 'locale'>): Viewer {
  if (!ctx.viewer) throw new HubGraphQLError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' }, ctx.locale);
  return ctx.viewer;
}
