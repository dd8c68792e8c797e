/**
 * The demo county, generated in memory from a seed: Lingyun County in 2016, with rows from which the
 * figures of the county's 2016 report come out exactly (see shared/docs/domain.md):
 * 25.3 % incidence at the end of 2015, 12,800 people exited in 2015, 25 poor villages exited by 2015,
 * 17 planned for 2016, 36 for 2017–2018, and households planned for 2016 holding the 16,000 people of
 * the 2016 target. The county is shown part-way through 2016, as of its day of record DEMO.asOf: some of the
 * 2016 exits are done, and nothing that has happened (a visit, a payment, a completed project, a birth, a
 * record's entry) is dated after that day; plans and deadlines (targets due at the year's end) may be.
 */
import type { ActionCategory, FundLevel } from '../projects/codes';
import { ACTION_CATEGORIES, FUND_LEVELS } from '../projects/codes';
import { makeResidentId } from '../households/residentId';
import type { PovertyCause } from '../households/codes';
import { HELPER_UNITS, MEASURE_TEXT, PROJECT_NAMES, SURNAMES, TOWNSHIPS, VISIT_CONTENT, givenName, placeName } from './names';
import {
  applyExitWorkToHouseholds,
  applyExitWorkToTwinning,
  dateBetween,
  planExitWork,
  twinningFacts,
  type HouseholdFacts,
} from './exitWork';
import { Random } from './random';
import { emptyDemo, type DemoData, type Row } from './data';

export type { DemoData } from './data';

/** The seed's figures, and the default size that tells them. */
export const DEMO = {
  seed: 20160330, // the day of the county's 2016 deployment meeting
  /**
   * The day of record: the end of 2016's first half (半年). The seed is the 2016-03-30 deployment meeting; its
   * deadline for the 2017–2018 villages' plans (end of April) has passed, the year's exits are under way, and
   * the half-year report is the figure a county office reads at mid-year.
   */
  asOf: '2016-06-30',
  households: 14_300,
  exited2015People: 12_800,
  target2016People: 16_000,
  target2016Villages: 17,
  incidence2015: 0.253,
  villages: { exited2014: 8, exited2015: 17, planned2016: 17, exited2016: 12, planned2017: 18, planned2018: 18, notPoor: 22 },
} as const;

const POVERTY_LINES: Record<number, number> = { 2014: 2800, 2015: 2855, 2016: 2952, 2019: 3218 };

/** What becomes of a household: when it exits (or not), or that it returned or was removed. */
type Fate = 'E2014' | 'E2015' | 'E2016' | 'P2016' | 'P2017' | 'P2018' | 'P2019' | 'P2020' | 'RET' | 'REM';
type VillageKind = 'X2014' | 'X2015' | 'X2016' | 'Q2016' | 'Q2017' | 'Q2018' | 'N';

/** Households per village and their fates, by the village's batch. Weights, scaled later. */
const VILLAGE_PLAN: Record<VillageKind, { households: number; fates: [Fate, number][] }> = {
  X2014: {
    households: 95,
    fates: [
      ['E2014', 88],
      ['E2015', 6],
      ['P2017', 2],
      ['REM', 1],
    ],
  },
  X2015: {
    households: 150,
    fates: [
      ['E2014', 18],
      ['E2015', 76],
      ['RET', 1],
      ['P2017', 2],
      ['E2016', 1],
    ],
  },
  X2016: {
    households: 175,
    fates: [
      ['E2014', 10],
      ['E2015', 14],
      ['E2016', 72],
      ['P2017', 1],
      ['RET', 1],
    ],
  },
  Q2016: {
    households: 175,
    fates: [
      ['E2014', 10],
      ['E2015', 14],
      ['E2016', 30],
      ['P2016', 40],
      ['P2017', 4],
      ['RET', 1],
    ],
  },
  Q2017: {
    households: 170,
    fates: [
      ['E2014', 8],
      ['E2015', 14],
      ['E2016', 6],
      ['P2016', 8],
      ['P2017', 52],
      ['P2018', 6],
      ['P2019', 4],
      ['P2020', 2],
      ['REM', 1],
    ],
  },
  Q2018: {
    households: 170,
    fates: [
      ['E2014', 7],
      ['E2015', 13],
      ['E2016', 5],
      ['P2016', 7],
      ['P2017', 8],
      ['P2018', 50],
      ['P2019', 6],
      ['P2020', 4],
      ['REM', 1],
    ],
  },
  N: {
    households: 40,
    fates: [
      ['E2014', 20],
      ['E2015', 24],
      ['E2016', 12],
      ['P2016', 10],
      ['P2017', 14],
      ['P2018', 10],
      ['P2019', 6],
      ['P2020', 4],
    ],
  },
};

const CAUSES: [PovertyCause, number][] = [
  ['NO_CAPITAL', 24],
  ['NO_SKILLS', 18],
  ['ILLNESS', 14],
  ['POOR_TRANSPORT', 10],
  ['NO_LABOR', 9],
  ['DISABILITY', 7],
  ['SCHOOLING', 6],
  ['NO_LAND', 4],
  ['NO_WATER', 3],
  ['LOW_MOTIVATION', 2],
  ['DISASTER', 2],
  ['OTHER', 1],
];

interface PlannedHousehold {
  villageIndex: number;
  fate: Fate;
  size: number;
  identificationYear: number;
  attribute: 'GENERAL' | 'DIBAO' | 'TEKUN' | 'DIBAO_TEKUN';
}

function statusOf(fate: Fate): 'POOR' | 'EXITED' | 'RETURNED' | 'REMOVED' {
  return fate === 'REM' ? 'REMOVED' : fate === 'RET' ? 'RETURNED' : exitYearOf(fate) !== null ? 'EXITED' : 'POOR';
}

function exitYearOf(fate: Fate): number | null {
  return fate === 'E2014' ? 2014 : fate === 'E2015' || fate === 'RET' ? 2015 : fate === 'E2016' ? 2016 : null;
}

function plannedExitYearOf(fate: Fate): number | null {
  if (fate === 'REM') return null;
  if (fate === 'RET') return 2015;
  return Number(fate.slice(1));
}

