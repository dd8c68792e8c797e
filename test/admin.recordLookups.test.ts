import { describe, expect, it } from 'vitest';
import { recordLookups } from '../admin/src/grid/recordLookups';

/** A read whose answers the test gives, one request at a time, in the order they were sent. */
function controlledRead() {
  const requests: { resource: string; ids: string[]; answer: (names: Record<string, string>) => void; fail: () => void }[] = [];
  const read = (resource: string, ids: string[]) =>
    new Promise<ReadonlyMap<string, string>>((resolve, reject) => {
      requests.push({ resource, ids, answer: (names) => resolve(new Map(Object.entries(names))), fail: () => reject(new Error('down')) });
    });
  return { requests, lookUp: recordLookups(read) };
}

describe('the grid’s lookups of linked records (useReferenceNames)', () => {
  it('awaits the request in flight for ids already asked, and sends only the new ids', async () => {
    const { requests, lookUp } = controlledRead();
    const first = lookUp('villages', ['V1', 'V9']);
    // the rows changed before the answer: the same ids, one more, and one twice
    const second = lookUp('villages', ['V1', 'V9', 'V17', 'V17']);
    // another resource's ids are its own
    const third = lookUp('households', ['V1']);
    expect(requests.map((r) => [r.resource, r.ids])).toEqual([
      ['villages', ['V1', 'V9']],
      ['villages', ['V17']],
      ['households', ['V1']],
    ]);
    requests[1]!.answer({ V17: '加西村' });
    requests[0]!.answer({ V1: '坡洪村' }); // V9 did not come back (out of scope)
    requests[2]!.answer({ V1: '户' });
    await expect(first).resolves.toEqual([
      ['V1', '坡洪村'],
      ['V9', undefined],
    ]);
    await expect(second).resolves.toEqual([
      ['V1', '坡洪村'],
      ['V9', undefined],
      ['V17', '加西村'],
    ]);
    await expect(third).resolves.toEqual([['V1', '户']]);
  });

  it('asks again for an id once its answer has come, or its request failed', async () => {
    const { requests, lookUp } = controlledRead();
    const answered = lookUp('villages', ['V1']);
    requests[0]!.answer({ V1: '坡洪村' });
    await answered;
    const failing = lookUp('villages', ['V1']);
    const waiting = lookUp('villages', ['V1']);
    expect(requests.map((r) => r.ids)).toEqual([['V1'], ['V1']]);
    requests[1]!.fail();
    await expect(failing).rejects.toThrow('down');
    await expect(waiting).rejects.toThrow('down');
    const again = lookUp('villages', ['V1']);
    expect(requests.map((r) => r.ids)).toEqual([['V1'], ['V1'], ['V1']]);
    requests[2]!.answer({ V1: '坡洪村' });
    await expect(again).resolves.toEqual([['V1', '坡洪村']]);
  });
});
