/**
 * Several counties in one hub (issue 16): the demo county (Lingyun) first, exactly as `generateDemo` makes it,
 * then each further county generated in the same shape from a seed of its own and moved to its own place —
 * ids after the previous counties', its own 6-digit code in every national code (township and 12-digit
 * village codes, household and person numbers, resident ID numbers), its own name in place names and units.
 * What is not a county's own is shared: the poverty lines (national), and helper units above the county
 * (the prefecture's and region's bureaus, the east–west partner), whose pairings therefore span counties.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { residentIdCheckChar } from '../households/residentId';
import { DEMO_TABLES, emptyDemo } from './data';
import { DEMO, demoPieces, mergePieces, type DemoData, type HeldRows } from './generate';
import { placeName } from './names';

/** Baise prefecture's twelve county-level divisions (2016 codes), Lingyun first; beyond them, numbered demo counties. */
const BAISE: readonly (readonly [code: string, name: string])[] = [
  ['451027', '凌云县'],
  ['451028', '乐业县'],
  ['451029', '田林县'],
  ['451030', '西林县'],
  ['451031', '隆林各族自治县'],
  ['451026', '那坡县'],
  ['451024', '德保县'],
  ['451021', '田阳县'],
  ['451022', '田东县'],
  ['451023', '平果县'],
  ['451081', '靖西市'],
  ['451002', '右江区'],
];

/** At most this many counties: Baise's twelve and numbered ones with codes 4599NN. */
export const MAX_DEMO_COUNTIES = BAISE.length + 100;

/** The county at position `index` (0: Lingyun): its 6-digit code, its name, and its short name (凌云 of 凌云县). */
export function demoCounty(index: number): { code: string; name: string; short: string } {
  const n = index - BAISE.length;
  const [code, name] = index < BAISE.length ? BAISE[index]! : [`4599${String(n).padStart(2, '0')}`, `演示${n + 1}县`];
  // the name without its kind of division (县, 市, 区, 各族自治县), as the county's place names and units use it
  return { code, name, short: name.replace(/(各族自治县|县|市|区)$/, '') };
}

/** Each table's references to other tables (foreign-key columns), so that a county's rows can be moved after another's. */
const REFERENCES: { [T in keyof DemoData]: Record<string, keyof DemoData> } = {
  county: {},
  township: { countyId: 'county' },
  village: { townshipId: 'township' },
  villageGroup: { villageId: 'village' },
  household: { villageId: 'village', groupId: 'villageGroup' },
  member: { householdId: 'household' },
  householdIncome: { householdId: 'household' },
  povertyLine: {},
  target: { countyId: 'county', townshipId: 'township', villageId: 'village' },
  publishedIndicator: { countyId: 'county' },
  project: { countyId: 'county' },
  projectSite: { projectId: 'project', villageId: 'village' },
  projectBeneficiary: { projectId: 'project', householdId: 'household' },
  fundSource: { countyId: 'county' },
  fundAllocation: { fundSourceId: 'fundSource', projectId: 'project' },
  disbursement: { fundAllocationId: 'fundAllocation', payeeHouseholdId: 'household', payeeVillageId: 'village' },
  helperUnit: {},
  cadre: { helperUnitId: 'helperUnit' },
  unitVillagePairing: { helperUnitId: 'helperUnit', villageId: 'village' },
  workTeamAssignment: { cadreId: 'cadre', villageId: 'village' },
  cadreHouseholdPairing: { cadreId: 'cadre', householdId: 'household' },
  assistanceMeasure: { cadreHouseholdPairingId: 'cadreHouseholdPairing' },
  visitLog: { cadreHouseholdPairingId: 'cadreHouseholdPairing' },
};

type AnyRow = Record<string, unknown> & { id: number };

/** What moving a county after the previous ones needs of them: each table's largest id, and the shared units by name. */
export interface Placed {
  maxId: Record<keyof DemoData, number>;
  sharedUnits: Map<string, number>;
}

