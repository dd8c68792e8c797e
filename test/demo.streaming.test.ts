import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countiesOneByOne, demoPieces, generateCounties, generateDemo, type DemoData, type HeldRows } from '../schema/src/demo/index';

/** Every row of every table, in order, as one hash. */
function hashOf(data: DemoData): string {
  const hash = createHash('sha256');
  for (const [table, rows] of Object.entries(data)) {
    hash.update(table);
    for (const row of rows as object[]) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/**
 * The seed of many counties generates them one at a time (a province of a hundred holds one county in memory),
 * and the rows are exactly those of the generator that held them all: the hashes below were taken from
 * `generateCounties` at 884a2bd, before it streamed, and taken again at county100, whose only change to the rows
 * is the county of targets, published indicators, projects and fund sources and each further county's
 * county-level targets (without those, the rows hash to 884a2bd's 79a0821d… and 20916512…).
 */
describe('the demo generator, county by county', () => {
  it('makes exactly the rows the whole-province generator made', () => {
    expect(hashOf(generateCounties(3, { households: 600 }))).toBe('0b071aad70fb9dacac0c5d9d6af7dc31e7110c1f0dad0398e84e1479544168fb');
    expect(hashOf(generateDemo())).toBe('3abffb12e777c02585f08af6a48c2d93d20c9c8ca65ba1f8072bda648604d128');
  });

  // taken from branch county100 (the generator that held the whole county, with the county-level records'
  // county), before the county itself was generated in pieces (branch giant checked the same against 119ff09)
  it('makes exactly the rows of the generator that held the whole county, at other sizes and seeds', () => {
    expect(hashOf(generateDemo({ households: 40_000 }))).toBe('741433e5a04df7226b14800012906bf91e3b26565b07daee7186e6853e28fbfb');
    expect(hashOf(generateDemo({ households: 1500, seed: 7 }))).toBe('000ac639fab42792e1a5991d1e5324870b487afdcbfe585e0bf81431414e8399');
    expect(hashOf(generateCounties(2, { households: 5000, seed: 3 }))).toBe(
      'cf061673c6f23b26f4911e772155d9010692b9d11aeb314aa388f08357d85ba6',
    );
  });

  /**
   * The 100× county (1.35 million households) did not fit in memory: the generator held all its rows. It now
   * holds one village's households (a hundredth of the county) and one helper unit's pairings at a time, as
   * the generator itself counts the rows it has made and not yet handed out.
   */
  it('holds one village’s households and one unit’s pairings at a time, not the county’s', () => {
    const held: HeldRows = { households: 0, members: 0, twinning: 0 };
    const total = { households: 0, members: 0, twinning: 0, pieces: 0 };
    const ofVillage = new Map<number, number>();
    const ofUnit = new Map<number, number>();
    const unitOfCadre = new Map<number, number>();
    for (const piece of demoPieces({ households: 20_000 }, held)) {
      total.pieces++;
      total.households += piece.household.length;
      total.members += piece.member.length;
      total.twinning += piece.cadreHouseholdPairing.length + piece.visitLog.length + piece.assistanceMeasure.length;
      for (const h of piece.household) ofVillage.set(h.villageId, (ofVillage.get(h.villageId) ?? 0) + 1);
      for (const c of piece.cadre) unitOfCadre.set(c.id, c.helperUnitId);
      const rows = (pairingId: number) => {
        const unit = unitOfCadre.get(piece.cadreHouseholdPairing.find((p) => p.id === pairingId)!.cadreId)!;
        ofUnit.set(unit, (ofUnit.get(unit) ?? 0) + 1);
      };
      for (const p of piece.cadreHouseholdPairing) rows(p.id);
      for (const v of piece.visitLog) rows(v.cadreHouseholdPairingId);
      for (const m of piece.assistanceMeasure) rows(m.cadreHouseholdPairingId);
    }
    expect(total.households).toBeGreaterThan(18_000);
    expect(ofVillage.size).toBe(100);
    // the largest piece held is the largest village, and a unit's rows: a small part of the county
    expect(held.households).toBe(Math.max(...ofVillage.values()));
    expect(held.twinning).toBe(Math.max(...ofUnit.values()));
    expect(held.households * 50).toBeLessThan(total.households);
    expect(held.members * 50).toBeLessThan(total.members);
    expect(held.twinning * 8).toBeLessThan(total.twinning);
    expect(total.pieces).toBeGreaterThan(100);
  });

  it('hands out one county at a time, each with only its own rows, ids following the previous county’s', () => {
    const pieces = [...countiesOneByOne(3, { households: 600 })];
    expect(pieces.map((p) => p.county.map((c) => c.code))).toEqual([['451027000000'], ['451028000000'], ['451029000000']]);
    let lastHousehold = 0;
    for (const piece of pieces) {
      const villages = new Set(piece.village.map((v) => v.id));
      expect(piece.household.every((h) => villages.has(h.villageId))).toBe(true);
      expect(piece.household[0]!.id).toBe(lastHousehold + 1);
      lastHousehold = piece.household.at(-1)!.id;
      const households = new Set(piece.household.map((h) => h.id));
      expect(piece.member.every((m) => households.has(m.householdId))).toBe(true);
    }
    // the poverty lines are national: the first county's only
    expect(pieces.map((p) => p.povertyLine.length > 0)).toEqual([true, false, false]);
  });
});
