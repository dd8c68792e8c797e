/**
 * Undoing an import, from the audit rows that carry its job's id: every record it created is deleted, every
 * record it updated gets its values back, every record it deleted comes back (same id), all in one
 * transaction as the person undoing (scope, row-level security), each change audited. A record changed
 * since the import (its version moved, or it is gone or out of reach) is a CONFLICT and nothing is undone.
 *
 * A county's import touches hundreds of thousands of records: the undo is a job like the import, run in the
 * background (UNDOING, with its progress on the job) on a connection of its own without the request's
 * statement limit; `undoImport` only starts it.
 */
import { sql } from 'kysely';
import { enterScope } from '../access/rowSecurity';
import { viewerNamed, type Viewer } from '../access/viewer';
import type { HubDatabase } from '../db/connect';
import { resources } from '../graph/registry';
import type { Resource } from '../graph/resource';
import { AUDIT_INSERT, auditActor, auditJson, snake, snakeKeys, tableColumns } from './auditSql';
import { MAX_KEPT_PROBLEMS, type ImportProblem, type ImportProgress } from './contract';
import { ImportRefused } from './importer';
import { mayHandle, progressKeeper, type ImportJobRow } from './jobs';
import { importTimeouts, inImportTransaction, Rollback, type Tx } from './session';
import { removeImportFile } from './store';

interface Touched {
  recordType: string;
  /** where the record type first appears in the job's audit rows: parents (households) before children (members) */
  firstAuditId: number;
}

const label = (json: string) => `coalesce(${json}->>'name', ${json}->>'householdNumber', ${json}->>'code', '#' || u.record_id)`;

/**
 * Starts undoing an APPLIED job (it becomes UNDOING, its earlier conflicts cleared); the caller runs it
 * (`runUndo`, or in the background). Who undoes is kept: the undo runs in their scope.
 */
export async function startUndo(database: HubDatabase, viewer: Viewer, jobId: number): Promise<ImportJobRow> {
  const job = await database.db
    .selectFrom('importJob')
    .select(['id', 'status', 'createdByUserId'])
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!job || !(await mayHandle(database.db, viewer, job)))
    throw new ImportRefused('NOT_FOUND', { zh: '找不到该导入', en: 'No such import' });
  const started = await database.db
    .updateTable('importJob')
    .set({ status: 'UNDOING', undoneByUserId: viewer.userId, problems: '[]', problemCount: 0, failure: null })
    .where('id', '=', jobId)
    .where('status', '=', 'APPLIED')
    .returningAll()
    .executeTakeFirst();
  if (!started) {
    throw new ImportRefused('CONFLICT', {
      zh: `只有已写入的导入可以撤销（当前状态 ${job.status}）`,
      en: `Only an applied import can be undone (it is ${job.status})`,
    });
  }
  return started;
}

/**
 * Runs an UNDOING job to its end: UNDONE, or back to APPLIED with the conflicts as its problems (nothing
 * undone), or with the failure when something broke. Never throws.
 */
