/**
 * Undoing an import, from the audit rows that carry its job's id: every record it created is deleted, every
 * record it updated gets its values back, every record it deleted comes back (same id), all in one
 * transaction as the person undoing (scope, row-level security), each change audited. A record changed
 * since the import (its version moved, or it is gone or out of reach) is a CONFLICT and nothing is undone.
 */
import { sql, type Kysely } from 'kysely';
import type { Viewer } from '../access/viewer';
import type { Database } from '../db/database';
import { resources } from '../graph/registry';
import type { Resource } from '../graph/resource';
import { AUDIT_INSERT, auditActor, auditJson, snake, snakeKeys, tableColumns } from './auditSql';
import type { ImportProblem } from './contract';
import { ImportRefused, mayHandle, MAX_KEPT_PROBLEMS, type ImportJobRow } from './jobs';
import { Rollback } from './session';

interface Touched {
  recordType: string;
  /** where the record type first appears in the job's audit rows: parents (households) before children (members) */
  firstAuditId: number;
}

const label = (json: string) => `coalesce(${json}->>'name', ${json}->>'householdNumber', ${json}->>'code', '#' || u.record_id)`;

/** Undoes an APPLIED job in `db`'s transaction (a request's, as its viewer); conflicts are kept on the job instead. */
export async function undoJob(db: Kysely<Database>, viewer: Viewer, job: Pick<ImportJobRow, 'id' | 'status' | 'createdByUserId'>): Promise<void> {
  if (!mayHandle(viewer, job)) throw new ImportRefused('NOT_FOUND', { zh: '找不到该导入', en: 'No such import' });
  if (job.status !== 'APPLIED') {
    throw new ImportRefused('CONFLICT', { zh: `只有已写入的导入可以撤销（当前状态 ${job.status}）`, en: `Only an applied import can be undone (it is ${job.status})` });
  }
  const conflicts = await db
    .transaction()
    .execute(async (tx) => {
      // each record the job touched: its state before the job (first audit row) and after it (last)
      await sql`create temp table import_undo on commit drop as
        select record_type, record_id,
          (array_agg(operation order by id))[1] as first_op, (array_agg(before order by id))[1] as before_state,
          (array_agg(operation order by id desc))[1] as last_op, (array_agg(after order by id desc))[1] as after_state,
          min(id) as first_audit_id
        from audit_log where import_job_id = ${job.id} and operation in ('CREATE', 'UPDATE', 'DELETE')
        group by record_type, record_id`.execute(tx);
      const types = (
        await sql<Touched>`select record_type as "recordType", min(first_audit_id)::int as "firstAuditId" from import_undo group by record_type order by 2`.execute(tx)
      ).rows.map((t) => ({ ...t, resource: resources.get(t.recordType) })).filter((t): t is Touched & { resource: Resource } => !!t.resource);

      const problems: ImportProblem[] = [];
      for (const { resource } of types) {
        const table = sql.raw(snake(resource.config.table));
        const found = await sql<{ recordId: number; label: string; was: number | null; now: number | null }>`
          select u.record_id as "recordId", ${sql.raw(label('coalesce(u.after_state, u.before_state)'))} as label,
            (u.after_state->>'version')::int as was, t.version as now
          from import_undo u left join ${table} t on t.id = u.record_id
          where u.record_type = ${resource.config.name}
            and case when u.last_op = 'DELETE' then t.id is not null
                     else t.id is null or t.version is distinct from (u.after_state->>'version')::int end
          order by u.record_id`.execute(tx);
        for (const c of found.rows) {
          const what = resource.config.label;
          problems.push({
            sheet: what.zh,
            row: 0,
            column: null,
            header: null,
            value: c.label,
            message:
              c.now === null
                ? { zh: `冲突：${what.zh}「${c.label}」在导入后已被删除或不在您的范围内`, en: `CONFLICT: ${what.en} “${c.label}” was deleted since the import, or is outside your scope` }
                : { zh: `冲突：${what.zh}「${c.label}」在导入后已被修改（版本 ${c.was ?? '—'} → ${c.now}）`, en: `CONFLICT: ${what.en} “${c.label}” was edited since the import (version ${c.was ?? '—'} → ${c.now})` },
          });
        }
      }
      if (problems.length) throw new Rollback(problems);

      const actor = auditActor(viewer, null);
      // 1. records the import deleted come back, parents first
      for (const { resource } of types) {
        const table = snake(resource.config.table);
        const columns = tableColumns(resource).filter((c) => c.column === 'id' || c.column === 'createdAt' || !c.readOnly).map((c) => snake(c.column));
        await sql`with restored as (
            insert into ${sql.raw(table)} (${sql.raw(columns.join(', '))}, version)
            select ${sql.raw(columns.map((c) => `r.${c}`).join(', '))}, r.version + 1
            from import_undo u cross join lateral jsonb_populate_record(null::${sql.raw(table)}, ${sql.raw(snakeKeys('u.before_state'))}) r
            where u.record_type = ${resource.config.name} and u.first_op <> 'CREATE' and u.last_op = 'DELETE'
            returning *)
          ${AUDIT_INSERT} select ${actor}, 'CREATE', ${resource.config.name}, restored.id, null, ${auditJson(resource, 'restored')} from restored`.execute(tx);
      }
      // 2. records the import updated get their values back
      for (const { resource } of types) {
        const table = snake(resource.config.table);
        const columns = tableColumns(resource).filter((c) => !c.readOnly).map((c) => snake(c.column));
        await sql`with changed as (
            update ${sql.raw(table)} t set ${sql.raw(columns.map((c) => `${c} = r.${c}`).join(', '))}
            from import_undo u cross join lateral jsonb_populate_record(null::${sql.raw(table)}, ${sql.raw(snakeKeys('u.before_state'))}) r, ${sql.raw(table)} old
            where u.record_type = ${resource.config.name} and u.first_op <> 'CREATE' and u.last_op <> 'DELETE' and t.id = u.record_id and old.id = t.id
            returning ${auditJson(resource, 'old')} as before, ${auditJson(resource, 't')} as after, t.id)
          ${AUDIT_INSERT} select ${actor}, 'UPDATE', ${resource.config.name}, changed.id, changed.before, changed.after from changed`.execute(tx);
      }
      // 3. records the import created go, children first
      for (const { resource } of [...types].reverse()) {
        const table = snake(resource.config.table);
        try {
          await sql`savepoint hub_undo`.execute(tx);
          await sql`with gone as (
              delete from ${sql.raw(table)} t using import_undo u
              where u.record_type = ${resource.config.name} and u.first_op = 'CREATE' and u.last_op <> 'DELETE' and t.id = u.record_id
              returning t.*)
            ${AUDIT_INSERT} select ${actor}, 'DELETE', ${resource.config.name}, gone.id, ${auditJson(resource, 'gone')}, null from gone`.execute(tx);
          await sql`release savepoint hub_undo`.execute(tx);
        } catch (error) {
          if ((error as { code?: string }).code !== '23503') throw error;
          await sql`rollback to savepoint hub_undo`.execute(tx);
          const what = resource.config.label;
          throw new Rollback<ImportProblem[]>([
            {
              sheet: what.zh,
              row: 0,
              column: null,
              header: null,
              value: null,
              message: {
                zh: `冲突：导入新增的${what.zh}在导入后又被其他记录引用（如新录入的收入、帮扶记录），请先处理这些记录`,
                en: `CONFLICT: ${what.en} records the import created are referred to by records added since (incomes, visits…); deal with those first`,
              },
            },
          ]);
        }
      }
      await tx.updateTable('importJob').set({ status: 'UNDONE', undoneAt: new Date(), fileBytes: null, failure: null }).where('id', '=', job.id).execute();
      return [] as ImportProblem[];
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return error.outcome as ImportProblem[];
      throw error;
    });
  if (conflicts.length) {
    await db
      .updateTable('importJob')
      .set({
        problems: JSON.stringify(conflicts.slice(0, MAX_KEPT_PROBLEMS)),
        problemCount: conflicts.length,
        failure: `undo refused: ${conflicts.length} record(s) changed since the import; nothing was undone`,
      })
      .where('id', '=', job.id)
      .execute();
  }
}
