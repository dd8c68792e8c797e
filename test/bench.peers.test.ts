import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { benchPeers, formatRounds, formatRow } from './bench/peers/bench';
import { READS } from './bench/peers/reads';
import { freshDatabase } from './support/database';

/**
 * `pnpm bench:peers` for a moment, so that it cannot rot unseen: the hub, PostGraphile v5 (under the `node`
 * package's Node 22) and the SQL server start over a copy of the demo county, answer the same records for
 * each of the six reads (the bench throws if one does not), and each is timed for a few requests.
 */
describe('pnpm bench:peers', () => {
  it('starts the three servers, finds their answers equal and times every read', { timeout: 240_000 }, async () => {
    const database = await freshDatabase('demo');
    const lines: string[] = [];
    const results = await benchPeers({
      databaseUrl: database.url,
      password: inject('demoPassword'),
      user: 'admin',
      connections: 2,
      rounds: 1,
      seconds: 0.2,
      warmup: 1,
      warmupSeconds: 0.1,
      log: (line) => lines.push(line),
    });
    expect(results.map((r) => r.read.letter)).toEqual(READS.map((r) => r.letter));
    for (const result of results) {
      expect(result.ids.length, `read ${result.read.letter} compared no records`).toBeGreaterThan(0);
      for (const peer of ['hub', 'postgraphile', 'sql'] as const)
        expect(result.figures[peer]!.requests, `${peer} on read ${result.read.letter}`).toBeGreaterThan(0);
      expect(formatRow(result)).toMatch(/^\| [A-F]\. .* \| \d+\.\d\d \| \d+\.\d\d \|$/);
      expect(formatRounds(result)).toMatch(
        /^[A-F]: req\/s by round: hub \d+; postgraphile \d+; sql \d+; hub ÷ PostGraphile by round \d+\.\d\d, median \d+\.\d\d$/,
      );
    }
    expect(lines[0]).toMatch(/every peer answered the same/);
  });
});
