import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from '../schema/src/index';

describe('the committed schema/schema.graphql', () => {
  it('is what the code builds (after a change to the graph, run `pnpm hub schema` and commit the file)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printHubSchema() + '\n');
  });
});
