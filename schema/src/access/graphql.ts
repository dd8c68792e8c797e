import { sql } from 'kysely';
import { builder } from '../builder';
import { HubGraphQLError } from '../errors';
import type { HubContext } from '../context';
import type { HubTypes } from '../graph/recordShape';
import { decodeId, globalId } from '../graph/ids';
import { writeAudit } from './audit';
import { ROLES } from './codes';
import { createApiToken, revokeApiTokens } from './tokens';
import { resourceNamed } from '../graph/registry';
import { createUser, listUsers, setScopes, withinCounties, type UserAccount } from './users';
import { hashPassword } from './password';
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
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
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

// ── user administration (ADMIN only) ─────────────────────────────────────────────────────────────────

function requireAdmin(ctx: HubContext): Viewer {
  const viewer = signedIn(ctx);
  if (viewer.role !== 'ADMIN')
    throw new HubGraphQLError('FORBIDDEN', { zh: '只有管理员能管理用户', en: 'Only an administrator manages users' }, ctx.locale);
  return viewer;
}

interface UserInput {
  username?: string | null;
  displayName?: string | null;
  role?: string | null;
  password?: string | null;
  helperUnitId?: string | null;
  townshipIds?: readonly (string | number)[] | null;
  villageIds?: readonly (string | number)[] | null;
  countyIds?: readonly (string | number)[] | null;
  disabled?: boolean | null;
}

const USERNAME = /^[A-Za-z0-9_.-]{2,64}$/;

/** Checks a user's settings as a whole (a partner needs its unit, a clerk a scope) and decodes their IDs. */
function checkUser(ctx: HubContext, input: Required<Pick<UserInput, 'role'>> & UserInput, creating: boolean) {
  const fields: { field: string; message: string; messages: { zh: string; en: string } }[] = [];
  const fail = (field: string, zh: string, en: string) =>
    fields.push({ field, message: ctx.locale === 'zh' ? zh : en, messages: { zh, en } });
  if (creating && !USERNAME.test(input.username ?? ''))
    fail('username', '用户名应为 2 到 64 个字母、数字或 _ . -', 'A username is 2 to 64 letters, digits or _ . -');
  if (input.displayName !== undefined && (!input.displayName || input.displayName.length > 100))
    fail('displayName', '显示名称应为 1 到 100 个字符', 'A display name takes 1 to 100 characters');
  if ((creating || input.password !== undefined) && (input.password ?? '').length < 10)
    fail('password', '密码至少 10 个字符', 'A password needs at least 10 characters');
  const decode = (values: readonly (string | number)[] | null | undefined, type: string, field: string) => {
    try {
      return (values ?? []).map((v) => decodeId(String(v), type, ctx.locale, field));
    } catch {
      fail(field, `${field} 含有无效的标识`, `${field} holds an invalid ID`);
      return [];
    }
  };
  const townshipIds = decode(input.townshipIds, 'Township', 'townshipIds');
  const villageIds = decode(input.villageIds, 'Village', 'villageIds');
  const countyIds = decode(input.countyIds, 'County', 'countyIds');
  let helperUnitId: number | null = null;
  if (input.helperUnitId) {
    try {
      helperUnitId = decodeId(input.helperUnitId, 'HelperUnit', ctx.locale, 'helperUnitId');
    } catch {
      fail('helperUnitId', '帮扶单位标识无效', 'Not a helper unit ID');
    }
  }
  if (input.role === 'PARTNER' && helperUnitId === null)
    fail('helperUnitId', '帮扶单位账号须指定所属单位', 'A partner account needs its helper unit');
  if (input.role !== 'PARTNER' && helperUnitId !== null)
    fail('helperUnitId', '只有帮扶单位账号才指定单位', 'Only a partner account has a helper unit');
  if (input.role === 'CLERK' && townshipIds.length + villageIds.length === 0)
    fail('townshipIds', '录入员须至少指定一个乡镇或行政村', 'A clerk needs at least one township or village');
  if (input.role !== 'CLERK' && townshipIds.length + villageIds.length > 0)
    fail('townshipIds', '只有录入员才有区划范围', 'Only a clerk has a division scope');
  if (input.role !== 'ADMIN' && input.role !== 'ANALYST' && countyIds.length > 0)
    fail('countyIds', '只有管理员和分析员才有县范围', 'Only an administrator or an analyst has counties');
  if (fields.length)
    throw new HubGraphQLError('BAD_USER_INPUT', { zh: fields[0]!.messages.zh, en: fields[0]!.messages.en }, ctx.locale, { fields });
  return { townshipIds, villageIds, countyIds, helperUnitId };
}

/**
 * A county's administrator gives accounts only inside her counties (issue 16): clerks of their townships and
 * villages, administrators and analysts of some of her counties; not partner accounts nor unscoped ones.
 * Refused with the field at fault; every division checked in one statement. The hub's administrator: anything.
 */