/** Still registered poor at the end of `year` (the incidence's numerator). */
export function poorAtEndOf(h: { fate: Fate; identificationYear: number }, year: number): boolean {
  if (h.fate === 'REM' || h.identificationYear > year) return false;
  const exit = exitYearOf(h.fate);
  if (h.fate === 'RET') return year !== 2015; // poor until it exited in 2015, poor again since it returned in 2016
  return exit === null || exit > year;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A birth date `age` full years before the demo's day of record, 2016-06-30. */
function birthDateFor(random: Random, age: number): string {
  const year = 2016 - age - (random.chance(0.5) ? 1 : 0);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  const date = isoDate(year, month, day);
  return date > isoDate(2016 - age, 6, 30) ? isoDate(year - 1, month, day) : date;
}

/**
 * Where a date drawn between June and December falls in that span (0–1): a payment or completion drawn after
 * the day of record keeps its place, compressed into the time left before that day, and the seeded sequence
 * (so every other row of the demo county) stays as it was.
 */
function endFraction(drawn: string): number {
  const [, month, day] = drawn.split('-').map(Number) as [number, number, number];
  return Math.min(1, Math.max(0, (month - 6 + (day - 1) / 28) / 7));
}

/** A cooperative named after its village, its trade by the project (Lingyun's tea, mulberry and camellia oil). */
function cooperativeName(village: string, projectId: number): string {
  const trades = ['茶叶', '桑蚕', '油茶', '种养', '中药材', '生态养殖'];
  return `凌云县${village.replace(/村$/, '')}${trades[projectId % trades.length]}专业合作社`;
}

function ageAt(birthDate: string): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return 2016 - y - (m > 6 || (m === 6 && d > 30) ? 1 : 0);
}

export function generateDemo(options: { households?: number; seed?: number } = {}): DemoData {
  return mergePieces(demoPieces(options));
}

/** What the generator held at once, at most: rows made and not yet handed out (the test of bounded memory reads it). */
export interface HeldRows {
  households: number;
  members: number;
  /** pairings, visits and measures */
  twinning: number;
}

/**
 * The county in pieces, each handed out before the next is made, in an order the tables' references allow
 * (loaded piece by piece, table by table): first the divisions, figures, projects and units; then the
 * households with their members and incomes, a village at a time; then the projects' sites, beneficiaries and
 * payments; then the pairings with their visits, a helper unit at a time; last the villages' work teams.
 * Memory holds one village's households or one unit's pairings, plus a few numbers a household (a 100× county
 * of 1.35 million households does not fit otherwise).
 *
 * The rows are exactly those of the generator that held the whole county: one seeded sequence runs through
 * households, projects and pairings in that order, so the households are made twice — a first pass that keeps
 * nothing but the sequence's state, so the projects and pairings can be drawn; then, once the exit work (which
 * edits households, members and incomes after the fact) is known from the households' facts alone, again from
 * the saved state, with the exit work applied, piece by piece. The pairings likewise.
 */
export function* demoPieces(options: { households?: number; seed?: number } = {}, held?: HeldRows): Generator<DemoData> {
  const seed = options.seed ?? DEMO.seed;
  const random = new Random(seed);
  const head = emptyDemo();
  const villageKinds = addDivisions(random, head);
  const planned = planHouseholds(random, villageKinds, (options.households ?? DEMO.households) / DEMO.households);
  // only the county at its own size tells the report's figures exactly
  if (options.households === undefined || options.households === DEMO.households) fitReportFigures(planned);
  setRuralPopulations(random, head, villageKinds, planned);
  const atHouseholds = random.copy();
  for (const piece of householdPieces(random, head, planned)) note(held, piece);
  addFiguresAndTargets(head, planned);
  const households = householdFacts(planned);
  const payees = generateProjects(random, head, households);
  const atTwinning = random.copy();
  const twinning = twinningFacts();
  for (const piece of twinningPieces(random, head, households)) {
    note(held, piece);
    twinning.record(piece);
  }
  const exitWork = planExitWork(head, households, twinning, { seed, year: 2016 });

  const { projectSite, projectBeneficiary, disbursement, ...first } = head;
  yield { ...emptyDemo(), ...first };
  const heads = new Map<number, string>();
  for (const piece of householdPieces(atHouseholds, head, planned)) {
    note(held, piece);
    applyExitWorkToHouseholds(exitWork, piece);
    for (const m of piece.member) if (m.relation === 'HEAD' && payees.has(m.householdId)) heads.set(m.householdId, m.name);
    yield piece;
  }
  for (const d of disbursement) if (d.payeeHouseholdId != null) d.payeeName = heads.get(d.payeeHouseholdId)!;
  yield { ...emptyDemo(), projectSite, projectBeneficiary, disbursement };
  // its units and their villages' pairings again, into a scratch copy: the first piece has them
  for (const piece of twinningPieces(atTwinning, { ...emptyDemo(), village: head.village }, households)) {
    note(held, piece);
    applyExitWorkToTwinning(exitWork, piece);
    yield piece;
  }
}

/** The largest piece so far, by the rows that tell a county's size. */
function note(held: HeldRows | undefined, piece: DemoData): void {
  if (!held) return;
  held.households = Math.max(held.households, piece.household.length);
  held.members = Math.max(held.members, piece.member.length);
  held.twinning = Math.max(held.twinning, piece.cadreHouseholdPairing.length + piece.visitLog.length + piece.assistanceMeasure.length);
}

/** Pieces in one piece (tests and small counties, which want every row at hand). */
export function mergePieces(pieces: Iterable<DemoData>): DemoData {
  const merged = emptyDemo();
  for (const piece of pieces)
    for (const table of Object.keys(merged) as (keyof DemoData)[]) {
      const rows = merged[table] as object[];
      for (const row of piece[table] as object[]) rows.push(row);
    }
  return merged;
}

/** What the projects, pairings and exit work need of the households, without their rows: a few numbers each. */
function householdFacts(planned: PlannedHousehold[]): HouseholdFacts {
  return {
    count: planned.length,
    villageId: (id) => planned[id - 1]!.villageIndex + 1,
    status: (id) => statusOf(planned[id - 1]!.fate),
    exitYear: (id) => exitYearOf(planned[id - 1]!.fate),
    plannedExitYear: (id) => plannedExitYearOf(planned[id - 1]!.fate),
    hasIncome: (id, year) => !(year < planned[id - 1]!.identificationYear || planned[id - 1]!.fate === 'REM'),
  };
}

