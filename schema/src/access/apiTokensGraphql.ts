/** API tokens: a user's own (an administrator: anyone's within her counties), shown once, stored hashed. */
import { builder } from '../builder';
import { HubGraphQLError } from '../errors';
import { decodeId } from '../graph/ids';
import { writeAudit } from './audit';
import { createApiToken } from './tokens';
import { withinCounties } from './users';
import { signedIn } from './graphql';

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

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiTokenRef],
    description: '我的 API 令牌（管理员可见全部）/ my API tokens (an administrator sees everyone’s)',
    resolve: async (_root, _args, ctx) => {
      const viewer = signedIn(ctx);
      let q = ctx.db
        .selectFrom('apiToken')
        .innerJoin('appUser', 'appUser.id', 'apiToken.userId')
        .selectAll('apiToken')
        .select('appUser.username');
      if (viewer.role !== 'ADMIN') q = q.where('apiToken.userId', '=', viewer.userId);
      else if (viewer.countyIds.length)
        q = q.where((eb) => eb.or([eb('apiToken.userId', '=', viewer.userId), withinCounties(viewer.countyIds)]));
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
      username: t.arg.string({
        required: false,
        description: '管理员为其他用户创建时填写 / an administrator creating one for another user',
      }),
    },
    resolve: async (_root, { name, expiresInDays, username }, ctx) => {
      const viewer = signedIn(ctx);
      if (viewer.tokenId !== null) {
        throw new HubGraphQLError('FORBIDDEN', { zh: '不能用 API 令牌创建新令牌', en: 'An API token cannot create tokens' }, ctx.locale);
      }
      const days = expiresInDays ?? 90;
      const problems = [
        ...(name.trim().length < 1 || name.length > 100
          ? [{ field: 'name', message: ctx.locale === 'zh' ? '名称应为 1 到 100 个字符' : 'name takes 1 to 100 characters' }]
          : []),
        ...(!Number.isInteger(days) || days < 1 || days > 365
          ? [{ field: 'expiresInDays', message: ctx.locale === 'zh' ? '有效期应为 1 到 365 天' : 'expiresInDays must be 1 to 365' }]
          : []),
      ];
      if (problems.length)
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: '令牌参数有误', en: 'Invalid token settings' }, ctx.locale, { fields: problems });
      let userId = viewer.userId;
      if (username && username !== viewer.username) {
        if (viewer.role !== 'ADMIN')
          throw new HubGraphQLError(
            'FORBIDDEN',
            { zh: '只有管理员能为他人创建令牌', en: 'Only an administrator creates tokens for others' },
            ctx.locale,
          );
        let found = ctx.db.selectFrom('appUser').select('id').where('username', '=', username);
        // a county's administrator: only for the users she manages
        if (viewer.countyIds.length) found = found.where(withinCounties(viewer.countyIds));
        const user = await found.executeTakeFirst();
        if (!user) throw new HubGraphQLError('NOT_FOUND', { zh: `没有用户 ${username}`, en: `No user ${username}` }, ctx.locale);
        userId = user.id;
      }
      return ctx.db.transaction().execute(async (tx) => {
        const { token, row } = await createApiToken(tx, userId, name.trim(), new Date(Date.now() + days * 24 * 3600 * 1000));
        await writeAudit(tx, viewer, {
          operation: 'CREATE',
          recordType: 'ApiToken',
          recordId: row.id,
          after: { name: row.name, userId, expiresAt: row.expiresAt },
        });
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
      else if (viewer.countyIds.length)
        q = q.where((eb) =>
          eb.or([
            eb('userId', '=', viewer.userId),
            eb('userId', 'in', eb.selectFrom('appUser').select('appUser.id').where(withinCounties(viewer.countyIds))),
          ]),
        );
      const row = await q.returningAll().executeTakeFirst();
      if (!row) throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个有效令牌', en: 'No such active token' }, ctx.locale);
      await writeAudit(ctx.db, viewer, {
        operation: 'UPDATE',
        recordType: 'ApiToken',
        recordId: row.id,
        after: { revokedAt: row.revokedAt },
      });
      return row;
    },
  }),
}));