async function requireWithinCounties(
  ctx: HubContext,
  viewer: Viewer,
  role: string,
  scope: { townshipIds: number[]; villageIds: number[]; countyIds: number[] },
): Promise<void> {
  if (!viewer.countyIds.length) return;
  const refuse = (field: string) => {
    const text = { zh: '县级管理员只能管理本县范围内的用户', en: 'A county administrator manages only users within her counties' };
    throw new HubGraphQLError('FORBIDDEN', text, ctx.locale, { fields: [{ field, message: text[ctx.locale], messages: text }] });
  };
  if (role === 'PARTNER') refuse('role');
  if (scope.townshipIds.length + scope.villageIds.length + scope.countyIds.length === 0)
    refuse(role === 'CLERK' ? 'townshipIds' : 'countyIds');
  if (scope.countyIds.some((id) => !viewer.countyIds.includes(id))) refuse('countyIds');
  const ids = (values: number[]) => sql`${sql.lit(`{${values.map((v) => Math.trunc(v)).join(',')}}`)}::int[]`;
  const { rows } = await sql<{ outside: boolean }>`select exists (
      select 1 from township t where t.id = any(${ids(scope.townshipIds)}) and t.county_id <> all(${ids(viewer.countyIds)})
      union all
      select 1 from village v join township t on t.id = v.township_id
        where v.id = any(${ids(scope.villageIds)}) and t.county_id <> all(${ids(viewer.countyIds)})) as outside`.execute(ctx.db);
  if (rows[0]?.outside) refuse(scope.townshipIds.length ? 'townshipIds' : 'villageIds');
}

/** What a user is created with and patched by: required when created, optional in a patch (described on create). */
function userFields<Create extends boolean>(t: PothosSchemaTypes.InputFieldBuilder<HubTypes, 'InputObject'>, create: Create) {
  const described = (description: string) => (create ? { description } : {});
  return {
    displayName: t.string({ required: create }),
    role: t.field({ type: RoleEnum, required: create }),
    helperUnitId: t.id({ required: false, ...described('帮扶单位账号的单位 / a partner’s unit') }),
    townshipIds: t.idList({ required: false, ...described('录入员的乡镇 / a clerk’s townships') }),
    villageIds: t.idList({ required: false, ...described('录入员的行政村 / a clerk’s villages') }),
    countyIds: t.idList({
      required: false,
      ...described('县级管理员、分析员的县；不填为全平台 / a county administrator’s or analyst’s counties; none: the whole hub'),
    }),
  };
}

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true, description: '至少 10 个字符 / at least 10 characters' }),
    ...userFields(t, true),
  }),
});
const UserPatch = builder.inputType('UserPatch', {
  fields: (t) => ({
    ...userFields(t, false),
    disabled: t.boolean({
      required: false,
      description: '停用后立即不能登录，已有会话和令牌失效 / a disabled user is signed out and refused at once',
    }),
  }),
});
const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    version: t.int({ required: true }),
    patch: t.field({ type: UserPatch, required: true }),
  }),
});

async function auditUser(
  ctx: HubContext,
  db: HubContext['db'],
  operation: 'CREATE' | 'UPDATE',
  id: number,
  after: Record<string, unknown>,
) {
  await writeAudit(db, ctx.viewer!, { operation, recordType: 'User', recordId: id, after });
}