/** The county, its townships, its villages and their groups (屯); returns each village's batch, by village index. */
function addDivisions(random: Random, data: DemoData): VillageKind[] {
  data.county.push({ id: 1, code: '451027000000', name: '凌云县', asOf: DEMO.asOf });
  TOWNSHIPS.forEach((t, i) => data.township.push({ id: i + 1, countyId: 1, code: t.code, name: t.name }));
  const kinds: VillageKind[] = random.shuffle([
    ...Array<VillageKind>(DEMO.villages.exited2014).fill('X2014'),
    ...Array<VillageKind>(DEMO.villages.exited2015).fill('X2015'),
    ...Array<VillageKind>(DEMO.villages.exited2016).fill('X2016'),
    ...Array<VillageKind>(DEMO.villages.planned2016 - DEMO.villages.exited2016).fill('Q2016'),
    ...Array<VillageKind>(DEMO.villages.planned2017).fill('Q2017'),
    ...Array<VillageKind>(DEMO.villages.planned2018).fill('Q2018'),
    ...Array<VillageKind>(DEMO.villages.notPoor).fill('N'),
  ]);
  const perTownship = new Array<number>(TOWNSHIPS.length).fill(0);
  kinds.forEach((kind, i) => {
    const townshipIndex = i % TOWNSHIPS.length;
    const number = ++perTownship[townshipIndex]!;
    const township = TOWNSHIPS[townshipIndex]!;
    const poor = kind !== 'N';
    const planned =
      kind === 'X2014'
        ? 2014
        : kind === 'X2015'
          ? 2015
          : kind === 'X2016' || kind === 'Q2016'
            ? 2016
            : kind === 'Q2017'
              ? 2017
              : kind === 'Q2018'
                ? 2018
                : null;
    data.village.push({
      id: i + 1,
      townshipId: townshipIndex + 1,
      code: `${township.code.slice(0, 9)}${String(number).padStart(3, '0')}`,
      name: `${placeName(i * 7 + 3)}村`,
      ruralPopulation: 0, // set once the households are known
      isPoorVillage: poor,
      plannedExitYear: planned,
      exitYear: kind.startsWith('X') ? planned : null,
    });
    for (let g = 0; g < random.int(4, 9); g++) {
      data.villageGroup.push({ id: data.villageGroup.length + 1, villageId: i + 1, name: `${placeName(i * 13 + g * 5 + 1)}屯` });
    }
  });
  return kinds;
}

/** Households' fates and sizes, village by village: planned before anyone is named, so the figures can be made exact first. */
function planHouseholds(random: Random, villageKinds: VillageKind[], scale: number): PlannedHousehold[] {
  const planned: PlannedHousehold[] = [];
  villageKinds.forEach((kind, villageIndex) => {
    const plan = VILLAGE_PLAN[kind];
    const count = Math.max(3, Math.round(plan.households * scale * (0.8 + random.next() * 0.4)));
    for (let k = 0; k < count; k++) {
      const fate = random.weighted(plan.fates);
      const attribute = random.weighted([
        ['GENERAL', 80],
        ['DIBAO', 15],
        ['TEKUN', 3],
        ['DIBAO_TEKUN', 2],
      ] as const);
      const size =
        attribute === 'TEKUN' || attribute === 'DIBAO_TEKUN'
          ? random.int(1, 2)
          : random.weighted([
              [1, 4],
              [2, 10],
              [3, 18],
              [4, 26],
              [5, 20],
              [6, 12],
              [7, 6],
              [8, 4],
            ] as const);
      const exit = exitYearOf(fate);
      // most were identified in 2014; a few in 2015/2016, never after their exit
      const identificationYear =
        exit === 2014
          ? 2014
          : random.weighted([
              [2014, 88],
              [2015, 9],
              [2016, fate.startsWith('P') || fate === 'E2016' ? 3 : 0],
            ] as const);
      planned.push({
        villageIndex,
        fate,
        size,
        identificationYear: exit !== null ? Math.min(identificationYear, exit) : identificationYear,
        attribute,
      });
    }
  });
  return planned;
}

/** The people of the planned households that `predicate` picks. */
function peopleOf(planned: PlannedHousehold[], predicate: (h: PlannedHousehold) => boolean): number {
  return planned.filter(predicate).reduce((sum, h) => sum + h.size, 0);
}

/** Moves the total size of the chosen households to `target` one member at a time (sizes stay 1–8). */
function adjustPeople(planned: PlannedHousehold[], predicate: (h: PlannedHousehold) => boolean, target: number): void {
  const chosen = planned.filter((h) => predicate(h) && h.attribute !== 'TEKUN' && h.attribute !== 'DIBAO_TEKUN');
  let total = peopleOf(planned, predicate);
  for (let i = 0; total !== target && i < chosen.length * 16; i++) {
    const h = chosen[i % chosen.length]!;
    if (total < target && h.size < 8) {
      h.size++;
      total++;
    } else if (total > target && h.size > 2) {
      h.size--;
      total--;
    }
  }
}

/** The report's figures that households tell: the people exited in 2015, and a 2016 batch that holds the 2016 target. */
function fitReportFigures(planned: PlannedHousehold[]): void {
  adjustPeople(planned, (h) => exitYearOf(h.fate) === 2015, DEMO.exited2015People);
  // the 2016 batch must hold at least the 16,000 people of the 2016 target
  const inBatch2016 = (h: PlannedHousehold) => h.fate === 'E2016' || h.fate === 'P2016';
  if (peopleOf(planned, inBatch2016) < DEMO.target2016People + 300) adjustPeople(planned, inBatch2016, DEMO.target2016People + 300);
}

/** Rural populations: each village's incidence fits its batch; the county's is exactly 25.3 %. */
function setRuralPopulations(random: Random, data: DemoData, villageKinds: VillageKind[], planned: PlannedHousehold[]): void {
  // each village's households at hand: a pass over the county's a village would be 100 passes at 1.35 million
  const ofVillage = villageKinds.map((): PlannedHousehold[] => []);
  for (const h of planned) ofVillage[h.villageIndex]!.push(h);
  const poorAt = (villageIndex: number, year: number) => peopleOf(ofVillage[villageIndex]!, (h) => poorAtEndOf(h, year));
  const registered = (villageIndex: number) => peopleOf(ofVillage[villageIndex]!, () => true);
  const rural = villageKinds.map((kind, v) => {
    const poor2015 = poorAt(v, 2015);
    const floor = Math.ceil(registered(v) * 1.6); // the registered poor are a part of the village, never all of it
    if (kind.startsWith('X')) {
      // an exited village's incidence was below 3 % at the end of its exit year (Guangxi's rule)
      const year = Number(kind.slice(1));
      return Math.max(floor, Math.ceil(poorAt(v, year) / 0.024), Math.ceil(poor2015 / 0.24));
    }
    const incidence =
      kind === 'N' ? 0.06 + random.next() * 0.06 : kind === 'Q2016' ? 0.2 + random.next() * 0.1 : 0.3 + random.next() * 0.15;
    return Math.max(floor, Math.round(poor2015 / incidence));
  });
  const poor2015 = planned.filter((h) => poorAtEndOf(h, 2015)).reduce((s, h) => s + h.size, 0);
  const wanted = Math.round(poor2015 / DEMO.incidence2015);
  let total = rural.reduce((a, b) => a + b, 0);
  // Spread the difference over the not-yet-exited villages (lowering an exited one could break its 3 %).
  const adjustable = villageKinds.map((k, v) => (k.startsWith('X') ? -1 : v)).filter((v) => v >= 0);
  const lowest = villageKinds.map((_, v) => Math.ceil(registered(v) * 1.2));
  // a small county (a few hundred households) may have every village at its lowest before the total is met:
  // a whole pass that moves nothing ends the loop (the incidence is then as near 25.3 % as the villages allow)
  for (let i = 0, sincePass = 0; total !== wanted && sincePass <= adjustable.length; i++, sincePass++) {
    const v = adjustable[i % adjustable.length]!;
    const step =
      Math.sign(wanted - total) * Math.min(Math.abs(wanted - total), Math.max(1, Math.floor(Math.abs(wanted - total) / adjustable.length)));
    if (rural[v]! + step < lowest[v]!) continue;
    rural[v] = rural[v]! + step;
    total += step;
    sincePass = 0;
  }
  data.village.forEach((v, i) => (v.ruralPopulation = rural[i]!));
}

