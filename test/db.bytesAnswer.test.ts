import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asViewer, connect, Utf8Text, type HubDatabase, type Viewer } from '../schema/src/index';
import { answerInBytes } from '../schema/src/db/lazyBegin';
import { freshDatabase } from './support/database';

/**
 * A raw answer's JSON comes from PostgreSQL undecoded (schema/src/db/lazyBegin.ts, answerInBytes): in a scoped
 * read its value is the UTF-8 bytes as sent, and only that statement's: errors are decoded as ever, and the
 * statement after it on the same connection answers strings again. One pooled connection, so that each
 * statement meets what the one before left on it.
 */
describe('answers taken undecoded', () => {
  let database: HubDatabase;
  const admin: Viewer = {
    userId: 0,
    username: 'admin',
    displayName: '管理员',
    role: 'ADMIN',
    helperUnitId: null,
    townshipIds: [],
    villageIds: [],
    countyIds: [],
    tokenId: null,
  };
  const TEXT = '{"name":"凌云县 坡洪村","note":"𠀋 and \\"quotes\\""}';
  const statement = () => CompiledQuery.raw(`select '${TEXT}'::text as json, null::text as none, 7 as n`);

  beforeAll(async () => {
    const { url } = await freshDatabase();
    database = await connect({ databaseUrl: url, maxConnections: 1 });
  });
  afterAll(() => database.close());

  /** a statement run as a read in one round trip (a known viewer), as a GraphQL query's */
  const scoped = <T>(run: Parameters<typeof asViewer<T>>[2]) =>
    asViewer(database, { viewer: admin }, run, { oneRoundTrip: true, readOnly: true });

  it('gives a marked statement’s values as the bytes PostgreSQL sent, and nothing else changes', async () => {
    const row = await scoped(
      async (db) => (await db.executeQuery<{ json: unknown; none: unknown; n: unknown }>(answerInBytes(statement()))).rows[0]!,
    );
    expect(row.json).toBeInstanceOf(Utf8Text);
    expect((row.json as Utf8Text).latin1).toBe(Buffer.from(TEXT, 'utf8').toString('latin1'));
    expect(String(row.json)).toBe(TEXT);
    expect(row.none).toBeNull();
    // unmarked, the same statement answers as always
    const plain = await scoped(async (db) => (await db.executeQuery<{ json: unknown; n: unknown }>(statement())).rows[0]!);
    expect(plain).toMatchObject({ json: TEXT, n: 7 });
  });

  it('decodes a failing marked statement’s error, and the next statement answers strings', async () => {
    const failing = answerInBytes(CompiledQuery.raw(`select '凌云县'::int as json`));
    await expect(scoped((db) => db.executeQuery(failing))).rejects.toThrow('invalid input syntax for type integer: "凌云县"');
    const after = await scoped(async (db) => (await db.executeQuery<{ json: unknown }>(statement())).rows[0]!.json);
    expect(after).toBe(TEXT);
  });

  it('answers strings outside a read in one round trip (a transaction), marked or not', async () => {
    const value = await asViewer(
      database,
      { viewer: admin },
      async (db) => (await db.executeQuery<{ json: unknown }>(answerInBytes(statement()))).rows[0]!.json,
    );
    expect(value).toBe(TEXT);
  });
});
