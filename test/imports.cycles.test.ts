import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles } from './support/importCycles';

const root = (path: string) => fileURLToPath(new URL(`../${path}/`, import.meta.url));

describe('import cycles', () => {
  // a module in a cycle can be read before it has run (an `undefined` at start-up, in whichever order the
  // entry point happens to load them), and files whose types name each other are one tangle; each package's
  // sources must import one way only, types included
  it.each(['schema/src', 'server/src', 'admin/src'])('finds none in %s', (dir) => {
    expect(importCycles(root(dir))).toEqual([]);
  });

  it('finds a cycle when two files import each other, for values or for types alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
      writeFileSync(join(dir, 'c.ts'), "import type { d } from './d';\nexport const c = (x: d) => x;\n");
      writeFileSync(join(dir, 'd.ts'), "import { type c } from './c';\nexport type d = typeof c;\n");
      writeFileSync(join(dir, 'e.ts'), "export type e = import('./f').f;\n");
      writeFileSync(join(dir, 'f.ts'), "export type { e as f } from './e';\n");
      writeFileSync(join(dir, 'g.ts'), "import { h } from './h';\nexport const g = h;\n");
      writeFileSync(join(dir, 'h.ts'), 'export const h = 1;\n');
      expect(importCycles(dir)).toEqual([
        ['a.ts', 'b.ts'],
        ['c.ts', 'd.ts'],
        ['e.ts', 'f.ts'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
