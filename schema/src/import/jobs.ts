/**
 * The import's jobs: a file uploaded (or named on the command line) becomes a job that previews (a dry run:
 * counts and every problem), then, confirmed, applies all or nothing, and can later be undone. A job runs
 * in the server whatever the browser does; its progress, counts and problems are kept on its row.
 */
import { expressionBuilder, type ExpressionWrapper, type Kysely, type SqlBool } from 'kysely';
import type { Locale } from '../context';
import type { Database } from '../db/database';
import { withinCounties } from '../access/users';
import type { HubDatabase } from '../db/connect';
import { viewerNamed, type Viewer } from '../access/viewer';
import { ImportRefused, importableList, mayImport, requireImporter } from './importer';
import type { ImportKind, ImportStatus } from './codes';
import { ImportFileError, MAX_KEPT_PROBLEMS, type ImportProblem, type ImportProgress } from './contract';
import { DEFAULT_IMPORT_LIMITS, markWorkbook, readTable, type TableFile } from './read/index';
import { globalId, parseAnyId } from '../graph/ids';
import { NATIONAL_COLUMNS } from './nationalSheet';
import { exportColumns, importHubExport } from './hubExport';
import { importNationalRegister } from './national';
import { cleanStaleImports, dropStagedRows } from './staged';
import { hashImportFile, readImportFile, removeImportFile, storeImportFile, StoredFileTooLarge } from './store';
import type { ImportJobRow } from './engine';

export type { EngineRun, ImportJobRow, ImportOutcome } from './engine';

export interface NewImport {
  list: string;
  fileName: string;
  /** the file, as bytes or as it streams in (an upload): written to disk on the way, never held whole */
  content: AsyncIterable<Uint8Array> | Uint8Array;
  deleteMissing?: boolean;
  locale?: Locale;
  /** apply without a preview first (the command line without --dry-run): checked all the same, all or nothing */
  atOnce?: boolean;
}

