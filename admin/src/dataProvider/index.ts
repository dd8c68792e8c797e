/**
 * The admin's one data provider: react-admin's calls as the hub's GraphQL, for every record type, driven by
 * the hub's description of its record types (`recordTypes`, see schema.ts) rather than per-type code.
 *
 * Records are flat: scalars and enums by their GraphQL names, a to-one link `village` as `villageId` (the
 * name inputs use too), lists of enums as arrays; connections and `history` are not fetched.
 *
 * Calls (resource = the root list's name, e.g. `households`):
 * - getList: filter keys `q` (search: the type's own `search` where the hub has one — households by number,
 *   any member's name, ID number —, else contains on the type's text fields; equality on phones and ID numbers
 *   for users who do not read them masked), `townshipId`/`villageId` (division shortcuts), `field` (equality; an array =
 *   any of), `field_in`, `field_gte`/`_lte`/`_gt`/`_lt`/`_ne`/`_contains`/`_isNull`. Pages by offset.
 * - getOne, getMany (`nodes(ids:)`), getManyReference, create, update (`{id, version, patch}` with only the
 *   changed fields; the version from previousData), updateMany and deleteMany (each row at the version just
 *   read), delete (previousData's version).
 * - applyChanges(resource, { changes: [{ id, version, patch }] }) → { data: records }: many rows in one
 *   all-or-nothing transaction (a pasted range). `patch` uses the flat names; text values are parsed. A change
 *   without id creates a record of the resource's type; the records come back in the order of the changes.
 * - getSchema() → HubSchema: the metadata and the user's permissions, fetched once per sign-in.
 * - getHistory(resource, { id, first?, after? }) → { entries: [{ at, actorName, operation, changedFields,
 *   before, after }], total, next }: the record's audit log, newest first.
 * - revealResidentId(memberId) → the full number (audited); resetPassword(userId, newPassword).
 * - users and apiTokens (the hub's own lists, not connections) are served by access.ts; `imports` (the
 *   import jobs) and the import page's calls (startImport, confirmImport, undoImport; markedWorkbookUrl) by
 *   imports.ts.
 *
 * Failures reject with react-admin's HttpError: message in the UI's language, `body: HubErrorBody` with the
 * GraphQL `code` and `extensions`, `fields` (BAD_USER_INPUT: field, message, and `row`/`id` in a batch),
 * `errors` (field → message, which react-admin's forms show under the inputs), `currentVersion`/`current` for
 * CONFLICT.
 *
 * For views (hooks.ts): `useHubSchema()`, `useResourceSchema(resource)` → ResourceSchema with `fields`:
 * `{ name, graphqlName, kind: text|int|decimal|date|datetime|boolean|enum|enumList|reference, enumName?,
 * reference?, editable, creatable, requiredOnCreate, nullable, label: {zh, en}, sensitive, masked, derived,
 * filterName?, sortField? }` and `access: { read, create, update, delete, export, import }`; `useCodeTable(enumName)` → `[{ value, zh, en }]`; `useLabel()` picks zh/en.
 */
import type { DataProvider, GetListResult, Identifier, RaRecord } from 'ra-core';
import { takeEarlyList, takeEarlySchema } from '../boot';
import { sessionOf } from '../session';
import { graphql as defaultClient, type GraphQLClient } from '../graphql';
import { accessProvider, ACCESS_RESOURCES } from './access';
import { notFound, toHttpError } from './errors';
import { IMPORT_RESOURCES, importProvider, type ImportCalls } from './imports';
import {
  createInput,
  flatten,
  listRequest,
  patchOf,
  selection,
  toFilter,
  type FlatRecord,
  type ListAnswer,
  type ListParams,
} from './records';
import { schemaLoader, type HubSchema, type ResourceSchema } from './schema';
import type { RecordMethods } from './methods';

