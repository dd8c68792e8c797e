/**
 * `node(id)` and `nodes(ids)`: any record by its global ID, within the reader's scope. They replace the relay
 * plugin's own fields, which answered an ID that is not one (not base64, a type that is not a record such as
 * `AuditLog:1` or `User:1`, a number out of range) with an internal error. Here such an ID is BAD_USER_INPUT
 * naming the argument, as every other ID argument (`updateX(id)`, a filter's `townshipId`) answers; a
 * well-formed ID of a record that does not exist, or that the reader may not see, is null (Relay's contract).
 */
import { brandWithType } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { compiledNode } from './compile';
import { invalidId, MAX_IDS, parseAnyId } from './ids';
import { resources } from './registry';

const RECORD = { zh: '记录', en: 'record' };

function decodeRecordId(ctx: HubContext, value: string, field: string) {
  const parsed = parseAnyId(value);
  const resource = parsed && resources.get(parsed.type);
  if (!parsed || !resource) throw invalidId(field, RECORD, ctx.locale);
  return { resource, id: parsed.id };
}

/** With `info` (one `node(id)`), the record and what is asked below it in one statement (compile.ts); `nodes(ids)` batches loads. */
async function load(ctx: HubContext, { resource, id }: ReturnType<typeof decodeRecordId>, info?: GraphQLResolveInfo) {
  const record = info ? await compiledNode(resource, ctx, id, info) : await resource.load(ctx, id);
  if (record) brandWithType(record, resource.ref);
  return record;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      '按全局标识取一条记录（不存在或不可见时为空）/ a record by its global ID; null when it does not exist or the reader may not see it',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx, info) => {
      requireViewer(ctx);
      return load(ctx, decodeRecordId(ctx, String(id), 'id'), info);
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `按全局标识取多条记录，最多 ${MAX_IDS} 个 / records by their global IDs (at most ${MAX_IDS}), null where one does not exist or is not visible`,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => {
      requireViewer(ctx);
      if (ids.length > MAX_IDS) {
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: `ids 最多 ${MAX_IDS} 个`, en: `ids takes at most ${MAX_IDS} IDs` }, ctx.locale, {
          fields: [{ field: 'ids', message: `at most ${MAX_IDS}` }],
        });
      }
      // every ID is checked before any is read, so one bad ID refuses the request rather than half of it
      const decoded = ids.map((id, i) => decodeRecordId(ctx, String(id), `ids[${i}]`));
      return Promise.all(decoded.map((d) => load(ctx, d)));
    },
  }),
}));
