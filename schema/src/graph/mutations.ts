/**
 * createX / updateX / deleteX for an editable resource, `applyChanges` for a pasted range, and every
 * record's `history`. All go through write.ts.
 */
import { brandWithType } from '@pothos/core';
import { sql } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { byName, type Tx } from '../db/database';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { maskValue } from './mask';
import { policy, requireWriteRole } from './scope';
import { decodeId, globalId, parseAnyId } from './ids';
import { resolveLinkNames, type ResolvedLinks } from './linkNames';
import { fetchPagesByParent, type Page } from './pagination';
import { resources } from './registry';
import { recordId, type Row } from './recordShape';
import { clearLoaders, graphQLTypeOf, inputName, loaderFor, type Resource } from './resource';
import DataLoader from 'dataloader';
import {
  WriteRefused,
  createRecord,
  deleteRecord,
  finishBatch,
  inputToFields,
  notFoundText,
  refusal,
  startBatch,
  updateRecord,
  writeTransaction,
  type FieldError,
  type UpdateBatch,
} from './write';

function camel(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

function invalid(errors: FieldError[], resource: Resource, ctx: HubContext): never {
  throw refusal({ kind: 'invalid', fields: errors }, resource, ctx.locale);
}

export function defineMutations(resource: Resource): void {
  const { name, fields, label } = resource.config;
  const editable = Object.entries(fields).filter(([, spec]) => !spec.readOnly);
  const payloadField = camel(name);

  const createInput = builder.inputType(`Create${name}Input`, {
    description: `新增${label.zh} / a new ${label.en}`,
    fields: (t) =>
      Object.fromEntries(
        editable.map(([field, spec]) => [
          inputName(field, spec),
          t.field({
            type: graphQLTypeOf(spec),
            required: !!spec.required && !('defaultValue' in spec && spec.defaultValue !== undefined),
            description: `${spec.label.zh} / ${spec.label.en}`,
          }),
        ]),
      ),
  });
  const patchInput = builder.inputType(`${name}Patch`, {
    description: `要修改的${label.zh}字段；未给出的不变，null 表示清空 / the fields to change; absent fields stay, null clears`,
    fields: (t) =>
      Object.fromEntries(
        editable.map(([field, spec]) => [
          inputName(field, spec),
          t.field({ type: graphQLTypeOf(spec), required: false, description: `${spec.label.zh} / ${spec.label.en}` }),
        ]),
      ),
  });
  const updateInput = builder.inputType(`Update${name}Input`, {
    fields: (t) => ({
      id: t.id({ required: true }),
      version: t.int({ required: true, description: '读取时的版本号 / the version you read' }),
      patch: t.field({ type: patchInput, required: true }),
    }),
  });
  const deleteInput = builder.inputType(`Delete${name}Input`, {
    fields: (t) => ({ id: t.id({ required: true }), version: t.int({ required: true }) }),
  });
  const payload = builder.objectRef<{ record: Row }>(`${name}Payload`).implement({
    fields: (t) => ({ [payloadField]: t.field({ type: resource.ref, resolve: (p) => p.record }) }),
  });
  const deletePayload = builder.objectRef<{ id: string }>(`Delete${name}Payload`).implement({
    fields: (t) => ({ deletedId: t.id({ resolve: (p) => p.id }) }),
  });

  const run = async <T>(ctx: HubContext, work: Parameters<typeof writeTransaction<T>>[1]): Promise<T> => {
    try {
      const result = await writeTransaction(ctx, work);
      clearLoaders(ctx);
      return result;
    } catch (error) {
      if (error instanceof WriteRefused) throw refusal(error.failure, resource, ctx.locale);
      throw error;
    }
  };

  /** A mutation's resolver, after the viewer's role is checked: the first thing every write asks. */
  const writer =
    <A, T>(resolve: (args: A, ctx: HubContext) => Promise<T>) =>
    (_root: unknown, args: A, ctx: HubContext) => {
      requireWriteRole(ctx, resource.config);
      return resolve(args, ctx);
    };
  /** A create or an update: the input's fields checked, then the record written in one transaction. */
  const save = async (
    ctx: HubContext,
    input: Record<string, unknown>,
    write: (tx: Tx, values: Record<string, unknown>) => Promise<Row>,
  ) => {
    const { values, errors } = inputToFields(resource, input, ctx.locale);
    if (errors.length) invalid(errors, resource, ctx);
    return { record: await run(ctx, (tx) => write(tx, values)) };
  };

  builder.mutationFields((t) => ({
    [`create${name}`]: t.field({
      type: payload,
      description: `新增${label.zh} / create a ${label.en}`,
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: writer(({ input }, ctx) => save(ctx, input, (tx, values) => createRecord(tx, ctx, resource, values))),
    }),
    [`update${name}`]: t.field({
      type: payload,
      description: `修改${label.zh}（须提供读取时的版本号）/ update a ${label.en} (give the version you read)`,
      args: { input: t.arg({ type: updateInput, required: true }) },
      resolve: writer(({ input }, ctx) => {
        const id = decodeId(input.id, name, ctx.locale);
        return save(ctx, input.patch, (tx, values) => updateRecord(tx, ctx, resource, id, input.version, values));
      }),
    }),
    [`delete${name}`]: t.field({
      type: deletePayload,
      description: `删除${label.zh} / delete a ${label.en}`,
      args: { input: t.arg({ type: deleteInput, required: true }) },
      resolve: writer(async ({ input }, ctx) => {
        const id = decodeId(input.id, name, ctx.locale);
        await run(ctx, (tx) => deleteRecord(tx, ctx, resource, id, input.version));
        return { id: input.id };
      }),
    }),
  }));
}

/** Most cell edits one `applyChanges` takes: a pasted range of 1,000 rows. */
export const MAX_CHANGES = 1000;

const RecordChangeInput = builder.inputType('RecordChangeInput', {
  description:
    '对一条记录的修改（一行粘贴的单元格），或一条新记录（不给 id，给 type）/ the edits to one record (one pasted row), or a new record (no id; its type)',
  fields: (t) => ({
    id: t.id({ required: false, description: '要修改的记录；新增时不给 / the record to change; absent for a new record' }),
    version: t.int({ required: false, description: '读取时的版本号（修改时必填）/ the version you read (required with id)' }),
    type: t.string({
      required: false,
      description: '新记录的类型，如 Household（仅新增时）/ a new record’s type, e.g. Household (only without id)',
    }),
    patch: t.field({
      type: 'JSONObject',
      required: true,
      description: '字段名 → 新值；文字会按字段类型解析 / field → new value; text is parsed by the field type',
    }),
  }),
});
const ApplyChangesInput = builder.inputType('ApplyChangesInput', {
  fields: (t) => ({ changes: t.field({ type: [RecordChangeInput], required: true }) }),
});
const ApplyChangesPayload = builder.objectRef<{ records: Row[] }>('ApplyChangesPayload').implement({
  fields: (t) => ({ records: t.field({ type: [builder.nodeInterfaceRef()], resolve: (p) => p.records }) }),
});

builder.mutationField('applyChanges', (t) =>
  t.field({
    type: ApplyChangesPayload,
    description:
      '一次保存多行修改和新增（粘贴的区域），全部成功或全部不保存 / save many edited and new rows (a pasted range) in one transaction: all or nothing',
    args: { input: t.arg({ type: ApplyChangesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireViewer(ctx);
      const changes = input.changes;
      if (changes.length > MAX_CHANGES) {
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: `一次最多保存 ${MAX_CHANGES} 行`, en: `At most ${MAX_CHANGES} rows at a time` },
          ctx.locale,
          {
            fields: [{ field: 'changes', message: `at most ${MAX_CHANGES}` }],
          },
        );
      }
      // Every change is tried, so that every refused cell is reported; one refusal rolls everything back.
      const refused: FieldError[] = [];
      let conflict: HubGraphQLError | null = null;
      const Rollback = class extends Error {};
      let records: Row[] = [];
      try {
        await writeTransaction(ctx, async (tx) => {
          records = [];
          // a change with an id edits that record; one without creates a record of its `type`
          const parsed = changes.map((change) => {
            const id = change.id == null ? null : parseAnyId(change.id);
            const type = change.id == null ? change.type : id?.type;
            return { change, id, isNew: change.id == null, resource: type ? resources.get(type) : undefined };
          });
          // One batch per record type: its rows locked in one statement, audited and read back in one.
          const batches = new Map<Resource, UpdateBatch>();
          // links typed as names (a village's name, a household's 户编号): one lookup per link field, not per cell
          const links = new Map<Resource, ResolvedLinks>();
          for (const { resource } of parsed) {
            if (!resource || resource.config.editable === false || batches.has(resource)) continue;
            requireWriteRole(ctx, resource.config);
            // new records of the type take names in their links too
            const ofType = parsed.filter((p) => p.resource === resource);
            batches.set(
              resource,
              await startBatch(
                tx,
                ctx,
                resource,
                ofType.flatMap((p) => (p.id ? [p.id.id] : [])),
              ),
            );
            links.set(
              resource,
              await resolveLinkNames(
                { ...ctx, db: tx },
                resource,
                ofType.map((p) => p.change.patch),
              ),
            );
          }
          const saved: { row: number; resource: Resource; id: number }[] = [];
          for (const [row, { change, id: parsedId, isNew, resource }] of parsed.entries()) {
            const where = { row, ...(change.id != null ? { id: change.id } : {}) };
            const wrong = (text: { zh: string; en: string }, field = 'id') =>
              refused.push({ field, message: text[ctx.locale], messages: text, ...where });
            if (!resource || resource.config.editable === false || (!isNew && !parsedId)) {
              if (isNew)
                wrong(
                  {
                    zh: `不是可新增的记录类型：${change.type ?? '（未给出）'}`,
                    en: `Not a type of record that can be created: ${change.type ?? '(none given)'}`,
                  },
                  'type',
                );
              else wrong({ zh: '不是可修改记录的标识', en: 'Not the ID of an editable record' });
              continue;
            }
            if (!isNew && change.version == null) {
              wrong({ zh: '修改记录须给出读取时的版本号', en: 'A change to a record needs the version you read' }, 'version');
              continue;
            }
            const { values, errors } = inputToFields(resource, change.patch, ctx.locale, { coerce: true, links: links.get(resource) });
            if (errors.length) {
              refused.push(...errors.map((e) => ({ ...e, ...where })));
              continue;
            }
            try {
              const written = isNew
                ? await createRecord(tx, ctx, resource, values, batches.get(resource))
                : await updateRecord(tx, ctx, resource, parsedId!.id, change.version!, values, batches.get(resource));
              saved.push({ row, resource, id: written.id });
            } catch (error) {
              if (!(error instanceof WriteRefused)) throw error;
              const { failure } = error;
              if (failure.kind === 'invalid') refused.push(...failure.fields.map((f) => ({ ...f, ...where })));
              else if (failure.kind === 'notFound') {
                const text = notFoundText(resource);
                refused.push({ field: 'id', message: text[ctx.locale], messages: text, ...where });
              } else conflict ??= refusal(failure, resource, ctx.locale, where);
            }
          }
          if (refused.length || conflict) throw new Rollback();
          const readBack = new Map<Resource, Map<number, Row>>();
          for (const [resource, batch] of batches) {
            readBack.set(
              resource,
              await finishBatch(
                tx,
                ctx,
                batch,
                saved.filter((s) => s.resource === resource).map((s) => s.id),
              ),
            );
          }
          for (const { row, resource, id } of saved) {
            const record = readBack.get(resource)!.get(id);
            // the write put the record where the writer cannot see it (another township): refused, rolled back
            if (!record) {
              conflict ??= refusal({ kind: 'outOfScope' }, resource, ctx.locale, {
                row,
                ...(changes[row]!.id != null ? { id: changes[row]!.id } : {}),
              });
              continue;
            }
            brandWithType(record, resource.ref); // records of several types come back as Node
            records.push(record);
          }
          if (refused.length || conflict) throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        if (conflict && !refused.length) throw conflict;
        const rows = new Set(refused.map((f) => f.row)).size;
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          {
            zh: `${rows} 行有误，全部未保存：第 ${refused[0]!.row! + 1} 行 ${refused[0]!.messages.zh}`,
            en: `${rows} row(s) refused, nothing saved: row ${refused[0]!.row! + 1}: ${refused[0]!.messages.en}`,
          },
          ctx.locale,
          { fields: refused },
        );
      }
      clearLoaders(ctx);
      return { records };
    },
  }),
);

/** One audit row as a record's history (and the recent changes) show it (a type, so that it is a row by column name). */
export type AuditRow = {
  id: number;
  at: Date;
  actorName: string;
  operation: string;
  recordType: string;
  recordId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** The audit columns every history read selects. */
export const AUDIT_COLUMNS = ['id', 'at', 'actorName', 'operation', 'recordType', 'recordId', 'before', 'after'] as const;

/** An audit row with the type's sensitive values masked as the reader sees them on the record itself. */
export function maskedAuditRow(resource: Resource, row: AuditRow, ctx: HubContext): AuditRow {
  const { masked } = policy(ctx, resource.config);
  const columns = Object.entries(resource.config.fields)
    .filter(([field]) => masked.has(field))
    .map(([field, spec]) => spec.column ?? field);
  if (!columns.length) return row;
  const hide = (values: Record<string, unknown> | null) =>
    values && Object.fromEntries(Object.entries(values).map(([k, v]) => [k, columns.includes(k) ? maskValue(v) : v]));
  return { ...row, before: hide(row.before), after: hide(row.after) };
}

export const HistoryEntry = builder.objectRef<AuditRow>('HistoryEntry').implement({
  description: '修改记录 / one change to a record, from the audit log',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    actorName: t.exposeString('actorName', { description: '操作人 / who' }),
    operation: t.exposeString('operation', { description: 'CREATE, UPDATE or DELETE' }),
    recordType: t.exposeString('recordType', { description: '记录类型 / the record’s type (Household, Member…)' }),
    recordId: t.id({
      nullable: true,
      description: '记录的标识 / the record’s global ID',
      resolve: (row) => (row.recordId == null ? null : globalId(row.recordType, row.recordId)),
    }),
    record: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: '记录的现状（已删除或不在可见范围内时为空）/ the record as it is now; null when deleted or outside the reader’s scope',
      resolve: async (row, _args, ctx) => {
        const resource = resources.get(row.recordType);
        const record = resource && row.recordId != null ? await resource.load(ctx, row.recordId) : null;
        if (record) brandWithType(record, resource!.ref);
        return record;
      },
    }),
    changedFields: t.stringList({
      description: '改动的字段（数据库列名）/ the columns that changed',
      resolve: (row) => {
        const before = row.before ?? {};
        const after = row.after ?? {};
        return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) => !['version', 'updated_at', 'updatedAt'].includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
        );
      },
    }),
    before: t.field({ type: 'JSONObject', nullable: true, resolve: (row) => row.before }),
    after: t.field({ type: 'JSONObject', nullable: true, resolve: (row) => row.after }),
  }),
});
const HistoryConnection = builder.objectRef<Page<AuditRow> & { totalCount: () => Promise<number> }>('HistoryConnection').implement({
  fields: (t) => ({
    totalCount: t.int({ resolve: (c) => c.totalCount() }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
    nodes: t.field({ type: [HistoryEntry], resolve: (c) => c.nodes }),
  }),
});

/** `history` on a record type: its audit rows, newest first, batched per level like any nested list. */
export function defineHistory(resource: Resource): void {
  const name = resource.config.name;
  builder.objectField(resource.ref, 'history', (t) =>
    t.field({
      type: HistoryConnection,
      description: '修改历史（最新在前）/ the record’s history, newest first',
      args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
      resolve: (row, args, ctx) => {
        requireViewer(ctx);
        const id = recordId(row);
        const key = JSON.stringify(args);
        const pages = loaderFor(
          ctx,
          `${name}.history:${key}`,
          () =>
            new DataLoader<number, Page<AuditRow>>(async (ids) => {
              const db = byName(ctx.db);
              const query = db
                .selectFrom('auditLog')
                .select([...AUDIT_COLUMNS])
                .where('recordType', '=', name);
              const map = await fetchPagesByParent<AuditRow>(
                db,
                query,
                'auditLog',
                'recordId',
                ids,
                [{ column: 'id', direction: 'DESC' }],
                args,
                ctx.locale,
              );
              return ids.map((id) => {
                const page = map.get(id)!;
                const nodes = page.nodes.map((node) => maskedAuditRow(resource, node, ctx));
                return { ...page, nodes, edges: page.edges.map((edge, i) => ({ ...edge, node: nodes[i]! })) };
              });
            }),
        );
        const counts = loaderFor(
          ctx,
          `${name}.history:count`,
          () =>
            new DataLoader<number, number>(async (ids) => {
              const rows = await ctx.db
                .selectFrom('auditLog')
                .select(['recordId', sql<number>`count(*)::int`.as('n')])
                .where('recordType', '=', name)
                .where('recordId', 'in', ids as number[])
                .groupBy('recordId')
                .execute();
              const map = new Map(rows.map((r) => [r.recordId, r.n]));
              return ids.map((id) => map.get(id) ?? 0);
            }),
        );
        return pages.load(id).then((page) => ({ ...page, totalCount: () => counts.load(id) }));
      },
    }),
  );
}

export { globalId };