/** Checks who imports what, records the job (READING) and returns it; the caller runs it (`runImport`). */
export async function createImportJob(database: HubDatabase, viewer: Viewer | null, request: NewImport): Promise<ImportJobRow> {
  requireImporter(viewer);
  const resource = importableList(request.list);
  const who = requireImporter(viewer, resource);
  // each new import clears what imports never confirmed left behind (their staged rows and files)
  await cleanStaleImports(database);
  const limit = DEFAULT_IMPORT_LIMITS.maxFileBytes;
  let file;
  try {
    file = await storeImportFile(request.content, limit);
  } catch (error) {
    if (!(error instanceof StoredFileTooLarge)) throw error;
    throw new ImportRefused('PAYLOAD_TOO_LARGE', {
      zh: `文件超过 ${Math.round(limit / 1024 / 1024)} MB 的上限`,
      en: `The file is larger than the ${Math.round(limit / 1024 / 1024)} MB limit`,
    });
  }
  const fileName = request.fileName.trim().slice(0, 255) || 'import';
  return database.db
    .insertInto('importJob')
    .values({
      list: resource.config.plural,
      kind: resource.config.name === 'Household' ? 'NATIONAL_REGISTER' : 'HUB_EXPORT',
      fileName,
      fileSize: file.size,
      fileSha256: file.sha256,
      filePath: file.path,
      createdByUserId: who.userId,
      createdByName: who.displayName || who.username,
      locale: request.locale ?? 'zh',
      deleteMissing: request.deleteMissing ?? false,
      status: request.atOnce ? 'WRITING' : 'READING',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Which kind of file this is, from its first header: the hub's own export has 记录标识 (Record ID). */
async function detectKind(job: ImportJobRow & { file: TableFile }): Promise<ImportKind> {
  const resource = importableList(job.list);
  const columns = [...exportColumns(resource), ...(resource.config.name === 'Household' ? NATIONAL_COLUMNS : [])];
  const reader = readTable(job.file, columns);
  try {
    for await (const item of reader) {
      if (item.kind !== 'sheet') continue;
      if ('recordId' in item.columns) return 'HUB_EXPORT';
      if (resource.config.name === 'Household') return 'NATIONAL_REGISTER';
      return 'HUB_EXPORT';
    }
  } finally {
    await reader.return(undefined);
  }
  return resource.config.name === 'Household' ? 'NATIONAL_REGISTER' : 'HUB_EXPORT';
}

/** Keeps a job's progress on its row, at most twice a second. */
export function progressKeeper(
  database: HubDatabase,
  jobId: number,
  start: ImportProgress = { rowsTotal: null, rowsRead: 0, rowsChecked: 0, rowsWritten: 0 },
) {
  const state: ImportProgress = { ...start };
  let last = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const save = () => {
    const snapshot = JSON.stringify(state);
    writing = writing
      .then(() => database.db.updateTable('importJob').set({ progress: snapshot }).where('id', '=', jobId).execute())
      .catch(() => {});
  };
  return {
    state,
    update(values: Partial<ImportProgress>) {
      Object.assign(state, values);
      if (Date.now() - last > 500) {
        last = Date.now();
        save();
      }
    },
    flush: () => writing,
  };
}

/** The viewer a job runs as: its owner, as they are now (disabled, or out of scope since: refused). */
async function ownerOf(database: HubDatabase, job: ImportJobRow): Promise<Viewer | null> {
  if (job.createdByUserId === null) return null;
  const user = await database.db.selectFrom('appUser').select('username').where('id', '=', job.createdByUserId).executeTakeFirst();
  return user ? viewerNamed(database.db, user.username) : null;
}

/**
 * Runs a job: the preview of a READING job, or the apply of a WRITING one (`confirmImport` puts it there).
 * Never throws: whatever breaks is kept on the job as FAILED.
 */
export async function runImport(
  database: HubDatabase,
  jobId: number,
  options: { onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportJobRow> {
  const job = await database.db.selectFrom('importJob').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  const apply = job.status === 'WRITING';
  const keeper = progressKeeper(database, jobId);
  const finish = async (values: Partial<Record<keyof ImportJobRow, unknown>>) => {
    await keeper.flush();
    // only a preview awaiting its confirm keeps its staged rows
    if (values.status !== 'PREVIEWED') await dropStagedRows(database, jobId);
    return database.db
      .updateTable('importJob')
      .set({ ...(values as object), progress: JSON.stringify(keeper.state), finishedAt: new Date() })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
  };
  try {
    const viewer = await ownerOf(database, job);
    if (!viewer || !mayImport(viewer, importableList(job.list)))
      return await finish({ status: 'FAILED', failure: 'the user who started the import can no longer import' });
    const sha256 = await hashImportFile(job.filePath);
    if (!sha256) return await finish({ status: 'FAILED', failure: 'the file is no longer kept' });
    const withBytes = { ...job, file: { name: job.fileName, path: job.filePath! }, sha256 };
    let kind = job.kind;
    // a preview, or an apply at once, finds out what the file is; a confirmed preview already knows
    if (!apply || !job.counts.length) {
      kind = await detectKind(withBytes);
      await database.db.updateTable('importJob').set({ kind }).where('id', '=', jobId).execute();
    }
    const engine = kind === 'NATIONAL_REGISTER' ? importNationalRegister : importHubExport;
    const outcome = await engine({
      database,
      job: { ...withBytes, kind },
      viewer,
      locale: job.locale,
      apply,
      progress: (update) => {
        keeper.update(update);
        options.onProgress?.(keeper.state);
      },
    });
    const refused = outcome.problemCount > 0;
    // an apply that meets problems (the data changed since the preview) wrote nothing: REFUSED like a preview
    const status: ImportStatus = refused ? 'REFUSED' : apply ? 'APPLIED' : 'PREVIEWED';
    if (apply && !refused) await removeImportFile(job.filePath);
    return await finish({
      status,
      counts: JSON.stringify(outcome.counts),
      problems: JSON.stringify(outcome.problems.slice(0, MAX_KEPT_PROBLEMS)),
      problemCount: outcome.problemCount,
      missing: JSON.stringify(outcome.missing),
      dataDate: outcome.dataDate,
      ...(apply && !refused ? { filePath: null } : {}),
    });
  } catch (error) {
    if (error instanceof ImportFileError) {
      const problem: ImportProblem = {
        sheet: error.sheet ?? job.fileName,
        row: 0,
        column: null,
        header: null,
        value: null,
        message: error.text,
      };
      return finish({ status: 'REFUSED', problems: JSON.stringify([problem]), problemCount: 1 });
    }
    return finish({ status: 'FAILED', failure: error instanceof Error ? error.message : String(error) });
  }
}

/** Starts a job's work in the background: the upload's answer does not wait for it, and a closed tab does not stop it. */
export function runInBackground(database: HubDatabase, jobId: number, logError: (error: unknown) => void = console.error): void {
  void runImport(database, jobId).catch(logError);
}

/**
 * May this viewer see (and confirm, undo) this job: its owner, the whole hub's administrator, or a county's
 * administrator for the jobs of the users she manages (her counties' clerks and county accounts: issue 16).
 * Not another county's, nor the hub administrator's: such a job may hold another county's rows.
 */
export async function mayHandle(db: Kysely<Database>, viewer: Viewer, job: Pick<ImportJobRow, 'createdByUserId'>): Promise<boolean> {
  if (seesEveryImport(viewer) || job.createdByUserId === viewer.userId) return true;
  if (!isCountyAdministrator(viewer) || job.createdByUserId === null) return false;
  const managed = await db
    .selectFrom('appUser')
    .select('appUser.id')
    .where('appUser.id', '=', job.createdByUserId)
    .where(withinCounties(viewer.countyIds))
    .executeTakeFirst();
  return managed !== undefined;
}

/** The jobs the viewer handles, as a condition on import_job (the jobs list): see `mayHandle`. */
export function handledJobs(viewer: Viewer): ExpressionWrapper<Database, 'importJob', SqlBool> | undefined {
  if (seesEveryImport(viewer)) return undefined;
  const eb = expressionBuilder<Database, 'importJob'>();
  if (!isCountyAdministrator(viewer)) return eb('importJob.createdByUserId', '=', viewer.userId);
  return eb.or([
    eb('importJob.createdByUserId', '=', viewer.userId),
    eb('importJob.createdByUserId', 'in', eb.selectFrom('appUser').select('appUser.id').where(withinCounties(viewer.countyIds))),
  ]);
}

/** The whole hub's administrator: every import, whoever made it. */
export function seesEveryImport(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN' && viewer.countyIds.length === 0;
}

function isCountyAdministrator(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN' && viewer.countyIds.length > 0;
}

/**
 * Confirms a previewed job: it becomes WRITING and is applied (re-checked inside its one transaction, the
 * data may have changed since the preview). The caller runs it (`runImport`, or in the background).
 */
export async function confirmJob(
  database: HubDatabase,
  viewer: Viewer | null,
  jobId: number,
  deleteMissing?: boolean | null,
): Promise<ImportJobRow> {
  const who = requireImporter(viewer);
  const job = await database.db
    .selectFrom('importJob')
    .select(['id', 'status', 'createdByUserId', 'problemCount'])
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!job || !(await mayHandle(database.db, who, job))) throw new ImportRefused('NOT_FOUND', { zh: '找不到该导入', en: 'No such import' });
  const confirmed = await database.db
    .updateTable('importJob')
    .set({ status: 'WRITING', finishedAt: null, ...(deleteMissing === undefined || deleteMissing === null ? {} : { deleteMissing }) })
    .where('id', '=', jobId)
    .where('status', '=', 'PREVIEWED')
    .where('problemCount', '=', 0)
    .returningAll()
    .executeTakeFirst();
  if (!confirmed) {
    throw new ImportRefused('CONFLICT', {
      zh: `该导入不能确认：只有预览无问题的导入可以确认（当前状态 ${job.status}）`,
      en: `This import cannot be confirmed: only a preview without problems can be (it is ${job.status})`,
    });
  }
  return confirmed;
}

/** Jobs that were at work when the server stopped: they are not coming back. */
export async function failInterruptedImports(database: HubDatabase): Promise<number> {
  const result = await database.db
    .updateTable('importJob')
    .set({ status: 'FAILED', failure: 'interrupted: the server stopped while the import ran; start it again', finishedAt: new Date() })
    .where('status', 'in', ['READING', 'CHECKING', 'WRITING'])
    .executeTakeFirst();
  // an undo's transaction died with the server: nothing was undone, the import stands
  const undo = await database.db
    .updateTable('importJob')
    .set({ status: 'APPLIED', failure: 'undo interrupted: the server stopped while it ran; nothing was undone, undo again' })
    .where('status', '=', 'UNDOING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) + Number(undo.numUpdatedRows);
}

export function importJobGlobalId(id: number): string {
  return globalId('ImportJob', id);
}

/** The job's file with its problems marked (the reader's markWorkbook), for its owner or an administrator. */
export async function markedWorkbookOf(
  database: HubDatabase,
  viewer: Viewer,
  jobGlobalId: string,
  locale: Locale,
): Promise<{ fileName: string; bytes: Buffer }> {
  const parsed = parseAnyId(jobGlobalId);
  const job =
    parsed?.type === 'ImportJob'
      ? await database.db
          .selectFrom('importJob')
          .select(['createdByUserId', 'fileName', 'filePath', 'problems'])
          .where('id', '=', parsed.id)
          .executeTakeFirst()
      : undefined;
  if (!job || !(await mayHandle(database.db, viewer, job)))
    throw new ImportRefused('NOT_FOUND', { zh: '找不到该导入', en: 'No such import' });
  const file = job ? await readImportFile(job.filePath) : null;
  if (!file)
    throw new ImportRefused('NOT_FOUND', {
      zh: '该导入的文件已不再保留（已写入或已撤销）',
      en: 'The file of this import is no longer kept (applied or undone)',
    });
  const bytes = await markWorkbook({ name: job!.fileName, bytes: file }, job!.problems, locale);
  return { fileName: `${job!.fileName.replace(/\.[^.]*$/, '')}-问题.xlsx`, bytes };
}
