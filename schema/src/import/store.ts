/**
 * An import's file, kept on disk while its job needs it (the preview, the apply, the marked workbook) and
 * removed once the job is applied or undone. The upload is written as it streams in, hashed on the way, so
 * a county's 80 MB workbook never sits in the server's memory or in a database row; the job keeps the path.
 * The directory is HUB_IMPORT_DIR, or fupin-hub-imports under the system's temporary directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export function importDirectory(): string {
  return process.env.HUB_IMPORT_DIR || join(tmpdir(), 'fupin-hub-imports');
}

export interface StoredFile {
  path: string;
  size: number;
  sha256: string;
}

/** Thrown (and the partial file removed) when the content passes `maxBytes`. */
export class StoredFileTooLarge extends Error {}

/** Writes `content` to a new file of the import directory, hashing and counting it, refusing past `maxBytes`. */
export async function storeImportFile(content: AsyncIterable<Uint8Array> | Uint8Array, maxBytes: number): Promise<StoredFile> {
  const directory = importDirectory();
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let size = 0;
  const source = content instanceof Uint8Array ? [content] : content;
  try {
    await pipeline(
      async function* () {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes) throw new StoredFileTooLarge();
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, size, sha256: hash.digest('hex') };
}

/** The file's bytes, or null when it is gone (the temporary directory was cleaned, another machine). */
export async function readImportFile(path: string | null): Promise<Buffer | null> {
  if (!path) return null;
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The file's SHA-256 as it is on disk now, read a chunk at a time; null when it is gone. */
export async function hashImportFile(path: string | null): Promise<string | null> {
  if (!path) return null;
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}

export async function removeImportFile(path: string | null): Promise<void> {
  if (path) await rm(path, { force: true });
}
