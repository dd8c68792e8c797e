import { builder } from '../builder';
import { codeValues } from '../db/codeTable';
import { HubGraphQLError } from '../errors';
import type { HubContext } from '../context';
import { decodeId } from '../graph/ids';
import { ROLES } from './codes';
import { createApiToken } from './tokens';
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
      const wait = signInBlockedFor(username, ctx.clientAddress);
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
      if (!session) recordSignInFailure(username, ctx.clientAddress);
      else clearSignInFailures(username);
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

interface ApiTokenRow {
  id: number;
  userId: number;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const ApiTokenRef = builder.objectRef<ApiTokenRow & { username?: string }>('ApiToken').implement({
  description: 'API 令牌（只显示一次，库中只存哈希）/ an API token for scripts, analysts’ tools and partners’ sync jobs',
  fields: (t) => ({
    id: t.globalID({ resolve: (row) => ({ type: 'ApiToken', id: String(row.id) }) }),
    name: t.exposeString('name'),
    username: t.string({ nullable: true, resolve: (row) => row.username ?? null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({ resolve: (row) => !row.revokedAt && row.expiresAt > new Date() }),
  }),
});

const CreateApiTokenPayload = builder.objectRef<{ token: string; apiToken: ApiTokenRow }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: '令牌本身，仅此一次显示，请妥善保存 / the token itself, shown this once: keep it safe' }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (p) => p.apiToken }),
  }),
});

function signedIn(ctx: HubContext): Viewer {
  if (!ctx.viewer) throw new HubGraphQLError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' }, ctx.locale);
  return ctx.viewer;
}

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiTokenRef],
    description: '我的 API 令牌（管理员可见全部）/ my API tokens (an administrator sees everyone’s)',
    resolve: async (_root, _args, ctx) => {
      const viewer = signedIn(ctx);
      let q = ctx.db.selectFrom('apiToken').innerJoin('appUser', 'appUser.id', 'apiToken.userId').selectAll('apiToken').select('appUser.username');
      if (viewer.role !== 'ADMIN') q = q.where('apiToken.userId', '=', viewer.userId);
      return q.orderBy('apiToken.id', 'desc').execute();
    },
  }),
);

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    description: '为自己（管理员可为他人）创建 API 令牌 / create an API token for yourself (an administrator: for anyone)',
    args: {
      name: t.arg.string({ required: true }),
      expiresInDays: t.arg.int({ required: false, defaultValue: 90 }),
      username: t.arg.string({ required: false, description: '管理员为其他用户创建时填写 / an administrator creating one for another user' }),
    },
    resolve: async (_root, { name, expiresInDays, username }, ctx) => {
      const viewer = signedIn(ctx);
      if (viewer.tokenId !== null) {
        throw new HubGraphQLError('FORBIDDEN', { zh: '不能用 API 令牌创建新令牌', en: 'An API token cannot create tokens' }, ctx.locale);
      }
      const days = expiresInDays ?? 90;
      const problems = [
        ...(name.trim().length < 1 || name.length > 100 ? [{ field: 'name', message: ctx.locale === 'zh' ? '名称应为 1 到 100 个字符' : 'name takes 1 to 100 characters' }] : []),
        ...(!Number.isInteger(days) || days < 1 || days > 365 ? [{ field: 'expiresInDays', message: ctx.locale === 'zh' ? '有效期应为 1 到 365 天' : 'expiresInDays must be 1 to 365' }] : []),
      ];
      if (problems.length) throw new HubGraphQLError('BAD_USER_INPUT', { zh: '令牌参数有误', en: 'Invalid token settings' }, ctx.locale, { fields: problems });
      let userId = viewer.userId;
      if (username && username !== viewer.username) {
        if (viewer.role !== 'ADMIN') throw new HubGraphQLError('FORBIDDEN', { zh: '只有管理员能为他人创建令牌', en: 'Only an administrator creates tokens for others' }, ctx.locale);
        const user = await ctx.db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirst();
        if (!user) throw new HubGraphQLError('NOT_FOUND', { zh: `没有用户 ${username}`, en: `No user ${username}` }, ctx.locale);
        userId = user.id;
      }
      return ctx.db.transaction().execute(async (tx) => {
        const { token, row } = await createApiToken(tx, userId, name.trim(), new Date(Date.now() + days * 24 * 3600 * 1000));
        await tx
          .insertInto('auditLog')
          .values({ actorUserId: viewer.userId, actorTokenId: null, actorName: viewer.username, operation: 'CREATE', recordType: 'ApiToken', recordId: row.id, before: null, after: JSON.stringify({ name: row.name, userId, expiresAt: row.expiresAt }) })
          .execute();
        return { token, apiToken: row };
      });
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    description: '吊销令牌，立即失效 / revoke a token; it stops working at once',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const viewer = signedIn(ctx);
      const tokenId = decodeId(String(id), 'ApiToken', ctx.locale);
      let q = ctx.db.updateTable('apiToken').set({ revokedAt: new Date() }).where('id', '=', tokenId).where('revokedAt', 'is', null);
      if (viewer.role !== 'ADMIN') q = q.where('userId', '=', viewer.userId);
      const row = await q.returningAll().executeTakeFirst();
      if (!row) throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个有效令牌', en: 'No such active token' }, ctx.locale);
      await ctx.db
        .insertInto('auditLog')
        .values({ actorUserId: viewer.userId, actorTokenId: viewer.tokenId, actorName: viewer.username, operation: 'UPDATE', recordType: 'ApiToken', recordId: row.id, before: null, after: JSON.stringify({ revokedAt: row.revokedAt }) })
        .execute();
      return row;
    },
  }),
}));
