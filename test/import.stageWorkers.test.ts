import type { Kysely } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../schema/src/index';
import { ImportFileError } from '../schema/src/import/contract';
import { stageFile, type StagedBatch } from '../schema/src/import/nationalStage';
import type { TableFile } from '../schema/src/import/read/index';
import { freshDatabase } from './support/database';
import { buildRegisterFile, type RegisterFormat } from './support/registerSheet';

/**
 * A large file's rows are staged on worker threads (nationalStage.ts): whatever the number of workers, the
 * importing thread gets the same batches in the same order (sheets, problems and COPY lines) as when it stages
 * the file itself, and a file the reader refuses is refused with the same message.
 */
describe('staging on worker threads', () => {
  let db: Kysely<Database>;
  const before = process.env.HUB_IMPORT_WORKERS;
  beforeAll(async () => {
    db = (await freshDatabase('demo')).db;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.HUB_IMPORT_WORKERS;
    else process.env.HUB_IMPORT_WORKERS = before;
  });

  async function staged(file: TableFile, workers: number) {
    process.env.HUB_IMPORT_WORKERS = String(workers);
    const batches: StagedBatch[] = [];
    const rows = await stageFile(file, (batch) => {
      batches.push(batch);
      return undefined;
    });
    return {
      rows,
      order: batches.map((b) => b.batch),
      sheets: batches.flatMap((b) => b.sheets),
      problems: batches.flatMap((b) => b.problems),
      progress: batches.map((b) => b.rowsRead),
      lines: Buffer.concat(batches.map((b) => b.lines)).toString('utf8'),
    };
  }

  for (const format of ['csv-utf8', 'csv-gbk', 'xlsx'] as RegisterFormat[]) {
    it(`gives the same batches on one or two workers as on the importing thread (${format}, with dirt)`, async () => {
      const file = await buildRegisterFile(db, {
        format,
        townships: 2,
        households: 40,
        dirt: ['idAsNumber', 'badIdChecksum', 'unknownLabel', 'dateText', 'straySpaces', 'fullWidthDigits'],
      });
      const inThread = await staged(file, 0);
      expect(inThread.rows).toBeGreaterThan(80);
      expect(inThread.problems.length).toBeGreaterThan(0);
      // batches to put in order (a CSV in UTF-8 is read 64 KB a batch; GBK and a workbook's sheets in larger ones)
      if (format === 'csv-utf8') expect(inThread.order.length).toBeGreaterThan(1);
      expect(inThread.lines.split('\n').length - 1).toBe(inThread.rows);
      for (const workers of [1, 2]) {
        const inWorkers = await staged(file, workers);
        expect(inWorkers).toEqual(inThread);
      }
      // a worker's start loads the reader anew (under tsx, compiled): seconds on a busy machine
    }, 120_000);
  }

  it('refuses a file the reader refuses, with the reader’s message, from a worker too', async () => {
    const file = { name: '人员名单.csv', bytes: Buffer.from('no header here\n1,2,3\n', 'utf8') };
    const refusal = async () =>
      stageFile(file, () => undefined).then(
        () => null,
        (error: unknown) => error,
      );
    process.env.HUB_IMPORT_WORKERS = '0';
    const inThread = await refusal();
    process.env.HUB_IMPORT_WORKERS = '1';
    const inWorker = await refusal();
    expect(inThread).toBeInstanceOf(ImportFileError);
    expect(inWorker).toBeInstanceOf(ImportFileError);
    expect((inWorker as ImportFileError).text).toEqual((inThread as ImportFileError).text);
  });
});