export type { FieldError, HubErrorBody } from './errors';
export { HttpError } from 'ra-core';
export type { Access, CodeEntry, FieldKind, FieldSchema, HubSchema, Label, ResourceSchema } from './schema';
export { COUNTY_FIELD } from './schema';
export type { FlatRecord } from './records';
export type { ImportCount, ImportJobRecord, ImportMissingRecord, ImportProblemRow, ImportStatus } from './imports';
export { markedWorkbookUrl, PROBLEMS_SHOWN, RUNNING } from './imports';

export interface RecordChange {
  id: Identifier;
  version: number;
  patch: Record<string, unknown>;
}
/** A change to send: a record's edits, or (no id) a new record. */
export type ChangeToSend = RecordChange | Omit<RecordChange, 'id' | 'version'>;

export interface ExportParams {
  filter?: Record<string, unknown>;
  format: 'xlsx' | 'csv';
  columns?: readonly string[];
  locale?: 'zh' | 'en';
}

export interface HubDataProvider extends DataProvider, ImportCalls {
  getSchema(): Promise<HubSchema>;
  applyChanges(resource: string, params: { changes: ChangeToSend[] }): Promise<{ data: FlatRecord[] }>;
  /** a record's history (the audit log), newest first */
  getHistory(resource: string, params: { id: Identifier; first?: number; after?: string }): Promise<HistoryPage>;
  /** a member's full resident ID number, for administrators and clerks; the hub audits every reveal */
  revealResidentId(memberId: Identifier): Promise<string | null>;
  /**
   * where the hub streams a list, as the viewer reads it and with the list's filters, as a file (audited
   * there): with `columns` (record keys, `villageId`), those columns in that order; labels in `locale`
   */
  exportUrl(resource: string, params: ExportParams): Promise<string>;
  /** an administrator sets a user's new password */
  resetPassword(id: Identifier, newPassword: string): Promise<void>;
}

/** One change to a record: who, when, which fields, the values before and after (database column names). */
export interface HistoryEntry {
  at: string;
  actorName: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  changedFields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  total: number;
  /** the cursor of the next page, when there is one */
  next: string | null;
}

export interface DataProviderOptions {
  client?: GraphQLClient;
  /** names the current sign-in: the record types' metadata depends on who is signed in, so a new one reads it again */
  session?: () => unknown;
  /** the metadata if the page's first script already asked for it (boot.ts); undefined in it means ask anew */
  earlySchema?: () => Promise<HubSchema | undefined> | undefined;
  /**
   * the answer to a list read if the page's first script already sent exactly this one (boot.ts), for the
   * list's first read only; undefined (or an answer of undefined: it failed) means ask
   */
  earlyList?: (resource: string, query: string, variables: Record<string, unknown>) => Promise<ListAnswer | undefined> | undefined;
}