/**
 * The planned households, each with its members and its incomes, a village at a time (the plan is in village
 * order): a piece for each village, its ids following the previous village's.
 */
function* householdPieces(random: Random, head: DemoData, planned: PlannedHousehold[]): Generator<DemoData> {
  // resident ID numbers given out so far in the county: each is drawn again until it is new
  const usedIds = new ResidentIdsUsed();
  const groupsByVillage = new Map<number, number[]>();
  for (const g of head.villageGroup) groupsByVillage.set(g.villageId, [...(groupsByVillage.get(g.villageId) ?? []), g.id]);
  const householdSeq = new Map<number, number>();
  const ids = { member: 0, householdIncome: 0 };
  let phoneSeq = 0;
  let data = emptyDemo();

  for (const [index, plan] of planned.entries()) {
    const village = head.village[plan.villageIndex]!;
    const seq = (householdSeq.get(village.id) ?? 0) + 1;
    householdSeq.set(village.id, seq);
    const householdNumber = `${village.code}${String(seq).padStart(4, '0')}`;
    const id = index + 1;
    const exitYear = exitYearOf(plan.fate);
    const status = statusOf(plan.fate);
    const exited = status === 'EXITED';
    const mainCause = random.weighted(CAUSES);
    const secondary = random.shuffle(CAUSES.map(([c]) => c).filter((c) => c !== mainCause)).slice(
      0,
      random.weighted([
        [0, 40],
        [1, 40],
        [2, 20],
      ] as const),
    );
    const groups = groupsByVillage.get(village.id) ?? [];
    const township = TOWNSHIPS[village.townshipId - 1]!;
    data.household.push({
      id,
      householdNumber,
      villageId: village.id,
      groupId: groups.length ? random.pick(groups) : null,
      address: `凌云县${township.name}${village.name}${random.int(1, 120)}号`,
      phone: random.chance(0.85)
        ? `1${random.pick(['38', '39', '58', '59', '77', '80', '87'])}${String(7760000 + ((phoneSeq += 7919) % 9_999_999)).padStart(8, '0')}`
        : null,
      attribute: plan.attribute,
      status,
      continuedSupport: exited && random.chance(0.9),
      identificationYear: plan.identificationYear,
      plannedExitYear: plannedExitYearOf(plan.fate),
      exitYear,
      returnYear: plan.fate === 'RET' ? 2016 : null,
      mainCause,
      secondaryCauses: secondary,
      housingDangerLevel: exited
        ? 'NONE'
        : random.weighted([
            ['NONE', 60],
            ['C', 25],
            ['D', 15],
          ] as const),
      hasSafeWater: exited || random.chance(0.6),
      hasPower: exited || random.chance(0.95),
      hasRoad: exited || random.chance(0.55),
      hasTv: exited || random.chance(0.8),
      arableLandMu: (random.next() * 4 + 0.3).toFixed(2),
      forestLandMu: (random.next() * 12).toFixed(2),
      note: '',
    });
    addMembers(random, data, usedIds, ids, plan, { id, householdNumber, yaoShare: township.yao });
    addIncomes(random, data, ids, plan, id);
    if (planned[index + 1]?.villageIndex !== plan.villageIndex) {
      yield data;
      data = emptyDemo();
    }
  }
}

/**
 * The resident ID numbers used in a county, one bit each: the demo's are all 451027, a birth date and a
 * sequence number, so a bit a date and number (9 MB for two centuries of dates) replaces a set of strings that
 * grew with the county (5.7 million of them at 100×).
 */
class ResidentIdsUsed {
  private static readonly FIRST_YEAR = 1850;
  private static readonly YEARS = 200;
  private readonly bits = new Uint8Array((ResidentIdsUsed.YEARS * 12 * 31 * 1000) / 8);

  private bit(birthDate: string, sequence: number): number {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const year = y - ResidentIdsUsed.FIRST_YEAR;
    if (year < 0 || year >= ResidentIdsUsed.YEARS || sequence < 0 || sequence > 999)
      throw new RangeError(`no demo resident ID for ${birthDate}`);
    return ((year * 12 + m - 1) * 31 + d - 1) * 1000 + sequence;
  }

  has(birthDate: string, sequence: number): boolean {
    const bit = this.bit(birthDate, sequence);
    return (this.bits[bit >> 3]! & (1 << (bit & 7))) !== 0;
  }

  add(birthDate: string, sequence: number): void {
    const bit = this.bit(birthDate, sequence);
    this.bits[bit >> 3] = this.bits[bit >> 3]! | (1 << (bit & 7));
  }
}

