/**
 * The import's GraphQL face: a job as the admin polls it (`importJob`), the list of past imports
 * (`importJobs`), `confirmImport` and `undoImport`. Uploads come through the server's `POST /import/<list>`.
 */
import { builder } from '../builder';
import { exposeInts } from '../graph/expose';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { decodeId, globalId } from '../graph/ids';
import { resources } from '../graph/registry';
import { IMPORT_KINDS, IMPORT_STATUSES } from './codes';
import type { ImportProblem, ImportProgress } from './contract';
import { ImportRefused, requireImporter } from './importer';
import { confirmJob, handledJobs, runInBackground, type ImportJobRow } from './jobs';
import type { ImportCount, ImportMissingRecord } from './tables';
import { startUndo, undoInBackground } from './undo';

/** Every column of a job but the file itself. */
export const JOB_COLUMNS = [
  'id',
  'list',
  'kind',
  'fileName',
  'fileSize',
  'fileSha256',
  'createdByUserId',
  'createdByName',
  'locale',
  'deleteMissing',
  'status',
  'progress',
  'counts',
  'problemCount',
  'problems',
  'missing',
  'dataDate',
  'failure',
  'createdAt',
  'finishedAt',
  'undoneAt',
] as const;
type JobView = Omit<ImportJobRow, 'filePath'>;

function refusedAsGraphQL(error: unknown, ctx: HubContext): never {
  if (error instanceof ImportRefused)
    throw new HubGraphQLError(error.code === 'PAYLOAD_TOO_LARGE' ? 'BAD_USER_INPUT' : error.code, error.text, ctx.locale);
  throw error;
}

function importer(ctx: HubContext) {
  try {
    return requireImporter(ctx.viewer);
  } catch (error) {
    if (ctx.viewer === null) throw new HubGraphQLError('UNAUTHENTICATED', { zh: '请先登录', en: 'Sign in first' }, ctx.locale);
    return refusedAsGraphQL(error, ctx);
  }
}

/** The jobs of those ids that the viewer may handle (the others are not found). */
async function jobsFor(ctx: HubContext, ids: readonly number[]): Promise<JobView[]> {
  const viewer = importer(ctx);
  // the jobs list's own condition: one statement for any number of ids, the same rule as the list
  const handled = handledJobs(viewer);
  const rows = await ctx.db
    .selectFrom('importJob')
    .select([...JOB_COLUMNS])
    .where('id', 'in', ids)
    .$if(handled !== undefined, (q) => q.where(handled!))
    .execute();
  return rows as JobView[];
}

async function jobFor(ctx: HubContext, id: number): Promise<JobView | null> {
  return (await jobsFor(ctx, [id]))[0] ?? null;
}

const ImportKindRef = builder.enumType('ImportKind', {
  description: '导入文件的种类 / what kind of file: the national register sheet (人员名单) or the hub’s own export',
  values: Object.fromEntries(IMPORT_KINDS.map((k) => [k, {}])) as Record<(typeof IMPORT_KINDS)[number], object>,
});
const ImportStatusRef = builder.enumType('ImportStatus', {
  description:
    '导入状态 / READING, CHECKING: the preview at work; PREVIEWED: no problem, can be confirmed; REFUSED: problems, nothing written; WRITING: applying; APPLIED; FAILED: broke (or the server restarted); UNDOING: being undone; UNDONE',
  values: Object.fromEntries(IMPORT_STATUSES.map((s) => [s, {}])) as Record<(typeof IMPORT_STATUSES)[number], object>,
});

const ImportJobProgressRef = builder.objectRef<ImportProgress>('ImportJobProgress').implement({
  description: '导入进度 / how far the import has come',
  fields: (t) => ({
    rowsTotal: t.int({
      nullable: true,
      description: '文件中的数据行数（读完后可知）/ data rows in the file, once known',
      resolve: (p) => p.rowsTotal,
    }),
    ...exposeInts(t, { rowsRead: null, rowsChecked: null, rowsWritten: null }),
  }),
});

const ImportCountRef = builder.objectRef<ImportCount>('ImportCount').implement({
  description: '某类记录将（已）新增、修改、不变、删除的条数 / what the import does (or would do) to one record type',
  fields: (t) => ({
    recordType: t.exposeString('recordType'),
    label: t.string({
      description: '记录类型的名称 / the record type’s name',
      resolve: (c, _a, ctx) => resources.get(c.recordType)?.config.label[ctx.locale] ?? c.recordType,
    }),
    ...exposeInts(t, { created: null, updated: null, unchanged: null, deleted: null }),
  }),
});

const ImportProblemRef = builder.objectRef<ImportProblem>('ImportProblem').implement({
  description: '文件中的一个问题 / one thing wrong with the file, where it stands',
  fields: (t) => ({
    sheet: t.exposeString('sheet', { description: '工作表 / sheet' }),
    row: t.exposeInt('row', { description: '行号（同 Excel）/ row, as Excel numbers it; 0 for the whole file' }),
    column: t.int({ nullable: true, description: '列号 / column number', resolve: (p) => p.column }),
    header: t.string({ nullable: true, description: '列名 / the column’s header', resolve: (p) => p.header }),
    value: t.string({ nullable: true, description: '单元格的值 / the cell’s value', resolve: (p) => p.value }),
    message: t.string({ description: '问题说明 / what is wrong', resolve: (p, _a, ctx) => p.message[ctx.locale] }),
  }),
});

const ImportMissingRecordRef = builder.objectRef<ImportMissingRecord>('ImportMissingRecord').implement({
  description:
    '平台中有而文件中没有的记录（所导入户的成员）/ a record in the hub that the file does not have (a member of an imported household)',
  fields: (t) => ({
    recordType: t.exposeString('recordType'),
    id: t.id({ resolve: (m) => globalId(m.recordType, m.id) }),
    label: t.exposeString('label'),
  }),
});

