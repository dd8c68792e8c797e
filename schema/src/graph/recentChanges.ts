/**
 * `recentChanges(first)`: the latest edits (最近修改) to records the reader may see, newest first, from the
 * audit log, for the dashboard's "who changed what" card. A change is visible exactly when its record is
 * (the one scope condition of each type, as `history` on that record); a deleted record is gone, so its
 * deletion shows to those who see every row, and to whoever deleted it.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import type { Database } from '../db/database';
import { HubGraphQLError } from '../errors';
import { requireViewer } from './access';
import { AUDIT_COLUMNS, HistoryEntry, maskedAuditRow, type AuditRow } from './mutations';
import { resources } from './registry';
import { policy } from './scope';

/** Changes to records: sign-ins, reveals and exports are audited too, but are not edits. */
const EDITS = ['CREATE', 'UPDATE', 'DELETE'] as const;

const MAX_FIRST = 100;

function visibleChanges(ctx: HubContext, eb: ExpressionBuilder<Database, 'auditLog'>) {
  const viewer = requireViewer(ctx);
  return eb.or(
    [...resources.values()].map((resource) => {
      const { name, table } = resource.config;
      const ofType = eb('auditLog.recordType', '=', name);
      if (policy(ctx, resource.config).everyRow) return ofType;
      return eb.and([
        ofType,
        eb.or([
          // one primary-key probe per audit row, newest first, until the page is full (not the whole scope's ids)
          eb.exists(
            resource
              .from(ctx)
              .select(sql.lit(1).as('one'))
              .where(sql.ref(`${table}.id`), '=', sql.ref('auditLog.recordId')),
          ),
          eb.and([eb('auditLog.operation', '=', 'DELETE'), eb('auditLog.actorUserId', '=', viewer.userId)]),
        ]),
      ]);
    }),
  );
}

builder.queryField('recentChanges', (t) =>
  t.field({
    type: [HistoryEntry],
    description:
      '最近的修改：可见范围内的记录最新的新增、修改和删除（最新在前）/ the latest creations, updates and deletions of records the reader may see, newest first',
    args: { first: t.arg.int({ required: false, defaultValue: 20, description: `条数，1 到 ${MAX_FIRST} / how many, 1 to ${MAX_FIRST}` }) },
    resolve: async (_root, { first }, ctx) => {
      requireViewer(ctx);
      const limit = first ?? 20;
      if (limit < 1 || limit > MAX_FIRST) {
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: `first 应在 1 到 ${MAX_FIRST} 之间`, en: `first must be between 1 and ${MAX_FIRST}` },
          ctx.locale,
          {
            fields: [{ field: 'first', message: `1–${MAX_FIRST}` }],
          },
        );
      }
      const rows = (await ctx.db
        .selectFrom('auditLog')
        .select([...AUDIT_COLUMNS])
        .where('operation', 'in', [...EDITS])
        .where((eb) => visibleChanges(ctx, eb))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()) as AuditRow[];
      return rows.map((row) => maskedAuditRow(resources.get(row.recordType)!, row, ctx));
    },
  }),
);
