/** Who is signed in (`me`), signing in and out, and the user and role types that tokens and user administration share. */
import { builder } from '../builder';
import { HubGraphQLError } from '../errors';
import type { HubContext } from '../context';
import { ROLES } from './codes';
import { resourceNamed } from '../graph/registry';
import { listUsers, type UserAccount } from './users';
import { signIn, signOut } from './signIn';
import { clearSignInFailures, recordSignInFailure, signInBlockedFor } from './throttle';
import type { Viewer } from './viewer';
import { resolveViewer } from './viewer';

export const RoleEnum = builder.enumType('Role', {
  description: '用户角色 / what a user may do',
  values: Object.fromEntries(ROLES.map((r) => [r.value, { value: r.value, description: `${r.zh} / ${r.en}` }])) as Record<
    (typeof ROLES)[number]['value'],
    { value: (typeof ROLES)[number]['value']; description: string }
  >,
});

type UserShape = Viewer & Partial<Pick<UserAccount, 'disabledAt' | 'version' | 'createdAt'>>;

/** A user: the signed-in one (`me`), or one an administrator manages (`users`). */
export const UserRef = builder.objectRef<UserShape>('User').implement({
  description: '用户 / a user of the hub',
  fields: (t) => ({
    id: t.globalID({ resolve: (user) => ({ type: 'User', id: String(user.userId) }) }),
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: RoleEnum, resolve: (user) => user.role }),
    disabled: t.boolean({ resolve: (user) => !!user.disabledAt }),
    version: t.int({ nullable: true, resolve: (user) => user.version ?? null }),
    // the divisions of a clerk's scope and a partner's unit, as records (loaded in batches, within the reader's scope)
    townships: t.field({
      type: [resourceNamed('Township').ref],
      description: '录入员的乡镇范围 / a clerk’s townships',
      resolve: (user) => user.townshipIds,
    }),
    villages: t.field({
      type: [resourceNamed('Village').ref],
      description: '录入员的行政村范围 / a clerk’s villages',
      resolve: (user) => user.villageIds,
    }),
    counties: t.field({
      type: [resourceNamed('County').ref],
      description: '县级管理员、分析员的县范围；空为全平台 / a county administrator’s or analyst’s counties; none: the whole hub',
      resolve: (user) => user.countyIds as never,
    }),
    helperUnit: t.field({
      type: resourceNamed('HelperUnit').ref,
      nullable: true,
      description: '帮扶单位账号所属单位 / a partner’s helper unit',
      resolve: (user) => user.helperUnitId,
    }),
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
    resolve: async (_root, _args, ctx) =>
      ctx.viewer ? { ...ctx.viewer, ...(await listUsers(ctx.db, ctx.viewer.userId))[0], tokenId: ctx.viewer.tokenId } : null,
  }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description: '用户名密码登录，浏览器获得 HttpOnly 会话 Cookie / sign in; the browser gets an HttpOnly session cookie',
    args: {
      username: t.arg.string({ required: true, description: '用户名（至多 64 个字符）/ username (at most 64 characters)' }),
      password: t.arg.string({ required: true, description: '密码（至多 1024 个字符）/ password (at most 1024 characters)' }),
    },
    resolve: async (_root, { username, password }, ctx) => {
      if (username.length > 64 || password.length > 1024) {
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: '用户名或密码过长', en: 'Username or password too long' }, ctx.locale);
      }
      const wait = await signInBlockedFor(ctx.db, username, ctx.clientAddress);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new HubGraphQLError(
          'RATE_LIMITED',
          { zh: `登录失败次数过多，请 ${minutes} 分钟后再试`, en: `Too many failed sign-ins; try again in ${minutes} minute(s)` },
          ctx.locale,
          { retryAfterSeconds: wait },
        );
      }
      const session = await signIn(ctx.db, username, password);
      if (!session) await recordSignInFailure(ctx.db, username, ctx.clientAddress);
      else await clearSignInFailures(ctx.db, username);
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

/** The signed-in viewer, or a refusal asking to sign in. */
export function signedIn(ctx: HubContext): Viewer {
  if (!ctx.viewer) throw new HubGraphQLError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' }, ctx.locale);
  return ctx.viewer;
}
