import { sql } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, migrateToEmpty, migrateToLatest, migrations, pendingMigrations, type HubDatabase } from '../schema/src/index';
import { makeResidentId, residentIdCheckChar } from '../schema/src/households/residentId';
import { adminQuery, databaseUrl } from './support/postgres';
import { freshDatabase } from './support/database';

async function tables(database: HubDatabase): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(database.db);
  return rows.map((r) => r.name);
}

/** The PostgreSQL error a statement raised, or null when it succeeded. */
async function failure(run: () => Promise<unknown>): Promise<{ code: string; constraint?: string; message: string } | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return error as { code: string; constraint?: string; message: string };
  }
}

describe('migrations from an empty database', () => {
  it('apply in order, roll back completely, and apply again', { timeout: 120_000 }, async () => {
    const name = `${inject('runPrefix')}_migrate`;
    await adminQuery(`create database ${name}`);
    const database = await connect({ databaseUrl: databaseUrl(name) });
    try {
      expect(await pendingMigrations(database.db)).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations));
      expect(await pendingMigrations(database.db)).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual([]);
      const created = await tables(database);
      for (const table of [
        'county',
        'township',
        'village',
        'village_group',
        'household',
        'member',
        'household_income',
        'poverty_line',
        'target',
        'published_indicator',
        'project',
        'project_site',
        'project_beneficiary',
        'fund_source',
        'fund_allocation',
        'disbursement',
        'helper_unit',
        'cadre',
        'unit_village_pairing',
        'work_team_assignment',
        'cadre_household_pairing',
        'assistance_measure',
        'visit_log',
        'app_user',
        'user_scope',
        'user_session',
        'api_token',
        'audit_log',
      ]) {
        expect(created).toContain(table);
      }
      await migrateToEmpty(database.db);
      expect((await tables(database)).filter((t) => !t.startsWith('hub_migration'))).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations));
    } finally {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    }
  });

  it('refuses a database whose history names a migration this version does not know, and changes nothing', async () => {
    const database = await freshDatabase();
    await sql`insert into hub_migration (name, timestamp) values ('2099-01-01-01-from-the-future', now())`.execute(database.db);
    await expect(migrateToLatest(database.db)).rejects.toThrow(/newer or different fupin-hub/);
  });
});