/** A household's members: head, spouse, children, then the head's parents or grandchildren; the head gets the household's phone. */
function addMembers(
  random: Random,
  data: DemoData,
  usedIds: ResidentIdsUsed,
  ids: { member: number },
  plan: PlannedHousehold,
  household: { id: number; householdNumber: string; yaoShare: number },
): void {
  const addMember = (
    index: number,
    m: { relation: string; male: boolean; age: number; surname: string; ethnicity: '01' | '08' | '13' },
  ) => {
    const birthDate = birthDateFor(random, m.age);
    let sequence: number;
    do sequence = random.int(0, 499) * 2 + (m.male ? 1 : 0);
    while (usedIds.has(birthDate, sequence));
    usedIds.add(birthDate, sequence);
    const residentId = makeResidentId('451027', birthDate, sequence);
    const age = ageAt(birthDate);
    const inSchool = age >= 6 && age <= 18 && random.chance(age <= 15 ? 0.98 : 0.6);
    const schoolStatus = !inSchool
      ? age < 6 && age >= 3
        ? 'PRESCHOOL'
        : 'NOT_IN_SCHOOL'
      : age <= 12
        ? 'PRIMARY'
        : age <= 15
          ? 'JUNIOR'
          : random.chance(0.6)
            ? 'SENIOR'
            : 'VOCATIONAL';
    const education =
      age < 6
        ? 'PRESCHOOL'
        : inSchool
          ? age <= 12
            ? 'PRIMARY'
            : 'JUNIOR'
          : age > 60
            ? random.weighted([
                ['ILLITERATE', 45],
                ['PRIMARY', 45],
                ['JUNIOR', 10],
              ] as const)
            : random.weighted([
                ['PRIMARY', 30],
                ['JUNIOR', 50],
                ['SENIOR', 12],
                ['VOCATIONAL', 6],
                ['COLLEGE', 2],
              ] as const);
    const health =
      age > 60
        ? random.weighted([
            ['HEALTHY', 50],
            ['CHRONIC', 35],
            ['SERIOUS_ILLNESS', 8],
            ['DISABLED', 7],
          ] as const)
        : random.weighted([
            ['HEALTHY', 88],
            ['CHRONIC', 6],
            ['SERIOUS_ILLNESS', 3],
            ['DISABLED', 3],
          ] as const);
    const working = age >= 16 && age <= 64 && !inSchool && health !== 'SERIOUS_ILLNESS';
    const laborAbility = !working
      ? age > 64 || health === 'DISABLED' || health === 'SERIOUS_ILLNESS'
        ? random.chance(0.5)
          ? 'WEAK'
          : 'LOST'
        : 'NONE'
      : health === 'DISABLED'
        ? 'WEAK'
        : random.chance(0.2)
          ? 'SKILLED'
          : 'NORMAL';
    data.member.push({
      id: ++ids.member,
      householdId: household.id,
      personNumber: `${household.householdNumber}${String(index + 1).padStart(2, '0')}`,
      residentId,
      name: m.surname + givenName(m.male, random, random.chance(0.7)),
      sex: m.male ? 'MALE' : 'FEMALE',
      birthDate,
      ethnicity: m.ethnicity,
      relation: m.relation as never,
      education,
      schoolStatus,
      health,
      laborAbility,
      migrantWorkMonths: working && random.chance(0.45) ? random.int(3, 12) : 0,
      hasMedicalInsurance: random.chance(0.98),
      hasPension: age >= 16 && !inSchool && random.chance(0.9),
      phone: null,
    });
  };

  const ethnicity = random.chance(household.yaoShare) ? '13' : random.chance(0.82) ? '08' : '01';
  const surname = random.pick(SURNAMES[ethnicity === '13' ? 'YAO' : ethnicity === '08' ? 'ZHUANG' : 'HAN']);
  const single = plan.size === 1;
  const headAge = single ? random.int(55, 85) : plan.size >= 6 ? random.int(45, 68) : random.int(28, 62);
  const headMale = random.chance(single ? 0.6 : 0.85);
  let index = 0;
  addMember(index++, { relation: 'HEAD', male: headMale, age: headAge, surname, ethnicity });
  if (index < plan.size)
    addMember(index++, {
      relation: 'SPOUSE',
      male: !headMale,
      age: Math.max(18, headAge + random.int(-5, 4)),
      surname: random.pick(SURNAMES.ZHUANG),
      ethnicity,
    });
  const parentsFirst = headAge < 45;
  if (parentsFirst && index < plan.size && headAge + 24 < 90) {
    const father = random.chance(0.5);
    random.chance(0.5); // keeps the seeded sequence (and so the demo county) as it was
    addMember(index++, { relation: father ? 'FATHER' : 'MOTHER', male: father, age: headAge + random.int(22, 30), surname, ethnicity });
  }
  const children: { age: number }[] = [];
  while (index < plan.size) {
    const childAge = headAge - random.int(20, 40);
    if (childAge < 0 || children.length >= 4) break;
    const male = random.chance(0.52);
    addMember(index++, { relation: male ? 'SON' : 'DAUGHTER', male, age: childAge, surname, ethnicity });
    children.push({ age: childAge });
  }
  while (index < plan.size) {
    const oldest = Math.max(...children.map((c) => c.age), 0);
    if (oldest >= 22) {
      const male = random.chance(0.5);
      addMember(index++, {
        relation: male ? 'GRANDSON' : 'GRANDDAUGHTER',
        male,
        age: random.int(0, Math.min(15, oldest - 20)),
        surname,
        ethnicity,
      });
    } else {
      const male = random.chance(0.5);
      addMember(index++, { relation: male ? 'SON' : 'DAUGHTER', male, age: random.int(0, Math.max(0, headAge - 20)), surname, ethnicity });
    }
  }
  // the head's phone goes on the household too
  const head = data.member[data.member.length - plan.size]!;
  head.phone = data.household.at(-1)!.phone ?? null;
}

/** A household's income of each year it was registered: above the year's poverty line once exited, below it while poor. */
function addIncomes(random: Random, data: DemoData, ids: { householdIncome: number }, plan: PlannedHousehold, householdId: number): void {
  for (const year of [2014, 2015, 2016]) {
    if (year < plan.identificationYear || plan.fate === 'REM') continue;
    const line = POVERTY_LINES[year]!;
    const out = !poorAtEndOf(plan, year);
    const perCapita = out ? line * (1.12 + random.next() * 0.7) : line * (0.45 + random.next() * 0.5);
    const net = perCapita * plan.size;
    const dibao = plan.attribute === 'GENERAL' ? 0 : Math.min(net * 0.5, plan.size * (1000 + random.next() * 600));
    const pension = Math.min(
      net * 0.2,
      data.member.slice(-plan.size).filter((m) => ageAt(m.birthDate) >= 60).length * (960 + (year - 2014) * 120),
    );
    const eco = Math.min(net * 0.05, random.next() * 300);
    const rest = Math.max(0, net - dibao - pension - eco);
    const businessShare = 0.3 + random.next() * 0.4;
    const business = rest * businessShare;
    const expenses = business * (0.1 + random.next() * 0.2);
    data.householdIncome.push({
      id: ++ids.householdIncome,
      householdId,
      year,
      wages: (rest - business).toFixed(2),
      businessIncome: (business + expenses).toFixed(2),
      propertyIncome: '0.00',
      transferDibao: dibao.toFixed(2),
      transferPension: pension.toFixed(2),
      transferEco: eco.toFixed(2),
      transferOther: '0.00',
      businessExpenses: expenses.toFixed(2),
    });
  }
}