/**
 * `count` counties of about `households` households each (default: the demo county's size), Lingyun first,
 * one county at a time: each yields only its own rows (ids after the previous counties'), so that a seed of a
 * hundred counties holds one county in memory, not the province. With one county, exactly `generateDemo`'s rows.
 */
export function* countiesOneByOne(count: number, options: { households?: number; seed?: number } = {}): Generator<DemoData> {
  for (const pieces of countiesInPieces(count, options)) yield mergePieces(pieces);
}

/**
 * The same counties, each in the generator's pieces (`demoPieces`: a village's households, a unit's pairings
 * at a time), moved to its place piece by piece: a county of any size in bounded memory. Each county's pieces
 * must be taken in full before the next county is asked for.
 */
export function* countiesInPieces(
  count: number,
  options: { households?: number; seed?: number } = {},
  held?: HeldRows,
): Generator<Iterable<DemoData>> {
  const seed = options.seed ?? DEMO.seed;
  const placed: Placed = {
    maxId: Object.fromEntries(DEMO_TABLES.map((table) => [table, 0])) as Placed['maxId'],
    sharedUnits: new Map(),
  };
  for (let index = 0; index < count; index++) {
    let done = false;
    yield (function* () {
      // ids after the previous counties': their largest, before this county's first piece moves them on
      const offsets = { ...placed.maxId };
      let move: ((piece: DemoData) => DemoData) | undefined;
      for (const piece of demoPieces(index === 0 ? options : { ...options, seed: seed + index }, held)) {
        if (index === 0 && placed.sharedUnits.size === 0) for (const u of piece.helperUnit) placed.sharedUnits.set(u.name, u.id);
        if (index > 0) move ??= mover(piece, demoCounty(index), index, offsets, placed.sharedUnits);
        const out = move ? move(piece) : piece;
        for (const table of DEMO_TABLES)
          for (const row of out[table] as AnyRow[]) if (row.id > placed.maxId[table]) placed.maxId[table] = row.id;
        yield out;
      }
      done = true;
    })();
    if (!done) throw new Error(`county ${index + 1}: its pieces were not all taken before the next county was asked for`);
  }
}

/**
 * The county at position `index` (1 or more) alone, its ids after `placed`'s: the rows `countiesOneByOne`
 * makes for it, ids aside. With `hubPlacement`, one more county for a hub that has others (the import
 * benchmark's `--into`, which needs a county the hub does not have yet).
 */
export function countyAfter(index: number, placed: Placed, options: { households?: number; seed?: number } = {}): DemoData {
  if (!Number.isInteger(index) || index < 1 || index >= MAX_DEMO_COUNTIES) throw new RangeError(`no demo county at position ${index}`);
  const offsets = { ...placed.maxId };
  let move: ((piece: DemoData) => DemoData) | undefined;
  return mergePieces(
    (function* () {
      for (const piece of demoPieces({ ...options, seed: (options.seed ?? DEMO.seed) + index })) {
        move ??= mover(piece, demoCounty(index), index, offsets, placed.sharedUnits);
        yield move(piece);
      }
    })(),
  );
}

/** A hub's placement for `countyAfter`: each demo table's largest id in the database, and its helper units by name. */
export async function hubPlacement(db: Kysely<Database>): Promise<Placed> {
  const maxId = {} as Placed['maxId'];
  for (const table of DEMO_TABLES) {
    const snake = table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const { rows } = await sql<{ max: number | null }>`select max(id)::integer as max from ${sql.table(snake)}`.execute(db);
    maxId[table] = rows[0]?.max ?? 0;
  }
  const units = await db.selectFrom('helperUnit').select(['id', 'name']).execute();
  return { maxId, sharedUnits: new Map(units.map((u) => [u.name, u.id])) };
}

/** The same counties in one piece (tests, and small seeds that want every row at hand). */
export function generateCounties(count: number, options: { households?: number; seed?: number } = {}): DemoData {
  return mergePieces(
    (function* () {
      for (const pieces of countiesInPieces(count, options)) yield* pieces;
    })(),
  );
}

