import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { countyAfter, generateCounties, hubPlacement, seedDemo } from '../schema/src/demo/index';
import { importIntoHub } from './bench/importInto';
import { freshDatabase } from './support/database';

const HOUSEHOLDS = 600;

/**
 * `pnpm bench:import --into URL` at a small size, so that it cannot rot unseen: one more county of the seed's
 * shape goes into a two-county hub, is imported at once as its administrator, compared with a rolled-back
 * COPY, and undone; the hub keeps the county's divisions and nothing else of it.
 */
describe('pnpm bench:import --into', () => {
  it('adds the next demo county, exactly as the seed would make it (ids aside)', async () => {
    const database = await freshDatabase('empty');
    await seedDemo(database, { password: 'bench-test-pass', counties: 1, households: HOUSEHOLDS });
    const third = countyAfter(2, await hubPlacement(database.db), { households: HOUSEHOLDS });
    const seeded = generateCounties(3, { households: HOUSEHOLDS });
    const tianlin = seeded.county[2]!;
    expect(third.county.map((c) => [c.code, c.name])).toEqual([[tianlin.code, tianlin.name]]);
    const inSeed = seeded.household.filter((h) => h.householdNumber.startsWith(tianlin.code.slice(0, 6))).map((h) => h.householdNumber);
    expect(third.household.map((h) => h.householdNumber)).toEqual(inSeed);
    // ids after the hub's (Lingyun's) rows
    const lingyunMax = Math.max(...generateCounties(1, { households: HOUSEHOLDS }).household.map((h) => h.id));
    expect(Math.min(...third.household.map((h) => h.id))).toBeGreaterThan(lingyunMax);
  });

  it('imports one more county into a hub of two, against a rolled-back COPY, and undoes it', { timeout: 240_000 }, async () => {
    const database = await freshDatabase('empty');
    await seedDemo(database, { password: 'bench-test-pass', counties: 2, households: HOUSEHOLDS });
    const before = await sql<{ households: number; members: number }>`
      select (select count(*) from household)::integer as households, (select count(*) from member)::integer as members`.execute(
      database.db,
    );
    const lines: string[] = [];
    const result = await importIntoHub(database.url, {
      households: HOUSEHOLDS,
      format: 'csv-utf8',
      preview: false,
      keep: false,
      log: (l) => lines.push(l),
    });

    expect(result.county.code).toBe('451029000000');
    const created = Object.fromEntries(result.atOnce.counts.map((c) => [c.recordType, c.created]));
    expect(created.Member).toBe(result.rows);
    expect(created.Household).toBeGreaterThan(HOUSEHOLDS / 2);
    for (const rate of [result.copyRowsPerSecond, result.copyRowsPerCpuSecond, result.atOnce.rowsPerSecond, result.atOnce.rowsPerCpuSecond])
      expect(rate).toBeGreaterThan(0);
    expect(lines.at(-2)).toMatch(/^import \/ COPY into the hub's tables .*: at once \d+\.\d % by wall time, \d+\.\d % by processor time$/);

    // the county's divisions and administrator stay; its households went with the undo, the COPY with its rollback
    const townships = await database.db.selectFrom('township').select('id').where('countyId', '=', result.county.id).execute();
    expect(townships.length).toBeGreaterThan(0);
    const after = await sql<{ households: number; members: number }>`
      select (select count(*) from household)::integer as households, (select count(*) from member)::integer as members`.execute(
      database.db,
    );
    expect(after.rows).toEqual(before.rows);
    const scope = await database.db
      .selectFrom('appUser')
      .innerJoin('userScope', 'userScope.userId', 'appUser.id')
      .select(['appUser.role', 'userScope.countyId'])
      .where('appUser.username', '=', 'bench.451029')
      .execute();
    expect(scope).toEqual([{ role: 'ADMIN', countyId: result.county.id }]);
  });
});