/** The rules and the figures the county is measured by: poverty lines, published indicators, the 2016 targets and the townships' shares. */
function addFiguresAndTargets(data: DemoData, planned: PlannedHousehold[]): void {
  const people = (predicate: (h: PlannedHousehold) => boolean) => peopleOf(planned, predicate);
  for (const [year, amount] of Object.entries(POVERTY_LINES)) {
    data.povertyLine.push({
      id: data.povertyLine.length + 1,
      year: Number(year),
      amount: amount.toFixed(2),
      source: year === '2014' || year === '2019' ? '国家扶贫标准（现价），公布数' : '国家扶贫标准（现价），常用数',
    });
  }
  data.publishedIndicator.push(
    {
      id: 1,
      countyId: 1,
      year: 2014,
      indicator: 'RURAL_NET_INCOME_PER_CAPITA',
      value: '4923.00',
      source: '凌云县2016年脱贫攻坚部署会（按2015年增长9.5%推算）',
    },
    { id: 2, countyId: 1, year: 2015, indicator: 'RURAL_NET_INCOME_PER_CAPITA', value: '5391.00', source: '凌云县2016年脱贫攻坚部署会' },
  );
  // the county's own (id 1: the demo county); counties.ts moves them with the rest of a further county's rows
  const addTarget = (t: Omit<Row<'target'>, 'id'>) => data.target.push({ id: data.target.length + 1, countyId: 1, ...t });
  addTarget({
    year: 2016,
    level: 'COUNTY',
    townshipId: null,
    villageId: null,
    subject: 'PEOPLE_EXITED',
    goal: DEMO.target2016People,
    dueDate: '2016-12-31',
    description: '全年完成1.6万贫困人口脱贫',
  });
  addTarget({
    year: 2016,
    level: 'COUNTY',
    townshipId: null,
    villageId: null,
    subject: 'VILLAGES_EXITED',
    goal: DEMO.target2016Villages,
    dueDate: '2016-12-31',
    description: '17个贫困村脱贫摘帽',
  });
  addTarget({
    year: 2016,
    level: 'COUNTY',
    townshipId: null,
    villageId: null,
    subject: 'VILLAGE_EXIT_PLANS',
    goal: 36,
    dueDate: '2016-04-30',
    description: '2017年和2018年分批脱贫摘帽的36个贫困村，4月底做好脱贫摘帽规划',
  });
  // township shares of the county's goals, in proportion to their 2016 batches, summing exactly
  const batchPeople = TOWNSHIPS.map((_, t) =>
    people((h) => data.village[h.villageIndex]!.townshipId === t + 1 && (h.fate === 'E2016' || h.fate === 'P2016')),
  );
  const batchTotal = batchPeople.reduce((a, b) => a + b, 0);
  let assigned = 0;
  TOWNSHIPS.forEach((_, t) => {
    const goal =
      t === TOWNSHIPS.length - 1 ? DEMO.target2016People - assigned : Math.round((DEMO.target2016People * batchPeople[t]!) / batchTotal);
    assigned += goal;
    addTarget({
      year: 2016,
      level: 'TOWNSHIP',
      townshipId: t + 1,
      villageId: null,
      subject: 'PEOPLE_EXITED',
      goal,
      dueDate: '2016-12-31',
      description: '',
    });
    const villages = data.village.filter((v) => v.townshipId === t + 1 && v.plannedExitYear === 2016).length;
    if (villages)
      addTarget({
        year: 2016,
        level: 'TOWNSHIP',
        townshipId: t + 1,
        villageId: null,
        subject: 'VILLAGES_EXITED',
        goal: villages,
        dueDate: '2016-12-31',
        description: '',
      });
  });
}

/**
 * Projects, their funds and payments. Returns the households paid by a project: their heads' names, which the
 * payments carry, are known only once the households are made again (the payments are handed out after them).
 */