export const ImportJobRef = builder.loadableNodeRef<JobView, number, number, number, JobView>('ImportJob', {
  id: { resolve: (job) => job.id, parse: (id) => Number(id) },
  load: async (ids, ctx: HubContext) => {
    const byId = new Map((await jobsFor(ctx, ids)).map((job) => [job.id, job]));
    return ids.map((id) => byId.get(id) ?? new HubGraphQLError('NOT_FOUND', { zh: '找不到该导入', en: 'No such import' }, ctx.locale));
  },
});

ImportJobRef.implement({
  description: '一次导入 / one import: its file, who, its preview, what it did',
  fields: (t) => ({
    list: t.exposeString('list', { description: '导入到的列表 / the list imported into' }),
    kind: t.field({ type: ImportKindRef, resolve: (j) => j.kind }),
    fileName: t.exposeString('fileName'),
    fileSha256: t.exposeString('fileSha256'),
    fileSize: t.exposeInt('fileSize'),
    deleteMissing: t.exposeBoolean('deleteMissing', {
      description: '是否删除文件中没有的成员 / whether records missing from the file are deleted',
    }),
    status: t.field({ type: ImportStatusRef, resolve: (j) => j.status }),
    progress: t.field({ type: ImportJobProgressRef, resolve: (j) => j.progress }),
    counts: t.field({ type: [ImportCountRef], resolve: (j) => j.counts }),
    problemCount: t.exposeInt('problemCount', {
      description: '问题总数（最多保留前 10000 个）/ how many problems (the first 10,000 are kept)',
    }),
    problems: t.field({
      type: [ImportProblemRef],
      args: { first: t.arg.int({ defaultValue: 500 }), offset: t.arg.int({ defaultValue: 0 }) },
      resolve: (j, args) =>
        j.problems.slice(Math.max(0, args.offset ?? 0), Math.max(0, args.offset ?? 0) + Math.min(Math.max(0, args.first ?? 500), 5000)),
    }),
    missing: t.field({ type: [ImportMissingRecordRef], resolve: (j) => j.missing }),
    createdBy: t.exposeString('createdByName', { description: '导入人 / who imported' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    undoneAt: t.expose('undoneAt', { type: 'DateTime', nullable: true }),
    failure: t.exposeString('failure', { nullable: true }),
    dataDate: t.expose('dataDate', {
      type: 'Date',
      nullable: true,
      description: '文件的数据日期 / the extract’s date, when the file says',
    }),
  }),
});

const ImportJobConnectionRef = builder.objectRef<{ totalCount: number; nodes: JobView[] }>('ImportJobConnection').implement({
  description: '导入记录 / past imports, newest first',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount'),
    nodes: t.field({ type: [ImportJobRef], resolve: (c) => c.nodes }),
  }),
});

builder.queryFields((t) => ({
  importJob: t.field({
    type: ImportJobRef,
    nullable: true,
    description: '一次导入（进度、预览、结果）/ one import: progress, preview, outcome',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => jobFor(ctx, decodeId(String(id), 'ImportJob', ctx.locale)),
  }),
  importJobs: t.field({
    type: ImportJobConnectionRef,
    description: '导入记录：管理员看全部，录入员看自己的 / past imports: an administrator sees all, a clerk her own',
    args: { first: t.arg.int({ required: false }), offset: t.arg.int({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const viewer = importer(ctx);
      let query = ctx.db.selectFrom('importJob');
      const handled = handledJobs(viewer);
      if (handled) query = query.where(handled);
      const first = Math.min(Math.max(args.first ?? 50, 0), 500);
      const [nodes, total] = await Promise.all([
        query
          .select([...JOB_COLUMNS])
          .orderBy('id', 'desc')
          .limit(first)
          .offset(Math.max(args.offset ?? 0, 0))
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { totalCount: Number(total.n), nodes: nodes as JobView[] };
    },
  }),
}));

builder.mutationFields((t) => ({
  confirmImport: t.field({
    type: ImportJobRef,
    description:
      '确认一次无问题的预览：全部写入或全部不写（写入前重新检查）/ apply a previewed import without problems, all or nothing (checked again first)',
    args: { id: t.arg.id({ required: true }), deleteMissing: t.arg.boolean({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const viewer = importer(ctx);
      const id = decodeId(String(args.id), 'ImportJob', ctx.locale);
      if (!ctx.database) throw new Error('confirmImport needs the database (ctx.database)');
      try {
        await confirmJob(ctx.database, viewer, id, args.deleteMissing);
      } catch (error) {
        refusedAsGraphQL(error, ctx);
      }
      runInBackground(ctx.database, id);
      return (await jobFor(ctx, id))!;
    },
  }),
  undoImport: t.field({
    type: ImportJobRef,
    description:
      '撤销一次导入（在后台进行，状态 UNDOING，进度见 progress）：它新增、修改、删除的记录全部恢复，或（有记录在导入后被修改时）全部不动、回到 APPLIED，冲突见 problems / start undoing an import in the background (UNDOING, see progress): every record it created, updated or deleted put back, all or nothing; if records were edited since, it goes back to APPLIED with them as CONFLICT problems',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const viewer = importer(ctx);
      const id = decodeId(String(args.id), 'ImportJob', ctx.locale);
      if (!ctx.database) throw new Error('undoImport needs the database (ctx.database)');
      try {
        await startUndo(ctx.database, viewer, id);
      } catch (error) {
        refusedAsGraphQL(error, ctx);
      }
      undoInBackground(ctx.database, id);
      return (await jobFor(ctx, id))!;
    },
  }),
}));