builder.queryField('users', (t) =>
  t.field({
    type: [UserRef],
    description:
      '所有用户（管理员；县级管理员为本县范围内的用户）/ every user (administrators; a county administrator: those within her counties)',
    resolve: async (_root, _args, ctx) => {
      const viewer = requireAdmin(ctx);
      return listUsers(ctx.db, undefined, viewer.countyIds);
    },
  }),
);

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserRef,
    description: '新建用户（管理员）/ create a user (administrators)',
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireAdmin(ctx);
      const { townshipIds, villageIds, countyIds, helperUnitId } = checkUser(ctx, input, true);
      await requireWithinCounties(ctx, viewer, input.role, { townshipIds, villageIds, countyIds });
      const taken = await ctx.db
        .selectFrom('appUser')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
        .executeTakeFirst();
      if (taken)
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: '用户名已被使用', en: 'That username is taken' }, ctx.locale, {
          fields: [{ field: 'username', message: ctx.locale === 'zh' ? '用户名已被使用' : 'That username is taken' }],
        });
      const id = await ctx.db.transaction().execute(async (tx) => {
        const userId = await createUser(tx, {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          password: input.password,
          helperUnitId,
          townshipIds,
          villageIds,
          countyIds,
        });
        await auditUser(ctx, tx, 'CREATE', userId, {
          username: input.username,
          role: input.role,
          helperUnitId,
          townshipIds,
          villageIds,
          countyIds,
        });
        return userId;
      });
      return (await listUsers(ctx.db, id))[0]!;
    },
  }),
  updateUser: t.field({
    type: UserRef,
    description: '修改用户的角色、范围或停用（管理员）/ change a user’s role, scope or status (administrators)',
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireAdmin(ctx);
      const id = decodeId(input.id, 'User', ctx.locale);
      // a county's administrator finds only the users she manages
      const [current] = await listUsers(ctx.db, id, viewer.countyIds);
      if (!current) throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个用户', en: 'No such user' }, ctx.locale);
      if (current.version !== input.version) {
        throw new HubGraphQLError(
          'CONFLICT',
          { zh: `该用户已被修改（当前版本 ${current.version}）`, en: `This user was changed (now version ${current.version})` },
          ctx.locale,
          { currentVersion: current.version },
        );
      }
      const patch = input.patch;
      if (id === viewer.userId && (patch.disabled || (patch.role && patch.role !== 'ADMIN'))) {
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: '不能停用自己或取消自己的管理员角色', en: 'You cannot disable yourself or drop your own administrator role' },
          ctx.locale,
          { fields: [{ field: patch.disabled ? 'disabled' : 'role', message: 'self' }] },
        );
      }
      const merged = {
        role: patch.role ?? current.role,
        ...(patch.displayName !== undefined && patch.displayName !== null ? { displayName: patch.displayName } : {}),
        helperUnitId:
          patch.helperUnitId !== undefined
            ? patch.helperUnitId
            : current.helperUnitId
              ? encodeId('HelperUnit', current.helperUnitId)
              : null,
        townshipIds: patch.townshipIds ?? current.townshipIds.map((tid) => encodeId('Township', tid)),
        villageIds: patch.villageIds ?? current.villageIds.map((vid) => encodeId('Village', vid)),
        countyIds: patch.countyIds ?? current.countyIds.map((cid) => encodeId('County', cid)),
      };
      const checked = checkUser(ctx, merged, false);
      await requireWithinCounties(ctx, viewer, merged.role, checked);
      await ctx.db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('appUser')
          .set({
            role: merged.role,
            ...(merged.displayName ? { displayName: merged.displayName } : {}),
            helperUnitId: checked.helperUnitId,
            ...(patch.disabled !== undefined && patch.disabled !== null ? { disabledAt: patch.disabled ? new Date() : null } : {}),
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new HubGraphQLError('CONFLICT', { zh: '该用户已被修改', en: 'This user was changed meanwhile' }, ctx.locale);
        await setScopes(tx, id, checked.townshipIds, checked.villageIds, checked.countyIds);
        // Sessions end with a change of role or status, so the new rights apply from the next request on.
        if (patch.disabled || (patch.role && patch.role !== current.role))
          await tx.deleteFrom('userSession').where('userId', '=', id).execute();
        const revokedTokens = patch.disabled ? await revokeApiTokens(tx, id) : 0;
        await auditUser(ctx, tx, 'UPDATE', id, {
          role: merged.role,
          helperUnitId: checked.helperUnitId,
          townshipIds: checked.townshipIds,
          villageIds: checked.villageIds,
          countyIds: checked.countyIds,
          disabled: patch.disabled ?? !!current.disabledAt,
          ...(revokedTokens ? { revokedTokens } : {}),
        });
      });
      return (await listUsers(ctx.db, id))[0]!;
    },
  }),
  resetPassword: t.field({
    type: UserRef,
    description:
      '重设用户密码（管理员），该用户的会话随之结束、API 令牌随之作废 / set a user’s password (administrators); their sessions end and their API tokens are revoked',
    args: { id: t.arg.id({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: async (_root, { id: globalUserId, newPassword }, ctx) => {
      const viewer = requireAdmin(ctx);
      const id = decodeId(String(globalUserId), 'User', ctx.locale);
      if (viewer.countyIds.length && !(await listUsers(ctx.db, id, viewer.countyIds)).length)
        throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个用户', en: 'No such user' }, ctx.locale);
      if (newPassword.length < 10 || newPassword.length > 1024) {
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: '密码至少 10 个字符', en: 'A password needs at least 10 characters' },
          ctx.locale,
          { fields: [{ field: 'newPassword', message: ctx.locale === 'zh' ? '密码至少 10 个字符' : 'at least 10 characters' }] },
        );
      }
      const passwordHash = await hashPassword(newPassword);
      await ctx.db.transaction().execute(async (tx) => {
        const updated = await tx.updateTable('appUser').set({ passwordHash }).where('id', '=', id).returning('id').executeTakeFirst();
        if (!updated) throw new HubGraphQLError('NOT_FOUND', { zh: '没有这个用户', en: 'No such user' }, ctx.locale);
        // Whoever knew the old password could have made tokens with it: they go with it (docs/access.md).
        await tx.deleteFrom('userSession').where('userId', '=', id).execute();
        const revokedTokens = await revokeApiTokens(tx, id);
        await auditUser(ctx, tx, 'UPDATE', id, { password: 'reset', revokedTokens });
      });
      return (await listUsers(ctx.db, id))[0]!;
    },
  }),
}));

const encodeId = globalId;