function generateProjects(random: Random, data: DemoData, households: HouseholdFacts): Set<number> {
  const poorVillages = data.village.filter((v) => v.isPoorVillage);
  const householdsByVillage = new Map<number, number[]>();
  for (let id = 1; id <= households.count; id++) {
    if (households.status(id) === 'REMOVED') continue;
    const list = householdsByVillage.get(households.villageId(id));
    if (list) list.push(id);
    else householdsByVillage.set(households.villageId(id), [id]);
  }
  const payees = new Set<number>();
  const householdLevel = new Set<ActionCategory>(['INDUSTRY', 'RELOCATION', 'EMPLOYMENT', 'FINANCE', 'ECOMMERCE', 'SOCIAL_TWINNING']);
  const units: Record<ActionCategory, string> = {
    INDUSTRY: '凌云县农业局',
    RELOCATION: '凌云县易地扶贫搬迁指挥部',
    INFRASTRUCTURE: '凌云县交通运输局',
    TOURISM: '凌云县旅游局',
    ECOMMERCE: '凌云县商务局',
    EMPLOYMENT: '凌云县人力资源和社会保障局',
    ASSET_INCOME: '凌云县扶贫开发办公室',
    SCI_EDU_CULTURE_HEALTH: '凌云县教育局',
    FINANCE: '凌云县金融办',
    SOCIAL_TWINNING: '凌云县扶贫开发办公室',
  };
  const budgets: Record<ActionCategory, [number, number]> = {
    INDUSTRY: [80_000, 600_000],
    RELOCATION: [1_000_000, 6_000_000],
    INFRASTRUCTURE: [200_000, 2_500_000],
    TOURISM: [100_000, 800_000],
    ECOMMERCE: [50_000, 300_000],
    EMPLOYMENT: [30_000, 200_000],
    ASSET_INCOME: [300_000, 1_500_000],
    SCI_EDU_CULTURE_HEALTH: [100_000, 900_000],
    FINANCE: [500_000, 3_000_000],
    SOCIAL_TWINNING: [20_000, 150_000],
  };
  const perYear: Record<number, number> = { 2014: 70, 2015: 100, 2016: 130 };
  for (const year of [2014, 2015, 2016]) {
    for (let k = 0; k < perYear[year]!; k++) {
      const category = ACTION_CATEGORIES[k % ACTION_CATEGORIES.length]!.value;
      const village = random.pick(poorVillages);
      const township = data.township[village.townshipId - 1]!;
      const name = random.pick(PROJECT_NAMES[category]!).replace('{v}', village.name).replace('{t}', township.name);
      const [lo, hi] = budgets[category];
      const status =
        year === 2014
          ? 'ACCEPTED'
          : year === 2015
            ? random.weighted([
                ['ACCEPTED', 60],
                ['COMPLETED', 40],
              ] as const)
            : random.weighted([
                ['PLANNED', 20],
                ['APPROVED', 30],
                ['IN_PROGRESS', 40],
                ['COMPLETED', 10],
              ] as const);
      const id = data.project.length + 1;
      data.project.push({
        id,
        countyId: 1,
        code: `LY-${year}-${String(k + 1).padStart(3, '0')}`,
        name: `${year}年${name}`,
        year,
        actionCategory: category,
        programme:
          category === 'INDUSTRY' || category === 'TOURISM' || category === 'ECOMMERCE'
            ? 'INDUSTRY_DEVELOPMENT'
            : category === 'INFRASTRUCTURE' || category === 'RELOCATION'
              ? 'INFRASTRUCTURE'
              : category === 'SCI_EDU_CULTURE_HEALTH'
                ? 'EDUCATION'
                : category === 'SOCIAL_TWINNING'
                  ? 'PARTY_BUILDING'
                  : null,
        implementingUnit: units[category],
        budget: (Math.round((lo + random.next() * (hi - lo)) / 1000) * 1000).toFixed(2),
        status,
        startDate: status === 'PLANNED' ? null : isoDate(year, random.int(3, 6), random.int(1, 28)),
        endDate: status === 'COMPLETED' || status === 'ACCEPTED' ? isoDate(year, random.int(10, 12), random.int(1, 28)) : null,
        description: '',
      });
      const project = data.project[id - 1]!;
      // a project of the day's year is completed by the day of record, after it started
      if (project.endDate && project.endDate > DEMO.asOf)
        project.endDate = dateBetween(project.startDate!, DEMO.asOf, endFraction(project.endDate));
      const sites = new Set([village.id, ...(random.chance(0.3) ? [random.pick(poorVillages).id] : [])]);
      for (const villageId of sites) data.projectSite.push({ id: data.projectSite.length + 1, projectId: id, villageId });
      if (householdLevel.has(category)) {
        const candidates = [...sites].flatMap((v) => householdsByVillage.get(v) ?? []);
        for (const householdId of random.shuffle([...candidates]).slice(0, random.int(5, 25))) {
          data.projectBeneficiary.push({ id: data.projectBeneficiary.length + 1, projectId: id, householdId });
        }
      }
    }
  }

  // Fund sources of every level and year; allocations cover each project's budget; disbursements follow progress.
  const levelsFor = (category: ActionCategory): FundLevel[] =>
    category === 'FINANCE'
      ? ['CREDIT', 'COUNTY']
      : category === 'SOCIAL_TWINNING'
        ? ['SOCIAL', 'PAIRED_UNIT']
        : category === 'INFRASTRUCTURE' || category === 'RELOCATION'
          ? ['CENTRAL', 'REGION', 'EAST_WEST']
          : ['CENTRAL', 'REGION', 'CITY', 'COUNTY', 'EAST_WEST', 'PAIRED_UNIT'];
  const sourceNames: Record<FundLevel, string> = {
    CENTRAL: '中央财政专项扶贫资金',
    REGION: '自治区财政专项扶贫资金',
    CITY: '百色市财政扶贫资金',
    COUNTY: '县本级财政扶贫资金',
    EAST_WEST: '粤桂东西部扶贫协作资金',
    PAIRED_UNIT: '定点帮扶单位帮扶资金',
    SOCIAL: '社会帮扶捐赠资金',
    CREDIT: '扶贫小额信贷资金',
  };
  const docPrefix: Record<FundLevel, string> = {
    CENTRAL: '财农',
    REGION: '桂财农',
    CITY: '百财农',
    COUNTY: '凌财农',
    EAST_WEST: '粤桂协',
    PAIRED_UNIT: '凌扶',
    SOCIAL: '凌扶',
    CREDIT: '凌金办',
  };
  const sourceKey = new Map<string, { id: number; allocated: number }>();
  const allocations: { projectId: number; key: string; amount: number }[] = [];
  for (const project of data.project) {
    const budget = Number(project.budget);
    const levels = levelsFor(project.actionCategory as ActionCategory);
    const split = random.chance(0.4) && levels.length > 1 ? [random.pick(levels), random.pick(levels)] : [random.pick(levels)];
    const parts = new Set(split);
    let left = budget;
    [...parts].forEach((level, i) => {
      const amount = i === parts.size - 1 ? left : Math.round(budget * (0.4 + random.next() * 0.3));
      left -= amount;
      const key = `${project.year}:${level}`;
      if (!sourceKey.has(key)) sourceKey.set(key, { id: sourceKey.size + 1, allocated: 0 });
      sourceKey.get(key)!.allocated += amount;
      allocations.push({ projectId: project.id, key, amount });
    });
  }
  // every level present every year, even where no project drew on it yet
  for (const year of [2014, 2015, 2016])
    for (const level of FUND_LEVELS)
      if (!sourceKey.has(`${year}:${level.value}`)) sourceKey.set(`${year}:${level.value}`, { id: sourceKey.size + 1, allocated: 0 });
  for (const [key, source] of [...sourceKey].sort((a, b) => a[1].id - b[1].id)) {
    const [year, level] = key.split(':') as [string, FundLevel];
    const amount = Math.max(source.allocated * (1 + random.next() * 0.15), 200_000);
    data.fundSource.push({
      id: source.id,
      countyId: 1,
      name: `${year}年${sourceNames[level]}`,
      level,
      year: Number(year),
      documentNumber: `${docPrefix[level]}〔${year}〕${random.int(3, 120)}号`,
      amount: (Math.ceil(amount / 100) * 100).toFixed(2), // rounded up: never below what was allocated from it
      receivedOn: isoDate(Number(year), random.int(1, 5), random.int(1, 28)),
    });
  }
  const beneficiaries = new Map<number, number[]>();
  for (const b of data.projectBeneficiary) beneficiaries.set(b.projectId, [...(beneficiaries.get(b.projectId) ?? []), b.householdId]);
  const sites = new Map<number, number>();
  for (const s of data.projectSite) if (!sites.has(s.projectId)) sites.set(s.projectId, s.villageId);
  for (const a of allocations) {
    const project = data.project[a.projectId - 1]!;
    const id = data.fundAllocation.length + 1;
    data.fundAllocation.push({
      id,
      fundSourceId: sourceKey.get(a.key)!.id,
      projectId: a.projectId,
      amount: a.amount.toFixed(2),
      allocatedOn: isoDate(project.year, random.int(2, 6), random.int(1, 28)),
      documentNumber: '',
    });
    const progress =
      { PLANNED: 0, APPROVED: 0, IN_PROGRESS: 0.3 + random.next() * 0.4, COMPLETED: 0.85 + random.next() * 0.15, ACCEPTED: 1 }[
        project.status as string
      ] ?? 0;
    let left = Math.floor(a.amount * progress);
    const category = project.actionCategory as ActionCategory;
    const payeeHouseholds = beneficiaries.get(project.id) ?? [];
    const allocation = data.fundAllocation[id - 1]!;
    const site = data.village[sites.get(project.id)! - 1]!;
    for (let n = 0; left > 0 && n < 6; n++) {
      const amount = n === 5 ? left : Math.min(left, Math.max(1000, Math.round(left * (0.3 + random.next() * 0.5))));
      left -= amount;
      const payee: Pick<Row<'disbursement'>, 'payeeType' | 'payeeHouseholdId' | 'payeeVillageId' | 'payeeName'> = payeeHouseholds.length &&
      (category === 'INDUSTRY' || category === 'RELOCATION' || category === 'FINANCE')
        ? (() => {
            const householdId = random.pick(payeeHouseholds);
            payees.add(householdId);
            return { payeeType: 'HOUSEHOLD', payeeHouseholdId: householdId, payeeVillageId: null, payeeName: '' }; // the head's, later
          })()
        : category === 'ASSET_INCOME' || category === 'TOURISM' || category === 'SOCIAL_TWINNING'
          ? { payeeType: 'VILLAGE_COLLECTIVE', payeeHouseholdId: null, payeeVillageId: site.id, payeeName: `${site.name}村民委员会` }
          : category === 'ECOMMERCE' || category === 'INDUSTRY'
            ? { payeeType: 'COOPERATIVE', payeeHouseholdId: null, payeeVillageId: null, payeeName: cooperativeName(site.name, project.id) }
            : {
                payeeType: 'CONTRACTOR',
                payeeHouseholdId: null,
                payeeVillageId: null,
                payeeName: random.pick(['凌云县路桥建设有限公司', '百色市华厦建筑工程有限公司', '广西水利电力建设集团有限公司']),
              };
      let paidOn = isoDate(project.year, random.int(6, 12), random.int(1, 28));
      // paid by the day of record: between the later of the project's start and the allocation, and that day
      if (paidOn > DEMO.asOf) paidOn = dateBetween([project.startDate!, allocation.allocatedOn].sort()[1]!, DEMO.asOf, endFraction(paidOn));
      data.disbursement.push({
        id: data.disbursement.length + 1,
        fundAllocationId: id,
        ...payee,
        amount: amount.toFixed(2),
        paidOn,
        voucherNumber: `凭${project.year}-${String(data.disbursement.length + 1).padStart(5, '0')}`,
      });
    }
  }
  return payees;
}