function lowerFirst(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

export function createDataProvider(options: DataProviderOptions = {}): HubDataProvider {
  const client = options.client ?? defaultClient;
  const getSchema = schemaLoader(client, options.session, options.earlySchema);

  const resourceOf = async (name: string): Promise<ResourceSchema> => {
    const resource = (await getSchema()).resources[name];
    if (!resource) throw new Error(`The hub has no record type listed as "${name}"`);
    return resource;
  };

  /** Runs an operation, turning the hub's failures into HttpErrors. */
  const run = async <T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal, formErrors = false): Promise<T> => {
    try {
      return await client<T>(query, variables, signal ? { signal } : {});
    } catch (error) {
      throw toHttpError(error, { formErrors });
    }
  };

  const list = async (resourceName: string, params: ListParams & { signal?: AbortSignal }): Promise<GetListResult<FlatRecord>> => {
    const resource = await resourceOf(resourceName);
    const { query, variables } = listRequest(resource, params);
    // the page's first script may have asked the very same already (boot.ts): its answer, else ask now
    const data = (await options.earlyList?.(resourceName, query, variables)) ?? (await run<ListAnswer>(query, variables, params.signal));
    return { data: data.list.nodes.map((n) => flatten(resource, n)), total: data.list.totalCount };
  };

  const many = async (resource: ResourceSchema, ids: readonly Identifier[], signal?: AbortSignal): Promise<FlatRecord[]> => {
    if (!ids.length) return [];
    const query = `query Many($ids: [ID!]!) { nodes(ids: $ids) { ... on ${resource.typeName} { ${selection(resource)} } } }`;
    const data = await run<{ nodes: (Record<string, unknown> | null)[] }>(query, { ids }, signal);
    // a record gone or out of scope reads as null; a node of another type as {}
    return data.nodes.filter((n): n is Record<string, unknown> => !!n && 'id' in n).map((n) => flatten(resource, n));
  };

  const update = async (resource: ResourceSchema, id: Identifier, version: number, patch: Record<string, unknown>): Promise<FlatRecord> => {
    const payload = lowerFirst(resource.typeName);
    const query = `mutation Update($input: Update${resource.typeName}Input!) { result: update${resource.typeName}(input: $input) { ${payload} { ${selection(resource)} } } }`;
    const data = await run<{ result: Record<string, Record<string, unknown>> }>(query, { input: { id, version, patch } }, undefined, true);
    return flatten(resource, data.result[payload]!);
  };

  const remove = async (resource: ResourceSchema, id: Identifier, version: number): Promise<void> => {
    const query = `mutation Delete($input: Delete${resource.typeName}Input!) { result: delete${resource.typeName}(input: $input) { deletedId } }`;
    await run(query, { input: { id, version } });
  };

  const applyChanges = async (resourceName: string, params: { changes: ChangeToSend[] }): Promise<{ data: FlatRecord[] }> => {
    const resource = await resourceOf(resourceName);
    const query = `mutation ApplyChanges($input: ApplyChangesInput!) { applyChanges(input: $input) { records { ... on ${resource.typeName} { ${selection(resource)} } } } }`;
    const changes = params.changes.map((c) => ('id' in c ? c : { ...c, type: resource.typeName }));
    const data = await run<{ applyChanges: { records: Record<string, unknown>[] } }>(query, { input: { changes } });
    return { data: data.applyChanges.records.map((r) => flatten(resource, r)) };
  };

  const getHistory = async (resourceName: string, params: { id: Identifier; first?: number; after?: string }): Promise<HistoryPage> => {
    const resource = await resourceOf(resourceName);
    const query = `query History($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on ${resource.typeName} {
      history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { at actorName operation changedFields before after } }
    } } }`;
    type Answer = {
      node: { history: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: HistoryEntry[] } } | null;
    };
    const data = await run<Answer>(query, { id: params.id, first: params.first ?? 20, after: params.after ?? null });
    if (!data.node) throw notFound(resource.label);
    const { history } = data.node;
    return { entries: history.nodes, total: history.totalCount, next: history.pageInfo.hasNextPage ? history.pageInfo.endCursor : null };
  };

  const revealResidentId = async (memberId: Identifier): Promise<string | null> =>
    (await run<{ revealResidentId: string | null }>(`mutation Reveal($id: ID!) { revealResidentId(memberId: $id) }`, { id: memberId }))
      .revealResidentId;

  const exportUrl = async (resourceName: string, params: ExportParams): Promise<string> => {
    const resource = await resourceOf(resourceName);
    const filter = toFilter(resource, params.filter);
    // the export names columns as the GraphQL type does (`village`, not the record's key `villageId`)
    const graphqlName = new Map(resource.fields.map((f) => [f.name, f.graphqlName]));
    const columns = params.columns?.flatMap((c) => graphqlName.get(c) ?? []);
    const query = new URLSearchParams({
      ...(filter ? { filter: JSON.stringify(filter) } : {}),
      ...(columns?.length ? { columns: columns.join(',') } : {}),
      ...(params.locale ? { locale: params.locale } : {}),
    }).toString();
    return `/export/${resource.name}.${params.format}${query ? `?${query}` : ''}`;
  };

  const records: RecordMethods<FlatRecord> = {
    getList: list,

    async getOne(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const [record] = await many(resource, [params.id], params.signal);
      if (!record) throw notFound(resource.label);
      return { data: record };
    },

    async getMany(resourceName, params) {
      const resource = await resourceOf(resourceName);
      return { data: await many(resource, params.ids, params.signal) };
    },

    getManyReference(resourceName, params) {
      return list(resourceName, { ...params, filter: { ...params.filter, [params.target]: params.id } });
    },

    async create(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const payload = lowerFirst(resource.typeName);
      const query = `mutation Create($input: Create${resource.typeName}Input!) { result: create${resource.typeName}(input: $input) { ${payload} { ${selection(resource)} } } }`;
      const data = await run<{ result: Record<string, Record<string, unknown>> }>(
        query,
        { input: createInput(resource, params.data) },
        undefined,
        true,
      );
      return { data: flatten(resource, data.result[payload]!) };
    },

    async update(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const previous = params.previousData as FlatRecord | undefined;
      const version = Number(previous?.version ?? (params.data as Record<string, unknown>).version);
      const patch = patchOf(resource, params.data as Record<string, unknown>, previous);
      // nothing changed: no write, no audit row, no version bump
      if (!Object.keys(patch).length && previous) return { data: previous };
      return { data: await update(resource, params.id, version, patch) };
    },

    async updateMany(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const current = await many(resource, params.ids);
      const patch = patchOf(resource, params.data as Record<string, unknown>, undefined);
      const result = await applyChanges(resourceName, { changes: current.map((r) => ({ id: r.id, version: r.version, patch })) });
      return { data: result.data.map((r) => r.id) };
    },

    async delete(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const previous = params.previousData as FlatRecord | undefined;
      const record = previous ?? (await many(resource, [params.id]))[0];
      if (record) await remove(resource, params.id, record.version);
      return { data: record ?? ({ id: params.id } as FlatRecord) };
    },

    async deleteMany(resourceName, params) {
      const resource = await resourceOf(resourceName);
      const current = await many(resource, params.ids);
      for (const record of current) await remove(resource, record.id, record.version);
      return { data: current.map((r) => r.id) };
    },
  };

  const access = accessProvider(run);
  const imports = importProvider(run);
  // the hub's users, tokens and import jobs are plain lists of their own; every other resource is a record type
  const providerOf = (resource: string): Partial<RecordMethods<RaRecord>> =>
    ACCESS_RESOURCES.has(resource) ? access : IMPORT_RESOURCES.has(resource) ? imports : records;
  const route =
    <M extends StandardMethod>(method: M) =>
    (resource: string, params: never) => {
      const call = providerOf(resource)[method] as ((r: string, p: never) => Promise<unknown>) | undefined;
      if (!call) return Promise.reject(new Error(`${resource} cannot be changed here (${method})`));
      return call(resource, params);
    };
  return {
    getSchema,
    applyChanges,
    exportUrl,
    getHistory,
    revealResidentId,
    resetPassword: access.resetPassword,
    startImport: imports.startImport,
    confirmImport: imports.confirmImport,
    undoImport: imports.undoImport,
    // the one place the providers' records meet DataProvider's methods, generic in the caller's record type (methods.ts)
    ...(Object.fromEntries(STANDARD_METHODS.map((m) => [m, route(m)])) as Pick<DataProvider, StandardMethod>),
  };
}

const STANDARD_METHODS = [
  'getList',
  'getOne',
  'getMany',
  'getManyReference',
  'create',
  'update',
  'updateMany',
  'delete',
  'deleteMany',
] as const;
type StandardMethod = (typeof STANDARD_METHODS)[number];

/** The UI's provider, reading the metadata again for each sign-in. */
export const dataProvider = createDataProvider({ session: sessionOf, earlySchema: takeEarlySchema, earlyList: takeEarlyList });

export { useCodeTable, useHubSchema, useLabel, useResourceSchema } from './hooks';
