import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImportFile, removeImportFile, storeImportFile, StoredFileTooLarge } from '../schema/src/import/store';

/** An upload goes to disk as it streams in: hashed and counted on the way, refused (and removed) past the limit. */
describe('the import file store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fupin-import-store-'));
  const before = process.env.HUB_IMPORT_DIR;
  beforeAll(() => {
    process.env.HUB_IMPORT_DIR = dir;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HUB_IMPORT_DIR;
    else process.env.HUB_IMPORT_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });
  async function* chunks(count: number, size: number) {
    for (let i = 0; i < count; i++) yield Buffer.alloc(size, i % 256);
  }

  it('keeps a streamed file with its size and SHA-256, gives it back, and removes it', async () => {
    const whole = Buffer.concat(Array.from({ length: 5 }, (_, i) => Buffer.alloc(1000, i)));
    const stored = await storeImportFile(chunks(5, 1000), 10_000);
    expect(stored.size).toBe(5000);
    expect(stored.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(stored.path.startsWith(dir)).toBe(true);
    expect((await readImportFile(stored.path))!.equals(whole)).toBe(true);
    await removeImportFile(stored.path);
    expect(await readImportFile(stored.path)).toBeNull();
  });

  it('refuses a file past the limit and leaves nothing behind', async () => {
    await expect(storeImportFile(chunks(11, 1000), 10_000)).rejects.toBeInstanceOf(StoredFileTooLarge);
    expect(readdirSync(dir)).toEqual([]);
  });
});