/**
 * Helper units, their pairings with villages (into `head`) and, a unit at a time, its cadres and their pairings
 * with households, each with its measure and visits; last, the poor villages' work teams.
 */
function* twinningPieces(random: Random, head: DemoData, households: HouseholdFacts): Generator<DemoData> {
  HELPER_UNITS.forEach((u, i) => {
    head.helperUnit.push({
      id: i + 1,
      name: u.name,
      kind: u.kind,
      level: u.level,
      contactName: '',
      contactPhone: `0776-76${String(10000 + i * 37).slice(-5)}`,
      address: u.level === 'COUNTY' ? '凌云县泗城镇' : '',
    });
  });
  const units = head.helperUnit;
  // every village is paired with units: one to three for a poor village, one for the others; the first leads
  const unitsOfVillage = new Map<number, number[]>();
  for (const village of head.village) {
    const count = village.isPoorVillage ? random.int(1, 3) : 1;
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(random.pick(units).id);
    const list = [...chosen];
    unitsOfVillage.set(village.id, list);
    list.forEach((helperUnitId, i) =>
      head.unitVillagePairing.push({
        id: head.unitVillagePairing.length + 1,
        helperUnitId,
        villageId: village.id,
        isLead: i === 0,
        startDate: '2015-10-01',
        endDate: null,
        note: i === 0 ? '牵头帮扶单位' : '',
      }),
    );
  }
  // households that need a responsible cadre: the poor, the returned, and those exiting this year
  const byUnit = new Map<number, number[]>();
  for (let h = 1; h <= households.count; h++) {
    const status = households.status(h);
    const exitYear = households.exitYear(h);
    if (!(status === 'POOR' || status === 'RETURNED' || exitYear === 2016 || exitYear === 2015)) continue;
    const unit = random.pick(unitsOfVillage.get(households.villageId(h))!);
    const list = byUnit.get(unit);
    if (list) list.push(h);
    else byUnit.set(unit, [h]);
  }
  let mobile = 0;
  const surnames = ['黄', '罗', '韦', '岑', '陆', '李', '王', '张', '杨', '赵', '覃', '农'];
  const ids = { cadre: 0, cadreHouseholdPairing: 0, assistanceMeasure: 0, visitLog: 0, workTeamAssignment: 0 };
  let data = emptyDemo();
  const newCadre = (helperUnitId: number) => {
    const male = random.chance(0.65);
    const id = ++ids.cadre;
    mobile += 1;
    data.cadre.push({
      id,
      helperUnitId,
      name: random.pick(surnames) + givenName(male, random, random.chance(0.6)),
      sex: male ? 'MALE' : 'FEMALE',
      mobile: `1${random.pick(['38', '39', '50', '51', '77', '88'])}${String(76_000_000 + mobile * 7).slice(-8)}`,
      position: random.pick(['科员', '副主任科员', '主任科员', '副局长', '股长', '干部']),
    });
    return id;
  };
  for (const unit of units) {
    const list = byUnit.get(unit.id) ?? [];
    const cadres = Array.from({ length: Math.max(2, Math.ceil(list.length / 8)) }, () => newCadre(unit.id));
    list.forEach((householdId, i) => {
      const pairingId = ++ids.cadreHouseholdPairing;
      data.cadreHouseholdPairing.push({
        id: pairingId,
        cadreId: cadres[i % cadres.length]!,
        householdId,
        startDate: '2015-10-01',
        endDate: null,
        note: '',
      });
      if (random.chance(0.45)) {
        const category = random.pick(ACTION_CATEGORIES).value;
        data.assistanceMeasure.push({
          id: ++ids.assistanceMeasure,
          cadreHouseholdPairingId: pairingId,
          actionCategory: category,
          description: MEASURE_TEXT[category]!,
          startedOn: isoDate(2016, random.int(1, 5), random.int(1, 28)),
          amount: random.chance(0.4) ? random.money(200, 3000) : null,
        });
      }
      const visits = random.int(1, 4);
      for (let v = 0; v < visits; v++) {
        const year = random.chance(0.4) ? 2015 : 2016;
        const month = year === 2015 ? random.int(10, 12) : random.int(1, 6);
        const date = isoDate(year, month, random.int(1, 28));
        data.visitLog.push({
          id: ++ids.visitLog,
          cadreHouseholdPairingId: pairingId,
          visitedOn: date,
          mode: random.weighted([
            ['IN_PERSON', 75],
            ['PHONE', 20],
            ['MEETING', 4],
            ['VIDEO', 1],
          ] as const),
          content: random.pick(VISIT_CONTENT),
          followUps: random.chance(0.3) ? '下次走访时核实落实情况' : '',
          followUpDue: null,
        });
      }
    });
    yield data;
    data = emptyDemo();
  }
  // a work team with a first secretary in every poor village, from its paired units
  for (const village of head.village.filter((v) => v.isPoorVillage)) {
    const [lead, ...others] = unitsOfVillage.get(village.id)!;
    const secretary = newCadre(lead!);
    data.cadre.at(-1)!.position = '驻村第一书记';
    data.workTeamAssignment.push({
      id: ++ids.workTeamAssignment,
      cadreId: secretary,
      villageId: village.id,
      role: 'FIRST_SECRETARY',
      startDate: '2015-10-01',
      endDate: null,
      note: '',
    });
    const member = newCadre(others[0] ?? lead!);
    data.workTeamAssignment.push({
      id: ++ids.workTeamAssignment,
      cadreId: member,
      villageId: village.id,
      role: 'TEAM_MEMBER',
      startDate: '2015-10-01',
      endDate: null,
      note: '',
    });
  }
  yield data;
}
