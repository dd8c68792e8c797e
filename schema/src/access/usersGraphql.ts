/** User administration (administrators only; a county's administrator within her counties): list, create, update, reset a password. */
import { sql } from 'kysely';
import { builder } from '../builder';
import { HubGraphQLError } from '../errors';
import type { HubContext } from '../context';
import type { HubTypes } from '../graph/recordShape';
import { decodeId, globalId } from '../graph/ids';
import { writeAudit } from './audit';
import { revokeApiTokens } from './tokens';
import { createUser, listUsers, setScopes } from './users';
import { hashPassword } from './password';
import type { Viewer } from './viewer';
import { RoleEnum, signedIn, UserRef } from './graphql';

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

/**
 * The resolver of a user-administration mutation: `save` runs for the administrator signed in (anyone else is refused)
 * and returns the id of the user it saved, whom the mutation answers as she now is.
 */
const savingUser =
  <Args>(save: (viewer: Viewer, args: Args, ctx: HubContext) => Promise<number>) =>
  async (_root: unknown, args: Args, ctx: HubContext) =>
    (await listUsers(ctx.db, await save(requireAdmin(ctx), args, ctx)))[0]!;

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
    resolve: savingUser(async (viewer, { input }, ctx) => {
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
      return ctx.db.transaction().execute(async (tx) => {
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
    }),
  }),
  updateUser: t.field({
    type: UserRef,
    description: '修改用户的角色、范围或停用（管理员）/ change a user’s role, scope or status (administrators)',
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: savingUser(async (viewer, { input }, ctx) => {
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
              ? globalId('HelperUnit', current.helperUnitId)
              : null,
        townshipIds: patch.townshipIds ?? current.townshipIds.map((tid) => globalId('Township', tid)),
        villageIds: patch.villageIds ?? current.villageIds.map((vid) => globalId('Village', vid)),
        countyIds: patch.countyIds ?? current.countyIds.map((cid) => globalId('County', cid)),
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
      return id;
    }),
  }),
  resetPassword: t.field({
    type: UserRef,
    description:
      '重设用户密码（管理员），该用户的会话随之结束、API 令牌随之作废 / set a user’s password (administrators); their sessions end and their API tokens are revoked',
    args: { id: t.arg.id({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: savingUser(async (viewer, { id: globalUserId, newPassword }, ctx) => {
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
      return id;
    }),
  }),
}));
