import { builder } from '../builder';
import { codeValues } from '../db/codeTable';
import { HubGraphQLError } from '../errors';
import { ROLES } from './codes';
import { signIn, signOut } from './signIn';
import type { Viewer } from './viewer';
import { resolveViewer } from './viewer';

export const RoleEnum = builder.enumType('Role', {
  description: '用户角色 / what a user may do',
  values: Object.fromEntries(ROLES.map((r) => [r.value, { value: r.value, description: `${r.zh} / ${r.en}` }])) as Record<
    (typeof ROLES)[number]['value'],
    { value: (typeof ROLES)[number]['value']; description: string }
  >,
});

/** The signed-in user as the graph shows them (`me`). */
export const UserRef = builder.objectRef<Viewer>('User').implement({
  description: '用户 / a user of the hub',
  fields: (t) => ({
    id: t.globalID({ resolve: (viewer) => ({ type: 'User', id: String(viewer.userId) }) }),
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: RoleEnum, resolve: (viewer) => viewer.role }),
  }),
});

const LoginPayload = builder.objectRef<{ user: Viewer; expiresAt: Date }>('LoginPayload').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
    expiresAt: t.field({ type: 'DateTime', resolve: (payload) => payload.expiresAt }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: '当前登录用户；未登录时为 null / the signed-in user, null when signed out',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description: '用户名密码登录，浏览器获得 HttpOnly 会话 Cookie / sign in; the browser gets an HttpOnly session cookie',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, { username, password }, ctx) => {
      if (username.length > 64 || password.length > 1024) {
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: '用户名或密码过长', en: 'Username or password too long' }, ctx.locale);
      }
      const session = await signIn(ctx.db, username, password);
      const viewer = session && (await resolveViewer(ctx.db, { sessionToken: session.token }));
      if (!session || !viewer) {
        throw new HubGraphQLError('UNAUTHENTICATED', { zh: '用户名或密码错误', en: 'Wrong username or password' }, ctx.locale);
      }
      ctx.session.start(session.token, session.expiresAt);
      ctx.viewer = viewer;
      return { user: viewer, expiresAt: session.expiresAt };
    },
  }),
  logout: t.boolean({
    description: '退出登录 / sign out (ends the session)',
    resolve: async (_root, _args, ctx) => {
      if (ctx.session.token) await signOut(ctx.db, ctx.session.token);
      ctx.session.end();
      ctx.viewer = null;
      return true;
    },
  }),
}));

export const roleValues = codeValues(ROLES);