describe('every record table', () => {
  // household_size and household_tally are no records but counts the database keeps (triggers): no versions, nothing writes them
  it('has id, version, created_at and updated_at, and an index on every foreign key', async () => {
    const database = await freshDatabase();
    const { rows: missing } = await sql<{ table_name: string }>`
      select t.table_name from information_schema.tables t
      where t.table_schema = 'public' and t.table_name not in ('audit_log', 'user_session', 'sign_in_failure', 'twinning_change', 'twinning_change_horizon', 'household_size', 'household_tally', 'household_size_bulk') and t.table_name not like 'hub_migration%'
        and (select count(*) from information_schema.columns c where c.table_schema = 'public' and c.table_name = t.table_name
             and c.column_name in ('id', 'version', 'created_at', 'updated_at')) < 4`.execute(database.db);
    expect(missing).toEqual([]);
    // A foreign key is covered when some index starts with its column.
    const { rows: unindexed } = await sql<{ fk: string }>`
      select c.conrelid::regclass || '.' || a.attname as fk
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and array_length(c.conkey, 1) = 1
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`.execute(database.db);
    expect(unindexed.map((r) => r.fk)).toEqual([]);
  });

  it('bumps version and updated_at on every update, whoever writes', async () => {
    const database = await freshDatabase();
    const county = await database.db
      .insertInto('county')
      .values({ code: '451027000000', name: '凌云县' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(county.version).toBe(1);
    const updated = await database.db
      .updateTable('county')
      .set({ name: '凌云县（改）' })
      .where('id', '=', county.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(updated.version).toBe(2);
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(county.updatedAt.getTime());
  });
});

describe('the rules the database keeps', () => {
  let database: HubDatabase;
  let villageId: number;
  let householdId: number;
  let allocationId: number;

  beforeAll(async () => {
    database = await freshDatabase();
    const { db } = database;
    const county = await db.insertInto('county').values({ code: '451027000000', name: '凌云县' }).returning('id').executeTakeFirstOrThrow();
    const township = await db
      .insertInto('township')
      .values({ countyId: county.id, code: '451027100000', name: '泗城镇' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ({ id: villageId } = await db
      .insertInto('village')
      .values({
        townshipId: township.id,
        code: '451027100001',
        name: '试验村',
        ruralPopulation: 1200,
        isPoorVillage: true,
        plannedExitYear: 2017,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    ({ id: householdId } = await db
      .insertInto('household')
      .values({
        householdNumber: '4510271000010001',
        villageId,
        attribute: 'GENERAL',
        status: 'POOR',
        identificationYear: 2014,
        mainCause: 'NO_CAPITAL',
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    const project = await db
      .insertInto('project')
      .values({
        code: 'LY-2016-001',
        name: '试验村道路硬化',
        year: 2016,
        actionCategory: 'INFRASTRUCTURE',
        implementingUnit: '县交通局',
        budget: '100000.00',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const source = await db
      .insertInto('fundSource')
      .values({ name: '中央财政专项扶贫资金', level: 'CENTRAL', year: 2016, amount: '100000.00' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ({ id: allocationId } = await db
      .insertInto('fundAllocation')
      .values({ fundSourceId: source.id, projectId: project.id, amount: '80000.00' })
      .returning('id')
      .executeTakeFirstOrThrow());
  });

  const member = (overrides: Record<string, unknown> = {}) => ({
    householdId,
    personNumber: `451027100001000101${Math.floor(Math.random() * 1e4)}`,
    residentId: makeResidentId('451027', '1980-05-17', 123),
    name: '黄志强',
    sex: 'MALE' as const,
    birthDate: '1980-05-17',
    ethnicity: '08' as const,
    relation: 'SPOUSE' as const,
    education: 'JUNIOR' as const,
    laborAbility: 'NORMAL' as const,
    ...overrides,
  });

  it('refuses a resident ID number with a wrong check character, or one that disagrees with birth date or sex', async () => {
    const good = makeResidentId('451027', '1980-05-17', 123);
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('member')
            .values(member({ residentId: bad }))
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('member')
            .values(member({ birthDate: '1980-05-18' }))
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('member')
            .values(member({ sex: 'FEMALE' }))
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(await failure(() => database.db.insertInto('member').values(member()).execute())).toBeNull();
  });

  it('takes a resident ID number only with its right check character and a real birth date (leap years, month lengths)', async () => {
    // every check character on bodies whose dates are real or not: the database's answer against GB 11643's
    const dates = [
      '2000-02-29',
      '1900-02-29',
      '2004-02-29',
      '2001-02-29',
      '1980-04-30',
      '1980-04-31',
      '1980-12-31',
      '1980-13-01',
      '1980-00-10',
      '1980-01-00',
      '1980-01-32',
      '0000-01-01',
      '0004-02-29',
    ];
    const real = (date: string) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const at = new Date(0);
      at.setUTCFullYear(y, m - 1, d);
      return y >= 1 && at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
    };
    const cases = dates.flatMap((date) => {
      const body = `451027${date.replaceAll('-', '')}123`;
      return [...'0123456789X'].map((check) => ({ id: body + check, valid: check === residentIdCheckChar(body) && real(date) }));
    });
    cases.push(
      { id: '45102719800517123', valid: false },
      { id: '45102719800517123Y', valid: false },
      { id: '4510271980051712345', valid: false },
    );
    const { rows } = await sql<{
      id: string;
      valid: boolean;
    }>`select id, hub_resident_id_valid(id) as valid from unnest(${cases.map((c) => c.id)}::text[]) as id`.execute(database.db);
    expect(rows).toEqual(cases);
    expect(cases.filter((c) => c.valid)).toHaveLength(5);
  });

  it('keeps resident ID numbers unique among the county’s members, and one head per household', async () => {
    const again = await failure(() =>
      database.db
        .insertInto('member')
        .values(member({ name: '另一人' }))
        .execute(),
    );
    expect(again?.code).toBe('23505');
    const head = (n: number) =>
      member({ residentId: makeResidentId('451027', '1950-01-01', n), birthDate: '1950-01-01', relation: 'HEAD' });
    expect(await failure(() => database.db.insertInto('member').values(head(11)).execute())).toBeNull();
    expect((await failure(() => database.db.insertInto('member').values(head(13)).execute()))?.code).toBe('23505');
  });

  it('refuses unknown codes, years out of range, negative money and an exited household without an exit year', async () => {
    const household = {
      householdNumber: '4510271000010002',
      villageId,
      attribute: 'GENERAL' as const,
      status: 'POOR' as const,
      identificationYear: 2014,
      mainCause: 'NO_CAPITAL' as const,
    };
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('household')
            .values({ ...household, attribute: 'RICH' as never })
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('household')
            .values({ ...household, identificationYear: 1899 })
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('household')
            .values({ ...household, status: 'EXITED' })
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('household')
            .values({ ...household, status: 'EXITED', exitYear: 2013 })
            .execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (
        await failure(() =>
          database.db
            .insertInto('household')
            .values({ ...household, householdNumber: '4510271000010001' })
            .execute(),
        )
      )?.code,
    ).toBe('23505');
    expect(
      (await failure(() => database.db.insertInto('householdIncome').values({ householdId, year: 2015, wages: '-1.00' }).execute()))?.code,
    ).toBe('23514');
  });

  it('derives net income from its parts', async () => {
    const income = await database.db
      .insertInto('householdIncome')
      .values({ householdId, year: 2016, wages: '6000.50', businessIncome: '2000', transferDibao: '1200', businessExpenses: '800.25' })
      .returning('netIncome')
      .executeTakeFirstOrThrow();
    expect(income.netIncome).toBe('8400.25');
  });

  it('keeps disbursed ≤ allocated ≤ source amount, checked at commit', async () => {
    const { db } = database;
    const pay = (amount: string) =>
      db
        .insertInto('disbursement')
        .values({ fundAllocationId: allocationId, payeeType: 'CONTRACTOR', payeeName: '凌云县路桥公司', amount, paidOn: '2016-06-01' })
        .execute();
    expect(await failure(() => pay('50000.00'))).toBeNull();
    const over = await failure(() => pay('30000.01'));
    expect(over?.code).toBe('23514');
    expect(over?.message).toMatch(/more than its amount/);
    expect(await failure(() => pay('30000.00'))).toBeNull();
    const project = await db.selectFrom('project').select('id').executeTakeFirstOrThrow();
    const source = await db.selectFrom('fundSource').select('id').executeTakeFirstOrThrow();
    const project2 = await db
      .insertInto('project')
      .values({
        code: 'LY-2016-002',
        name: '第二个项目',
        year: 2016,
        actionCategory: 'INDUSTRY',
        implementingUnit: '县农业局',
        budget: '50000',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(
      (
        await failure(() =>
          db.insertInto('fundAllocation').values({ fundSourceId: source.id, projectId: project2.id, amount: '20000.01' }).execute(),
        )
      )?.code,
    ).toBe('23514');
    expect(
      (await failure(() => db.updateTable('fundSource').set({ amount: '79999.99' }).where('id', '=', source.id).execute()))?.code,
    ).toBe('23514');
    expect(project.id).toBeGreaterThan(0);
  });

  it('keeps cadre mobile numbers unique', async () => {
    const unit = await database.db
      .insertInto('helperUnit')
      .values({ name: '凌云县财政局', kind: 'GOVERNMENT', level: 'COUNTY' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cadre = (name: string) => ({ helperUnitId: unit.id, name, sex: 'MALE' as const, mobile: '13907760001' });
    expect(await failure(() => database.db.insertInto('cadre').values(cadre('甲')).execute())).toBeNull();
    expect((await failure(() => database.db.insertInto('cadre').values(cadre('乙')).execute()))?.code).toBe('23505');
  });

  it('keeps the audit log append-only', async () => {
    const { db } = database;
    await db
      .insertInto('auditLog')
      .values({ actorName: 'test', operation: 'CREATE', recordType: 'County', recordId: 1, before: null, after: null })
      .execute();
    expect((await failure(() => db.updateTable('auditLog').set({ actorName: 'x' }).execute()))?.code).toBe('42501');
    expect((await failure(() => db.deleteFrom('auditLog').execute()))?.code).toBe('42501');
  });

  it('keeps every audit row’s actor a real user and token, checked once a statement as the foreign keys did', async () => {
    const { db } = database;
    const user = await db
      .insertInto('appUser')
      .values({ username: 'auditor', displayName: '审计', role: 'ADMIN', passwordHash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = await db
      .insertInto('apiToken')
      .values({ userId: user.id, name: 't', tokenHash: Buffer.from('audit-actor-token'), expiresAt: new Date(Date.now() + 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (actorUserId: number | null, actorTokenId: number | null) => ({
      actorUserId,
      actorTokenId,
      actorName: 'test',
      operation: 'CREATE' as const,
      recordType: 'County',
      recordId: 1,
      before: null,
      after: null,
    });
    const count = async () =>
      (
        await db
          .selectFrom('auditLog')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    // one statement of many rows, one of them naming a user (or token) that does not exist: refused whole
    const noUser = await failure(() =>
      db
        .insertInto('auditLog')
        .values([row(user.id, null), row(user.id + 1000, null)])
        .execute(),
    );
    expect(noUser).toMatchObject({ code: '23503', constraint: 'audit_log_actor_user_id_fkey' });
    const noToken = await failure(() =>
      db
        .insertInto('auditLog')
        .values([row(user.id, token.id), row(user.id, token.id + 1000)])
        .execute(),
    );
    expect(noToken).toMatchObject({ code: '23503', constraint: 'audit_log_actor_token_id_fkey' });
    expect(await count()).toBe(before);
    await db
      .insertInto('auditLog')
      .values([row(user.id, token.id), row(null, null)])
      .execute();
    expect(await count()).toBe(before + 2);
    // on delete set null meets the append-only log, as it did: an actor is disabled or revoked, never deleted
    expect((await failure(() => db.deleteFrom('apiToken').where('id', '=', token.id).execute()))?.code).toBe('42501');
    expect((await failure(() => db.deleteFrom('appUser').where('id', '=', user.id).execute()))?.code).toBe('42501');
    // a delete that deletes no one leaves the log alone
    expect(await failure(() => db.deleteFrom('appUser').where('id', '=', -1).execute())).toBeNull();
  });
});
