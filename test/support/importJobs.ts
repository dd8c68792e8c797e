import { expect } from 'vitest';
import type { TestServer } from './server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

export const JOB_FIELDS = `id status kind list fileName deleteMissing problemCount failure dataDate createdBy
  progress { rowsTotal rowsRead rowsChecked rowsWritten }
  counts { recordType label created updated unchanged deleted }
  problems(first: 1000) { sheet row column header value message }
  missing { recordType id label }`;

/** Uploads a file as the admin does (POST /import/<list>), answering the response's status and body. */
export async function upload(
  server: TestServer,
  cookie: string,
  list: string,
  fileName: string,
  bytes: Buffer | string,
  options: { deleteMissing?: boolean; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${server.url}/import/${list}${options.deleteMissing ? '?deleteMissing=true' : ''}`, {
    method: 'POST',
    headers: {
      cookie,
      'x-file-name': encodeURIComponent(fileName),
      'x-hub-import': '1',
      'content-type': 'application/octet-stream',
      ...options.headers,
    },
    body: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes),
  });
  return { status: response.status, body: (await response.json()) as Any };
}

/** Polls `importJob` until the job is no longer at work, as the admin's progress bar does. */
export async function settled(server: TestServer, cookie: string, id: string, options: { locale?: 'en' } = {}): Promise<Any> {
  for (let i = 0; i < 600; i++) {
    const result = await server.graphql<Any>(
      `query ($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`,
      { id },
      { cookie, ...(options.locale ? { headers: { 'accept-language': 'en' } } : {}) },
    );
    expect(result.errors).toBeUndefined();
    const job = result.data!.importJob;
    if (job.status === 'FAILED') throw new Error(`import ${id} failed: ${job.failure}`);
    if (!['READING', 'CHECKING', 'WRITING', 'UNDOING'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Uploads and waits for the preview. */
export async function preview(
  server: TestServer,
  cookie: string,
  list: string,
  fileName: string,
  bytes: Buffer | string,
  options: { deleteMissing?: boolean; locale?: 'en' } = {},
): Promise<Any> {
  const started = await upload(server, cookie, list, fileName, bytes, options);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return settled(server, cookie, started.body.id, options);
}

/** Confirms a previewed job and waits for it to be written. */
export async function confirm(server: TestServer, cookie: string, id: string, deleteMissing?: boolean): Promise<Any> {
  const result = await server.graphql<Any>(
    `mutation ($id: ID!, $d: Boolean) { confirmImport(id: $id, deleteMissing: $d) { id status } }`,
    { id, d: deleteMissing ?? null },
    { cookie },
  );
  expect(result.errors).toBeUndefined();
  return settled(server, cookie, id);
}

/** Asks for an applied job's undo and waits for it (UNDONE, or APPLIED again with its conflicts as problems). */
export async function undo(server: TestServer, cookie: string, id: string): Promise<Any> {
  const result = await server.graphql<Any>(`mutation ($id: ID!) { undoImport(id: $id) { id status } }`, { id }, { cookie });
  expect(result.errors).toBeUndefined();
  expect(result.data!.undoImport.status).toBe('UNDOING');
  return settled(server, cookie, id);
}

export function countOf(job: Any, recordType: string): Any {
  return job.counts.find((c: Any) => c.recordType === recordType);
}
