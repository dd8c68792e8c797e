import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '../schema/src/db/migrate';

/**
 * A migration that has shipped never changes: a database that ran it will not run it again, so an edit
 * would make fresh databases differ from old ones without anyone noticing. Every registered migration's
 * SQL files are hashed in schema/src/db/migrations.sha256 (`sha256sum` format, paths under schema/src:
 * `cd schema/src && sha256sum -c db/migrations.sha256` checks them by hand too).
 */
const SRC = fileURLToPath(new URL('../schema/src/', import.meta.url));
const MANIFEST = 'db/migrations.sha256';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function readManifest(text: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (!match) throw new Error(`${MANIFEST}: 无法识别的行 / a line that is not "<sha256>  <path>": ${line}`);
    hashes.set(match[2]!, match[1]!);
  }
  return hashes;
}

/** Every `.sql` file under an area's `migrations/` folder, as a path under schema/src. */
function sqlFilesOnDisk(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((area) => area.isDirectory())
    .flatMap((area) => {
      const folder = join(SRC, area.name, 'migrations');
      try {
        return readdirSync(folder)
          .filter((f) => f.endsWith('.sql'))
          .map((f) => `${area.name}/migrations/${f}`);
      } catch {
        return []; // an area with no migrations
      }
    });
}

/**
 * What is wrong with the shipped migrations, as messages: `files` are each registered migration's SQL files
 * (paths under schema/src), `read` gives a file's bytes, `manifest` the committed hashes.
 */
function problems(
  files: Map<string, string[]>,
  manifest: Map<string, string>,
  onDisk: string[],
  read: (path: string) => Buffer | string,
): string[] {
  const found: string[] = [];
  const registered = new Set([...files.values()].flat());
  for (const [name, paths] of files) {
    for (const path of paths) {
      const expected = manifest.get(path);
      if (!expected) {
        found.push(
          `迁移 ${name} 的 ${path} 不在 ${MANIFEST} 中 / migration ${name}: ${path} is not in ${MANIFEST}. ` +
            `When the migration is final, add its hash: cd schema/src && sha256sum ${path} >> ${MANIFEST}`,
        );
      } else if (sha256(read(path)) !== expected) {
        found.push(
          `迁移 ${name} 已发布，不可修改，请新增一个迁移 / migration ${name} has shipped and ${path} has changed: ` +
            `databases that ran it will not run it again. Put the file back (git checkout -- schema/src/${path}) and add a new migration instead (docs/migrations.md).`,
        );
      }
    }
  }
  for (const path of manifest.keys()) {
    if (!registered.has(path))
      found.push(
        `${MANIFEST} 列出的 ${path} 没有注册 / ${path} is in ${MANIFEST} but no registered migration reads it: a shipped migration is never removed (schema/src/db/migrate.ts).`,
      );
  }
  for (const path of onDisk) {
    if (!registered.has(path) && !manifest.has(path))
      found.push(
        `${path} 没有在 schema/src/db/migrate.ts 中注册 / ${path} is not registered in schema/src/db/migrate.ts, so it never runs.`,
      );
  }
  return found;
}

const registeredFiles = new Map(
  Object.entries(migrations).map(([name, m]) => [name, [m.files.up, m.files.down].map((path) => relative(SRC, path))]),
);
const read = (path: string) => readFileSync(join(SRC, path));

describe('shipped migrations', () => {
  it('are byte for byte the files whose hashes are committed, and every registered one is listed', () => {
    const manifest = readManifest(readFileSync(join(SRC, MANIFEST), 'utf8'));
    expect(problems(registeredFiles, manifest, sqlFilesOnDisk(), read)).toEqual([]);
    expect(manifest.size).toBeGreaterThanOrEqual(28); // the fourteen migrations shipped before hashing, up and down
  });

  it('fail with "add a new migration instead" when one changes, and name one missing from the manifest', () => {
    // the files as they are now, hashed: what this case shows does not depend on the check above
    const manifest = new Map([...registeredFiles.values()].flat().map((path) => [path, sha256(read(path))]));
    const [name, [up]] = [...registeredFiles][2]! as [string, string[]];
    const edited = (path: string) => (path === up ? `${read(path).toString()}\ncreate index a_new_one on household (note);` : read(path));
    expect(problems(registeredFiles, manifest, sqlFilesOnDisk(), edited)).toEqual([
      expect.stringMatching(new RegExp(`migration ${name} has shipped .* add a new migration instead`)),
    ]);

    const later = new Map([
      ...registeredFiles,
      ['2099-01-01-01-later', ['import/migrations/2099-01-01-01-later.sql', 'import/migrations/2099-01-01-01-later.down.sql']],
    ]);
    const readLater = (path: string) => (path.includes('2099') ? 'select 1;' : read(path));
    const found = problems(later, manifest, sqlFilesOnDisk(), readLater);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /migration 2099-01-01-01-later: import\/migrations\/2099-01-01-01-later\.sql is not in db\/migrations\.sha256.*sha256sum/,
    );

    const unregistered = problems(registeredFiles, manifest, [...sqlFilesOnDisk(), 'import/migrations/2099-01-01-01-forgotten.sql'], read);
    expect(unregistered).toEqual([expect.stringMatching(/2099-01-01-01-forgotten\.sql is not registered/)]);
  });
});
