import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { asViewer, resolveViewer, type Database, type Viewer } from '../schema/src/index';
import { signIn } from '../schema/src/access/signIn';
import { freshDatabase, type TestDatabase } from './support/database';

type Count = { n: number };

/** The tables holding personal data, which row-level security guards. */
const GUARDED = [
  'household',
  'member',
  'household_income',
  'project_beneficiary',
  'cadre_household_pairing',
  'visit_log',
  'assistance_measure',
] as const;

/**
 * Row-level security is the backstop behind the graph's scopes: with the application's scope bypassed — raw
 * SQL on the request's own connection — the database still shows a viewer only its rows, and nothing at all
 * when no viewer is set.
 */
describe('row-level security, on the demo county', () => {
  let database: TestDatabase;
  const viewers: Record<string, Viewer> = {};
  let townshipId: number;

  const count = (db: Kysely<Database>, table: string) =>
    sql<Count>`select count(*)::int as n from ${sql.table(table)}`.execute(db).then((r) => r.rows[0]!.n);
  const asUser = <T>(user: string | null, run: (db: Kysely<Database>) => Promise<T>) =>
    asViewer(database, { viewer: user ? viewers[user]! : null }, (db) => run(db));

  beforeAll(async () => {
    database = await freshDatabase('demo');
    for (const user of ['admin', 'clerk', 'analyst', 'partner']) {
      const session = await signIn(database.db, user, inject('demoPassword'));
      viewers[user] = (await resolveViewer(database.db, { sessionToken: session!.token }))!;
    }
    townshipId = viewers.clerk!.townshipIds[0]!;
  });

  /** What the table owner sees of the clerk's township, table by table (the owner is not subject to the policies). */
  const inTownship = async (table: string): Promise<number> => {
    const households = sql`select h.id from household h join village v on v.id = h.village_id where v.township_id = ${townshipId}`;
    const pairings = sql`select p.id from cadre_household_pairing p where p.household_id in (${households})`;
    const condition =
      table === 'household'
        ? sql`id in (${households})`
        : table === 'visit_log' || table === 'assistance_measure'
          ? sql`cadre_household_pairing_id in (${pairings})`
          : sql`household_id in (${households})`;
    return (await sql<Count>`select count(*)::int as n from ${sql.table(table)} where ${condition}`.execute(database.db)).rows[0]!.n;
  };

  it('shows a clerk, through raw SQL, only the rows of her township in every guarded table', async () => {
    for (const table of GUARDED) {
      const seen = await asUser('clerk', (db) => count(db, table));
      expect({ table, seen }).toEqual({ table, seen: await inTownship(table) });
    }
    expect(await inTownship('household')).toBeGreaterThan(0);
    // and a query naming another township's household outright finds nothing
    const foreign = await sql<{
      id: number;
    }>`select h.id from household h join village v on v.id = h.village_id where v.township_id <> ${townshipId} limit 1`.execute(
      database.db,
    );
    const probe = await asUser('clerk', (db) =>
      sql<Count>`select count(*)::int as n from household where id = ${foreign.rows[0]!.id}`.execute(db),
    );
    expect(probe.rows[0]!.n).toBe(0);
  });

  it('shows nothing at all without a viewer, or with the application role and no settings (fail closed)', async () => {
    for (const table of GUARDED) {
      expect({ table, seen: await asUser(null, (db) => count(db, table)) }).toEqual({ table, seen: 0 });
      const bare = await database.db.transaction().execute(async (tx) => {
        await sql`set local role hub_app`.execute(tx);
        return count(tx, table);
      });
      expect({ table, bare }).toEqual({ table, bare: 0 });
    }
  });

  it('shows a partner only what its unit’s pairings reach, and an analyst and an administrator everything', async () => {
    const unit = viewers.partner!.helperUnitId!;
    const pairings = (
      await sql<Count>`select count(*)::int as n from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = ${unit}`.execute(
        database.db,
      )
    ).rows[0]!.n;
    expect(pairings).toBeGreaterThan(0);
    expect(await asUser('partner', (db) => count(db, 'cadre_household_pairing'))).toBe(pairings);
    const households = (
      await sql<Count>`select count(distinct p.household_id)::int as n from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = ${unit}`.execute(
        database.db,
      )
    ).rows[0]!.n;
    expect(await asUser('partner', (db) => count(db, 'household'))).toBe(households);
    expect(await asUser('partner', (db) => count(db, 'project_beneficiary'))).toBe(0);
    for (const table of GUARDED) {
      const all = await count(database.db, table);
      expect({
        table,
        analyst: await asUser('analyst', (db) => count(db, table)),
        admin: await asUser('admin', (db) => count(db, table)),
      }).toEqual({ table, analyst: all, admin: all });
    }
  });

  it('lets no raw write through outside the scope: a clerk’s update of another township finds no row, an insert there is refused, an analyst writes nothing', async () => {
    const foreign = (
      await sql<{
        id: number;
        villageId: number;
      }>`select h.id, h.village_id as "villageId" from household h join village v on v.id = h.village_id where v.township_id <> ${townshipId} order by h.id limit 1`.execute(
        database.db,
      )
    ).rows[0]!;
    const updated = await asUser('clerk', (db) => sql`update household set note = 'x' where id = ${foreign.id}`.execute(db));
    expect(updated.numAffectedRows).toBe(0n);
    const moved = asUser('clerk', (db) =>
      sql`update household set village_id = ${foreign.villageId} where id = (select id from household order by id limit 1)`.execute(db),
    );
    await expect(moved).rejects.toMatchObject({ code: '42501' });
    const inserted = asUser('clerk', (db) =>
      sql`insert into household (household_number, village_id, attribute, status, identification_year, main_cause)
          values ('999999999999999999', ${foreign.villageId}, 'GENERAL', 'POOR', 2014, 'NO_CAPITAL')`.execute(db),
    );
    await expect(inserted).rejects.toMatchObject({ code: '42501' });
    const analyst = await asUser('analyst', (db) =>
      sql`update member set name = name where id in (select id from member limit 5)`.execute(db),
    );
    expect(analyst.numAffectedRows).toBe(0n);
    const note = await sql<{ note: string }>`select note from household where id = ${foreign.id}`.execute(database.db);
    expect(note.rows[0]!.note).not.toBe('x');
  });

  it('keeps the audit log append-only for the application role, even for an administrator', async () => {
    const admin = asUser('admin', (db) => sql`delete from audit_log`.execute(db));
    await expect(admin).rejects.toMatchObject({ code: '42501' });
    const before = await count(database.db, 'audit_log');
    await asUser('admin', (db) =>
      sql`insert into audit_log (actor_name, operation, record_type) values ('admin', 'EXPORT', 'Household')`.execute(db),
    );
    expect(await count(database.db, 'audit_log')).toBe(before + 1);
  });

  it('computes each scope once per statement, not once per row (EXPLAIN ANALYZE of a clerk’s member count and page)', async () => {
    type PlanNode = {
      'Parent Relationship'?: string;
      'Subplan Name'?: string;
      'Actual Loops': number;
      Filter?: string;
      Plans?: PlanNode[];
    };
    for (const query of [sql`select count(*) from member`, sql`select m.* from member m order by m.household_id, m.id limit 100`]) {
      const plan = await asUser('clerk', (db) =>
        sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`explain (analyze, format json) ${query}`.execute(db),
      );
      const subplans: PlanNode[] = [];
      const filters: string[] = [];
      const walk = (node: PlanNode) => {
        if (node['Parent Relationship'] === 'SubPlan') subplans.push(node);
        if (node.Filter) filters.push(node.Filter);
        node.Plans?.forEach(walk);
      };
      walk(plan.rows[0]!['QUERY PLAN'][0].Plan);
      // the policy's sets are hashed subplans, each run at most once
      expect(filters.join(' ')).toMatch(/hashed SubPlan/);
      expect(subplans.length).toBeGreaterThan(0);
      expect(subplans.filter((s) => s['Actual Loops'] > 1)).toEqual([]);
    }
  });
});
