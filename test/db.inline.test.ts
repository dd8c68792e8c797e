import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParameters, literal } from '../schema/src/db/inline';
import { freshDatabase, type TestDatabase } from './support/database';

/**
 * A read with a known viewer goes as one simple-protocol string with its parameters inlined
 * (schema/src/db/inline.ts): each value must reach PostgreSQL as the same value the parameter would have
 * been, and no value may end its literal and add SQL of its own.
 */
describe('parameters inlined as literals', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await freshDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(() => client.end());

  /** the statement's answer with its parameters sent as parameters, and as inlined literals (simple protocol) */
  async function both(text: string, values: unknown[]) {
    const asParameters = await client.query(text, values);
    const asLiterals = await client.query(inlineParameters(text, values));
    return { asParameters: asParameters.rows, asLiterals: asLiterals.rows };
  }

  const hostile = [
    "O'Brien",
    "'; drop table household; --",
    "\\'; drop table household; --",
    'back\\slash\\',
    "E'\\x27'",
    '$1 $$ $tag$ -- /* */',
    '王\u00a0小明\t"引号"',
    '',
  ];

  it('round-trips hostile strings unchanged, in text, in comparisons and in arrays', async () => {
    for (const value of hostile) {
      const { asParameters, asLiterals } = await both('select $1::text as v, $1 = $2 as same, $3::text[] as list', [
        value,
        value,
        [value, null],
      ]);
      expect(asLiterals, value).toEqual(asParameters);
      expect(asLiterals[0].v, value).toBe(value);
      expect(asLiterals[0].same).toBe(true);
      expect(asLiterals[0].list).toEqual([value, null]);
    }
    // nothing was dropped or added by any of them
    const tables = await client.query(`select count(*)::int as n from information_schema.tables where table_name = 'household'`);
    expect(tables.rows[0].n).toBe(1);
  });

  it('sends null, numbers, booleans, dates, JSON and bytes as pg would', async () => {
    const day = new Date('2026-12-06T08:30:00.123Z');
    const { asParameters, asLiterals } = await both(
      'select $1::int as a, $2::numeric as b, $3::boolean as c, $4::timestamptz as d, $5::jsonb as e, $6::bytea as f, $7::int as g, $8::int[] as h, $9::date as i, $10::bigint as j',
      [
        null,
        12.5,
        false,
        day,
        { q: 'it\'s \\ "x"', n: [1, 2] },
        Buffer.from([0, 39, 92, 255]),
        -3,
        [1, 2, 3],
        '2026-12-06',
        9007199254740991n,
      ],
    );
    expect(asLiterals).toEqual(asParameters);
    expect(asLiterals[0]).toMatchObject({ a: null, c: false, g: -3, h: [1, 2, 3] });
    expect((asLiterals[0].d as Date).getTime()).toBe(day.getTime());
    expect(asLiterals[0].e).toEqual({ q: 'it\'s \\ "x"', n: [1, 2] });
    expect(asLiterals[0].f).toEqual(Buffer.from([0, 39, 92, 255]));
  });

  it('resolves untyped literals as untyped parameters resolve (limits, any(), comparisons with columns)', async () => {
    const { asParameters, asLiterals } = await both(
      `select n from generate_series(1, 10) as n where n = any($1) and n >= $2 and $3::int is null order by n limit $4 offset $5`,
      [[2, 4, 6, 8], 3, null, 2, 1],
    );
    expect(asLiterals).toEqual(asParameters);
    expect(asLiterals).toEqual([{ n: 6 }, { n: 8 }]);
  });

  it('leaves placeholder-like text inside literals, identifiers, dollar quotes and comments alone', () => {
    const text = `select '$1' as "$2", $$ $1 $$, $tag$ $1 $tag$, E'\\' $1' -- $1\n, /* $1 */ $1 as x, $10`;
    const values = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(inlineParameters(text, values)).toBe(
      `select '$1' as "$2", $$ $1 $$, $tag$ $1 $tag$, E'\\' $1' -- $1\n, /* $1 */ '1' as x, '10'`,
    );
    expect(() => inlineParameters('select $2', [1])).toThrow(/\$2/);
  });

  it('refuses a NUL character, which would end the statement’s text early', () => {
    expect(() => literal('a\u0000b')).toThrow(/NUL/);
  });
});
