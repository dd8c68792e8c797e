import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResidentId, makeResidentId, maskResidentId, residentIdCheckChar } from './residentId';

const TODAY = '2026-11-29';

/** A valid 17-digit body: any address code, a real birth date up to TODAY, any sequence. */
const validBody = fc
  .record({
    address: fc.stringMatching(/^[1-9][0-9]{5}$/),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(
    ({ address, birth, sequence }) =>
      `${address}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(sequence).padStart(3, '0')}`,
  );

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the published examples', () => {
    expect(checkResidentId('11010519491231002X', { today: TODAY })).toMatchObject({
      ok: true,
      value: { birthDate: '1949-12-31', sex: 'FEMALE' },
    });
    expect(checkResidentId('440524188001010014', { today: TODAY })).toMatchObject({
      ok: true,
      value: { birthDate: '1880-01-01', sex: 'MALE' },
    });
    expect(checkResidentId('11010519491231002x', { today: TODAY }).ok).toBe(true);
  });

  it('accepts every valid body with its computed check character', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const result = checkResidentId(body + residentIdCheckChar(body), { today: TODAY });
        expect(result.ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every single-digit change', () => {
    fc.assert(
      fc.property(validBody, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (body, position, delta) => {
        const id = body + residentIdCheckChar(body);
        const chars = '0123456789X';
        const alphabet = position === 17 ? chars : chars.slice(0, 10);
        const index = alphabet.indexOf(id[position]!);
        const replacement = alphabet[(index + delta) % alphabet.length]!;
        fc.pre(replacement !== id[position]);
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(checkResidentId(changed, { today: TODAY }).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(validBody, fc.integer({ min: 0, max: 16 }), (body, position) => {
        const id = body + residentIdCheckChar(body);
        fc.pre(id[position] !== id[position + 1]);
        const swapped = id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
        expect(checkResidentId(swapped, { today: TODAY }).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses impossible and future birth dates even with a correct check character', () => {
    const feb30 = makeResidentId('451027', '2015-02-28', 11).replace('20150228', '20150230');
    const fixed = feb30.slice(0, 17) + residentIdCheckChar(feb30.slice(0, 17));
    expect(checkResidentId(fixed, { today: TODAY })).toMatchObject({ ok: false, problem: 'BIRTH_DATE' });
    expect(checkResidentId(makeResidentId('451027', '2027-01-01', 11), { today: TODAY })).toMatchObject({
      ok: false,
      problem: 'FUTURE_BIRTH_DATE',
    });
  });

  it('refuses a sex that does not match the sequence digit, and malformed input', () => {
    const man = makeResidentId('451027', '1980-05-17', 123); // 3: odd, male
    expect(checkResidentId(man, { sex: 'MALE', today: TODAY }).ok).toBe(true);
    expect(checkResidentId(man, { sex: 'FEMALE', today: TODAY })).toMatchObject({ ok: false, problem: 'SEX_MISMATCH' });
    for (const bad of ['', '45102719800517123', '4510271980051712345', '45102719800517123Y', '4510271980O517123X']) {
      expect(checkResidentId(bad, { today: TODAY })).toMatchObject({ ok: false, problem: 'FORMAT' });
    }
  });

  it('masks all but the address code and the last four characters', () => {
    expect(maskResidentId('45102719800517123X')).toBe('451027********123X');
  });
});