export async function runUndo(database: HubDatabase, jobId: number): Promise<ImportJobRow> {
  const job = await database.db.selectFrom('importJob').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  // the undo's progress is shown while it runs; the import's own figures come back if nothing is undone
  const imported = job.progress;
  const keeper = progressKeeper(database, jobId, { rowsTotal: null, rowsRead: 0, rowsChecked: 0, rowsWritten: 0 });
  const backToApplied = async (values: { problems?: ImportProblem[]; failure: string }) => {
    await keeper.flush();
    return database.db
      .updateTable('importJob')
      .set({
        status: 'APPLIED',
        progress: JSON.stringify(imported),
        failure: values.failure,
        problems: JSON.stringify((values.problems ?? []).slice(0, MAX_KEPT_PROBLEMS)),
        problemCount: values.problems?.length ?? 0,
      })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
  };
  try {
    const user =
      job.undoneByUserId === null
        ? undefined
        : await database.db.selectFrom('appUser').select('username').where('id', '=', job.undoneByUserId).executeTakeFirst();
    const viewer = user ? await viewerNamed(database.db, user.username) : null;
    if (!viewer || !(await mayHandle(database.db, viewer, job)))
      return await backToApplied({ failure: 'undo refused: the user who asked for it can no longer undo this import' });
    const conflicts = await inImportTransaction(database, async ({ tx }) => {
      await enterScope(tx, viewer, importTimeouts(database));
      return undoIn(tx, viewer, jobId, keeper);
    });
    if (conflicts.length)
      return await backToApplied({
        problems: conflicts,
        failure: `undo refused: ${conflicts.length} record(s) changed since the import; nothing was undone`,
      });
    await removeImportFile(job.filePath);
    await keeper.flush();
    return await database.db
      .updateTable('importJob')
      .set({ progress: JSON.stringify(keeper.state) })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    return backToApplied({ failure: `undo failed, nothing was undone: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** Starts an undo's work in the background, as `runInBackground` does an import's. */
export function undoInBackground(database: HubDatabase, jobId: number, logError: (error: unknown) => void = console.error): void {
  void runUndo(database, jobId).catch(logError);
}

/** The undo itself, in `tx` (in the viewer's scope): the conflicts, or none when everything was put back. */
async function undoIn(tx: Tx, viewer: Viewer, jobId: number, keeper: ReturnType<typeof progressKeeper>): Promise<ImportProblem[]> {
  const progress = (update: Partial<ImportProgress>) => keeper.update(update);
  return (async () => {
    // each record the job touched: its state before the job (first audit row) and after it (last)
    await sql`create temp table import_undo on commit drop as
        select record_type, record_id,
          (array_agg(operation order by id))[1] as first_op, (array_agg(before order by id))[1] as before_state,
          (array_agg(operation order by id desc))[1] as last_op, (array_agg(after order by id desc))[1] as after_state,
          min(id) as first_audit_id
        from audit_log where import_job_id = ${jobId} and operation in ('CREATE', 'UPDATE', 'DELETE')
        group by record_type, record_id`.execute(tx);
    const total = Number((await sql<{ n: string }>`select count(*) as n from import_undo`.execute(tx)).rows[0]!.n);
    let done = 0;
    progress({ rowsTotal: total, rowsRead: total });
    const undone = (result: { numAffectedRows?: bigint }) => progress({ rowsWritten: (done += Number(result.numAffectedRows ?? 0n)) });
    const types = (
      await sql<Touched>`select record_type as "recordType", min(first_audit_id)::int as "firstAuditId" from import_undo group by record_type order by 2`.execute(
        tx,
      )
    ).rows
      .map((t) => ({ ...t, resource: resources.get(t.recordType) }))
      .filter((t): t is Touched & { resource: Resource } => !!t.resource);

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
              ? {
                  zh: `冲突：${what.zh}「${c.label}」在导入后已被删除或不在您的范围内`,
                  en: `CONFLICT: ${what.en} “${c.label}” was deleted since the import, or is outside your scope`,
                }
              : {
                  zh: `冲突：${what.zh}「${c.label}」在导入后已被修改（版本 ${c.was ?? '—'} → ${c.now}）`,
                  en: `CONFLICT: ${what.en} “${c.label}” was edited since the import (version ${c.was ?? '—'} → ${c.now})`,
                },
        });
      }
    }
    if (problems.length) throw new Rollback(problems);
    progress({ rowsChecked: total });

    const actor = auditActor(viewer, null);
    // 1. records the import deleted come back, parents first
    for (const { resource } of types) {
      const table = snake(resource.config.table);
      const columns = tableColumns(resource)
        .filter((c) => c.column === 'id' || c.column === 'createdAt' || !c.readOnly)
        .map((c) => snake(c.column));
      await sql`with restored as (
            insert into ${sql.raw(table)} (${sql.raw(columns.join(', '))}, version)
            select ${sql.raw(columns.map((c) => `r.${c}`).join(', '))}, r.version + 1
            from import_undo u cross join lateral jsonb_populate_record(null::${sql.raw(table)}, ${sql.raw(snakeKeys('u.before_state'))}) r
            where u.record_type = ${resource.config.name} and u.first_op <> 'CREATE' and u.last_op = 'DELETE'
            returning *)
          ${AUDIT_INSERT} select ${actor}, 'CREATE', ${resource.config.name}, restored.id, null, ${auditJson(resource, 'restored')} from restored`
        .execute(tx)
        .then(undone);
    }
    // 2. records the import updated get their values back
    for (const { resource } of types) {
      const table = snake(resource.config.table);
      const columns = tableColumns(resource)
        .filter((c) => !c.readOnly)
        .map((c) => snake(c.column));
      await sql`with changed as (
            update ${sql.raw(table)} t set ${sql.raw(columns.map((c) => `${c} = r.${c}`).join(', '))}
            from import_undo u cross join lateral jsonb_populate_record(null::${sql.raw(table)}, ${sql.raw(snakeKeys('u.before_state'))}) r, ${sql.raw(table)} old
            where u.record_type = ${resource.config.name} and u.first_op <> 'CREATE' and u.last_op <> 'DELETE' and t.id = u.record_id and old.id = t.id
            returning ${auditJson(resource, 'old')} as before, ${auditJson(resource, 't')} as after, t.id)
          ${AUDIT_INSERT} select ${actor}, 'UPDATE', ${resource.config.name}, changed.id, changed.before, changed.after from changed`
        .execute(tx)
        .then(undone);
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
            ${AUDIT_INSERT} select ${actor}, 'DELETE', ${resource.config.name}, gone.id, ${auditJson(resource, 'gone')}, null from gone`
          .execute(tx)
          .then(undone);
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
    // in the same transaction: the job says UNDONE exactly when its records are back, with the undo's final
    // progress (the throttled progress writes go on another connection: waited for first, so none of them can
    // land after the commit and show an UNDONE job with less written than was)
    await keeper.flush();
    await tx
      .updateTable('importJob')
      .set({ status: 'UNDONE', undoneAt: new Date(), filePath: null, failure: null, progress: JSON.stringify(keeper.state) })
      .where('id', '=', jobId)
      .execute();
    return [] as ImportProblem[];
  })().catch((error: unknown) => {
    if (error instanceof Rollback) return error.outcome as ImportProblem[];
    throw error;
  });
}
