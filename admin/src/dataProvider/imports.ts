/**
 * Imports (导入): the hub's import jobs as the react-admin resource `imports` (导入记录: an administrator's
 * list holds every job, a clerk's her own), and the calls of the import page: upload a file (a preview job
 * that runs on in the hub), confirm a previewed job, undo an applied one, download the marked workbook.
 */
import type { GetListParams, Identifier } from 'ra-core';
import type { RecordMethods } from './methods';
import { uploadFile } from '../graphql';
import { notFound, toHttpError } from './errors';

export const IMPORT_RESOURCES = new Set(['imports']);

export type ImportStatus = 'READING' | 'CHECKING' | 'PREVIEWED' | 'REFUSED' | 'WRITING' | 'APPLIED' | 'FAILED' | 'UNDOING' | 'UNDONE';

/** Statuses in which the hub is still working on the job (the page polls it). */
export const RUNNING: ReadonlySet<ImportStatus> = new Set(['READING', 'CHECKING', 'WRITING', 'UNDOING']);

export interface ImportCount {
  recordType: string;
  label: string;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface ImportProblemRow {
  sheet: string;
  row: number;
  column: number | null;
  header: string | null;
  value: string | null;
  message: string;
}

export interface ImportMissingRecord {
  recordType: string;
  id: string;
  label: string;
}

export interface ImportJobRecord {
  id: Identifier;
  list: string;
  kind: 'NATIONAL_REGISTER' | 'HUB_EXPORT';
  fileName: string;
  fileSha256: string;
  fileSize: number;
  deleteMissing: boolean;
  status: ImportStatus;
  progress: { rowsTotal: number | null; rowsRead: number; rowsChecked: number; rowsWritten: number };
  counts: ImportCount[];
  problemCount: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
  failure: string | null;
  dataDate: string | null;
  /** getOne only: the first problems (the marked workbook holds them all) and the records the file lacks */
  problems?: ImportProblemRow[];
  missing?: ImportMissingRecord[];
}

/** How many problems the page shows in its table; the marked workbook has every one. */
export const PROBLEMS_SHOWN = 500;

const JOB = `id list kind fileName fileSha256 fileSize deleteMissing status
  progress { rowsTotal rowsRead rowsChecked rowsWritten }
  counts { recordType label created updated unchanged deleted }
  problemCount createdBy createdAt finishedAt undoneAt failure dataDate`;
const JOB_DETAIL = `${JOB} problems(first: ${PROBLEMS_SHOWN}) { sheet row column header value message } missing { recordType id label }`;

type Run = <T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal) => Promise<T>;

export interface ImportCalls {
  /** uploads a file to be imported into a list: the hub starts a preview job and answers its ID */
  startImport(list: string, file: File, options: { deleteMissing: boolean }): Promise<{ id: string }>;
  /** applies a previewed job without problems, all or nothing */
  confirmImport(id: Identifier, options: { deleteMissing: boolean }): Promise<ImportJobRecord>;
  /** puts back every record an applied job changed (an administrator or the job's owner) */
  undoImport(id: Identifier): Promise<ImportJobRecord>;
}

/** Where the hub gives back a job's workbook with its problems marked and a 问题 column (a plain link: the browser downloads it). */
export function markedWorkbookUrl(id: Identifier): string {
  return `/import/${encodeURIComponent(String(id))}/marked.xlsx`;
}

export function importProvider(run: Run): Pick<RecordMethods<ImportJobRecord>, 'getList' | 'getOne' | 'getMany'> & ImportCalls {
  const one = async (id: Identifier, signal?: AbortSignal): Promise<ImportJobRecord> => {
    const data = await run<{ importJob: ImportJobRecord | null }>(
      `query ImportJob($id: ID!) { importJob(id: $id) { ${JOB_DETAIL} } }`,
      { id },
      signal,
    );
    if (!data.importJob) throw notFound({ zh: '导入记录', en: 'import' });
    return data.importJob;
  };
  return {
    async getList(_resource, params: GetListParams) {
      // newest first, as the hub keeps them; the list offers no other order
      const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
      const data = await run<{ importJobs: { totalCount: number; nodes: ImportJobRecord[] } }>(
        `query ImportJobs($first: Int, $offset: Int) { importJobs(first: $first, offset: $offset) { totalCount nodes { ${JOB} } } }`,
        { first: perPage, offset: (page - 1) * perPage },
        params.signal,
      );
      return { data: data.importJobs.nodes, total: data.importJobs.totalCount };
    },
    async getOne(_resource, params) {
      return { data: await one(params.id, params.signal) };
    },
    async getMany(_resource, params) {
      const data = await run<{ nodes: (ImportJobRecord | null)[] }>(
        `query ImportJobsById($ids: [ID!]!) { nodes(ids: $ids) { ... on ImportJob { ${JOB} } } }`,
        { ids: params.ids },
        params.signal,
      );
      return { data: data.nodes.filter((n): n is ImportJobRecord => !!n && 'id' in n) };
    },
    async startImport(list, file, { deleteMissing }) {
      try {
        return await uploadFile<{ id: string }>(`/import/${encodeURIComponent(list)}${deleteMissing ? '?deleteMissing=true' : ''}`, file);
      } catch (error) {
        throw toHttpError(error);
      }
    },
    async confirmImport(id, { deleteMissing }) {
      const data = await run<{ confirmImport: ImportJobRecord }>(
        `mutation ConfirmImport($id: ID!, $deleteMissing: Boolean) { confirmImport(id: $id, deleteMissing: $deleteMissing) { ${JOB_DETAIL} } }`,
        { id, deleteMissing },
      );
      return data.confirmImport;
    },
    async undoImport(id) {
      const data = await run<{ undoImport: ImportJobRecord }>(`mutation UndoImport($id: ID!) { undoImport(id: $id) { ${JOB_DETAIL} } }`, {
        id,
      });
      return data.undoImport;
    },
  };
}
