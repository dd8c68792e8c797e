/**
 * Users and API tokens: the hub's own plain lists (`users`, `apiTokens`), not record connections, so they are
 * paged, sorted and searched here. Only administrators manage them (the hub refuses anyone else).
 */
import type { GetListParams, Identifier } from 'ra-core';
import type { RecordMethods } from './methods';
import { notFound } from './errors';

export const ACCESS_RESOURCES = new Set(['users', 'apiTokens']);

type Run = <T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal, formErrors?: boolean) => Promise<T>;
type Row = { id: Identifier } & Record<string, unknown>;

const USER = 'id username displayName role disabled version helperUnit { id } townships { id } villages { id } counties { id }';
const TOKEN = 'id name username active createdAt expiresAt lastUsedAt revokedAt';

/** A user as a flat record: its scope as `townshipIds`, `villageIds`, `countyIds`, `helperUnitId`. */
function flatUser(user: Record<string, unknown>): Row {
  const { helperUnit, townships, villages, counties, ...rest } = user as Record<string, unknown> & {
    helperUnit: { id: string } | null;
    townships: { id: string }[];
    villages: { id: string }[];
    counties: { id: string }[];
  };
  return {
    ...(rest as Row),
    helperUnitId: helperUnit?.id ?? null,
    townshipIds: townships.map((t) => t.id),
    villageIds: villages.map((v) => v.id),
    countyIds: counties.map((c) => c.id),
  };
}

/** react-admin's list parameters over rows already in hand. */
function page(rows: Row[], params: GetListParams) {
  const { q, ...exact } = params.filter ?? {};
  const text = typeof q === 'string' ? q.trim().toLowerCase() : '';
  let result = rows.filter(
    (row) =>
      (!text ||
        ['username', 'displayName', 'name'].some((key) =>
          String(row[key] ?? '')
            .toLowerCase()
            .includes(text),
        )) &&
      Object.entries(exact).every(([key, value]) => value === undefined || value === '' || row[key] === value),
  );
  const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
  result = [...result].sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? ''), 'zh-CN') * (order === 'DESC' ? -1 : 1));
  const { page: number, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  return { data: result.slice((number - 1) * perPage, number * perPage), total: result.length };
}

const USER_CREATE_FIELDS = ['username', 'displayName', 'password', 'role', 'helperUnitId', 'townshipIds', 'villageIds', 'countyIds'];
const USER_PATCH_FIELDS = ['displayName', 'role', 'disabled', 'helperUnitId', 'townshipIds', 'villageIds', 'countyIds'];

function pick(data: Record<string, unknown>, keys: string[], previous?: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    keys
      .filter((k) => data[k] !== undefined && (!previous || JSON.stringify(data[k]) !== JSON.stringify(previous[k])))
      .map((k) => [k, data[k] === '' ? null : data[k]]),
  );
}

export interface AccessProvider extends RecordMethods<Row> {
  resetPassword(id: Identifier, newPassword: string): Promise<void>;
}

export function accessProvider(run: Run): AccessProvider {
  const all = async (resource: string, signal?: AbortSignal): Promise<Row[]> => {
    if (resource === 'users')
      return (await run<{ users: Record<string, unknown>[] }>(`query Users { users { ${USER} } }`, {}, signal)).users.map(flatUser);
    return (await run<{ apiTokens: Row[] }>(`query Tokens { apiTokens { ${TOKEN} } }`, {}, signal)).apiTokens;
  };
  const one = async (resource: string, id: Identifier, signal?: AbortSignal): Promise<Row> => {
    const row = (await all(resource, signal)).find((r) => r.id === id);
    if (!row) throw notFound({ zh: resource === 'users' ? '用户' : '令牌', en: resource === 'users' ? 'user' : 'token' });
    return row;
  };
  const unsupported = (what: string) => Promise.reject(new Error(`${what} is not offered for users and tokens`));

  return {
    async getList(resource, params) {
      return page(await all(resource, params.signal), params);
    },
    async getOne(resource, params) {
      return { data: await one(resource, params.id, params.signal) };
    },
    async getMany(resource, params) {
      const ids = new Set(params.ids);
      return { data: (await all(resource, params.signal)).filter((r) => ids.has(r.id)) };
    },
    async getManyReference(resource, params) {
      return page(await all(resource, params.signal), { ...params, filter: { ...params.filter, [params.target]: params.id } });
    },
    async create(resource, params) {
      const data = params.data as Record<string, unknown>;
      if (resource === 'users') {
        const result = await run<{ createUser: Record<string, unknown> }>(
          `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`,
          { input: pick(data, USER_CREATE_FIELDS) },
          undefined,
          true,
        );
        return { data: flatUser(result.createUser) };
      }
      const result = await run<{ createApiToken: { token: string; apiToken: Row } }>(
        `mutation CreateToken($name: String!, $username: String, $expiresInDays: Int) { createApiToken(name: $name, username: $username, expiresInDays: $expiresInDays) { token apiToken { ${TOKEN} } } }`,
        { name: data.name, username: data.username || null, expiresInDays: data.expiresInDays ? Number(data.expiresInDays) : 90 },
        undefined,
        true,
      );
      // the token itself travels once, with the record react-admin gets back from create
      return { data: { ...result.createApiToken.apiToken, token: result.createApiToken.token } };
    },
    async update(resource, params) {
      if (resource !== 'users') return unsupported('Editing a token');
      const previous = params.previousData as Row;
      const patch = pick(params.data as Record<string, unknown>, USER_PATCH_FIELDS, previous);
      if (!Object.keys(patch).length) return { data: previous };
      const result = await run<{ updateUser: Record<string, unknown> }>(
        `mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { ${USER} } }`,
        { input: { id: params.id, version: previous.version, patch } },
        undefined,
        true,
      );
      return { data: flatUser(result.updateUser) };
    },
    async updateMany() {
      return unsupported('Updating many users');
    },
    async delete(resource, params) {
      if (resource !== 'apiTokens') return unsupported('Deleting a user (disable it instead)');
      const result = await run<{ revokeApiToken: Row }>(`mutation Revoke($id: ID!) { revokeApiToken(id: $id) { ${TOKEN} } }`, {
        id: params.id,
      });
      return { data: result.revokeApiToken };
    },
    async deleteMany(resource, params) {
      if (resource !== 'apiTokens') return unsupported('Deleting users (disable them instead)');
      for (const id of params.ids) await run(`mutation Revoke($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });
      return { data: params.ids };
    },
    async resetPassword(id, newPassword) {
      await run(
        `mutation Reset($id: ID!, $password: String!) { resetPassword(id: $id, newPassword: $password) { id } }`,
        { id, password: newPassword },
        undefined,
        true,
      );
    },
  };
}