/**
 * What moves the pieces of a county (generated as Lingyun) to the county `place`, after the counties placed
 * before it (`offsets`: their largest ids); `head` is its first piece, with its townships and helper units.
 */
function mover(
  head: DemoData,
  place: { code: string; name: string; short: string },
  index: number,
  offsets: Record<keyof DemoData, number>,
  sharedUnits: Map<string, number>,
): (piece: DemoData) => DemoData {
  const lingyun = demoCounty(0);
  // townships named anew (镇 or 乡 as they were): one county's 泗城镇 is not another's
  const townships = head.township.map((t, i) => [t.name, `${placeName(index * 17 + i * 5 + 2)}${t.name.endsWith('乡') ? '乡' : '镇'}`]);
  const rename = (value: string) =>
    townships.reduce(
      (text, [from, to]) => text.replaceAll(from!, to!),
      value.replaceAll(lingyun.name, place.name).replaceAll(lingyun.short, place.short),
    );
  const recode = (value: string) => place.code + value.slice(6);
  // units above the county are one record each, paired with villages of every county they help
  const unitIds = new Map<number, number>();
  for (const unit of head.helperUnit) {
    const shared = !unit.name.includes(lingyun.short) ? sharedUnits.get(unit.name) : undefined;
    unitIds.set(unit.id, shared ?? unit.id + offsets.helperUnit);
  }
  const idIn = (table: keyof DemoData, id: number) => (table === 'helperUnit' ? unitIds.get(id)! : id + offsets[table]);

  return (county) => {
    const out = emptyDemo();
    for (const table of DEMO_TABLES) {
      // national reference data stays one; published indicators are figures a county published, not generated:
      // a demo county has none of its own (Lingyun's stay Lingyun's). Its targets, county-level ones included,
      // are the demo shape's, which every county is generated in (its 2016 batch holds the 2016 goals).
      if (table === 'povertyLine' || table === 'publishedIndicator') continue;
      for (const source of county[table] as AnyRow[]) {
        if (table === 'helperUnit' && unitIds.get(source.id) !== source.id + offsets.helperUnit) continue;
        const row: AnyRow = { ...source, id: idIn(table, source.id) };
        for (const [column, target] of Object.entries(REFERENCES[table]))
          if (typeof row[column] === 'number') row[column] = idIn(target, row[column] as number);
        for (const [key, value] of Object.entries(row)) if (typeof value === 'string') row[key] = rename(value);
        recodeRow(table, row, place, recode, index);
        (out[table] as AnyRow[]).push(row);
      }
    }
    return out;
  };
}

/** The county's own codes in the national codes a row carries. */
function recodeRow(
  table: keyof DemoData,
  row: AnyRow,
  place: { code: string; name: string },
  recode: (value: string) => string,
  index: number,
): void {
  if (table === 'county') Object.assign(row, { code: `${place.code}000000`, name: place.name });
  if (table === 'township' || table === 'village') row.code = recode(row.code as string);
  if (table === 'household') row.householdNumber = recode(row.householdNumber as string);
  if (table === 'member') {
    row.personNumber = recode(row.personNumber as string);
    if (typeof row.residentId === 'string') {
      const body = recode(row.residentId.slice(0, 17));
      row.residentId = body + residentIdCheckChar(body);
    }
  }
  // project codes (LY-2016-001) carry the county's code instead
  if (table === 'project') row.code = `${place.code}${(row.code as string).replace(/^[A-Z]+/, '')}`;
  // mobiles are unique: each county's cadres in a block of numbers of their own
  if (table === 'cadre') {
    const mobile = row.mobile as string;
    row.mobile = `${mobile.slice(0, 3)}${String((Number(mobile.slice(3)) + index * 1_000_000) % 100_000_000).padStart(8, '0')}`;
  }
}
