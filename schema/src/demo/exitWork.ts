/**
 * The county's work at its day of record, laid over the generated county without touching any figure of the
 * seed (no household's fate, size, status or year changes): households that already meet 八有一超 and await
 * review, some that miss it on exactly one criterion, 2016 exits to be reviewed, villages of the 2016 batch
 * that have done everything but wait for their households to exit, and the cases the alerts exist for (a
 * cadre transferred away, cadres who have not visited this year). Its own seeded sequence: the rest of the
 * demo county comes out exactly as before.
 *
 * Planned from the households' facts (village, status, years) and the pairings' (household, cadre, dates)
 * alone, before any household's rows are made again: the edits are then applied to each piece of households
 * and pairings as it is made (`demoPieces`), so the county need not be held whole to be edited.
 */
import type { DemoData } from './data';
import { Random } from './random';

type Household = DemoData['household'][number];
type Member = DemoData['member'][number];

/** How many of each the county shows: a few dozen, spread over the townships. */
const COUNTS = { candidates: 40, nearMisses: 40, reviews: 36, villageReviews: 4, withoutCadre: 30, withoutVisits: 30 } as const;

/** The one criterion a household misses. */
const MISSES = ['INCOME', 'HOUSING', 'WATER', 'MEDICAL', 'ROAD'] as const;

/** What the exit work needs of a household, by its id (1 to `count`), without its rows. */
export interface HouseholdFacts {
  count: number;
  villageId(id: number): number;
  status(id: number): 'POOR' | 'EXITED' | 'RETURNED' | 'REMOVED';
  exitYear(id: number): number | null;
  plannedExitYear(id: number): number | null;
  /** whether it has an income row for `year` */
  hasIncome(id: number, year: number): boolean;
}

/** Numbers that grow a piece at a time (a 100× county's visits are millions: four bytes each, not a row). */
class Numbers {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  get(index: number): number {
    return this.values[index]!;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }
}

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(iso) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** The pairings' facts, by id (pairing n at index n - 1), recorded from the pieces of a first pass. */
export function twinningFacts() {
  const pairing = {
    household: new Numbers(),
    cadre: new Numbers(),
    start: new Numbers(),
    firstVisit: new Numbers(),
    measure: new Numbers(),
  };
  const visit = { pairing: new Numbers(), day: new Numbers() };
  const measureDay = new Numbers();
  return {
    pairing,
    visit,
    measureDay,
    record(piece: DemoData): void {
      for (const p of piece.cadreHouseholdPairing) {
        pairing.household.push(p.householdId);
        pairing.cadre.push(p.cadreId);
        pairing.start.push(dayOf(p.startDate));
        pairing.firstVisit.push(-1);
        pairing.measure.push(0);
      }
      for (const v of piece.visitLog) {
        if (pairing.firstVisit.get(v.cadreHouseholdPairingId - 1) < 0)
          pairing.firstVisit.set(v.cadreHouseholdPairingId - 1, visit.day.length);
        visit.pairing.push(v.cadreHouseholdPairingId);
        visit.day.push(dayOf(v.visitedOn));
      }
      for (const m of piece.assistanceMeasure) {
        if (pairing.measure.get(m.cadreHouseholdPairingId - 1)) throw new Error('one measure a pairing, at most');
        pairing.measure.set(m.cadreHouseholdPairingId - 1, m.id);
        measureDay.push(dayOf(m.startedOn));
      }
    },
  };
}
export type TwinningFacts = ReturnType<typeof twinningFacts>;

/** An edit of one household, in the order made. */
type HouseholdEdit = { kind: 'meet' } | { kind: 'income'; perCapita: number } | { kind: 'miss'; what: (typeof MISSES)[number] | 'DROPOUT' };

/** The exit work, planned: what `applyExitWorkTo…` does to each piece. */
export interface ExitWork {
  year: number;
  /** the 2016 batch's villages: every registered household's items met */
  batchVillages: Set<number>;
  households: Map<number, HouseholdEdit[]>;
  pairings: Map<number, { endDate: string; note: string }>;
  visits: Map<number, string>;
  measures: Map<number, string>;
}

/** Plans the exit work; adds to `data.projectSite` (an industry project for a village of the batch that has none). */
export function planExitWork(
  data: Pick<DemoData, 'village' | 'povertyLine' | 'project' | 'projectSite'>,
  households: HouseholdFacts,
  twinning: TwinningFacts,
  options: { seed: number; year: number },
): ExitWork {
  const random = new Random(options.seed + 1);
  const line = Number(data.povertyLine.find((l) => l.year === options.year)!.amount);
  const villages = new Map(data.village.map((v) => [v.id, v]));
  const township = (h: number) => villages.get(households.villageId(h))!.townshipId;
  const ids = Array.from({ length: households.count }, (_, i) => i + 1);
  const taken = new Set<number>();
  const work: ExitWork = {
    year: options.year,
    batchVillages: new Set(),
    households: new Map(),
    pairings: new Map(),
    visits: new Map(),
    measures: new Map(),
  };
  const edit = (h: number, change: HouseholdEdit) => {
    const list = work.households.get(h);
    if (list) list.push(change);
    else work.households.set(h, [change]);
  };

  /** `count` of the pool, taken in turn from each township so every township (and its clerk) has some. */
  const spread = <T>(pool: T[], count: number, townshipOf: (item: T) => number): T[] => {
    const byTownship = new Map<number, T[]>();
    for (const item of random.shuffle([...pool])) {
      const list = byTownship.get(townshipOf(item));
      if (list) list.push(item);
      else byTownship.set(townshipOf(item), [item]);
    }
    const lists = [...byTownship.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list);
    const chosen: T[] = [];
    for (let i = 0; chosen.length < count && lists.some((l) => l.length); i++) {
      const next = lists[i % lists.length]!.shift();
      if (next !== undefined) chosen.push(next);
    }
    return chosen;
  };
  const pick = (pool: number[], count: number) => {
    const chosen = spread(
      pool.filter((h) => !taken.has(h)),
      count,
      township,
    );
    for (const h of chosen) taken.add(h);
    return chosen;
  };

  // the 2016 batch of villages: roads, water, power, TV, housing and medical cover done for every registered
  // household, an industry project completed; the exited ones wait only for review, the others for their
  // households to exit (the incidence)
  const villageBatch = data.village.filter((v) => v.isPoorVillage && v.plannedExitYear === options.year);
  const industry = data.project.filter(
    (p) => p.actionCategory === 'INDUSTRY' && p.year <= options.year && (p.status === 'COMPLETED' || p.status === 'ACCEPTED'),
  );
  for (const v of villageBatch) {
    work.batchVillages.add(v.id);
    if (!data.projectSite.some((s) => s.villageId === v.id && industry.some((p) => p.id === s.projectId))) {
      data.projectSite.push({ id: data.projectSite.length + 1, projectId: random.pick(industry).id, villageId: v.id });
    }
  }
  const inBatch = work.batchVillages;
  const batch = ids.filter(
    (h) => households.status(h) === 'POOR' && households.plannedExitYear(h) === options.year && households.hasIncome(h, options.year),
  );
  // awaiting review: income above the line (by 5–35 %) and every other item met
  for (const h of pick(batch, COUNTS.candidates)) {
    edit(h, { kind: 'meet' });
    edit(h, { kind: 'income', perCapita: line * (1.05 + random.next() * 0.3) });
  }
  // one criterion short: income just under the line, or one item not yet met with the income above it (outside
  // the 2016 villages, whose every household has the items a village needs)
  pick(
    batch.filter((h) => !inBatch.has(households.villageId(h))),
    COUNTS.nearMisses,
  ).forEach((h, i) => {
    const what = MISSES[i % MISSES.length]!;
    edit(h, { kind: 'meet' });
    edit(h, { kind: 'income', perCapita: what === 'INCOME' ? line * (0.93 + random.next() * 0.06) : line * (1.05 + random.next() * 0.3) });
    edit(h, { kind: 'miss', what });
  });

  // the 2016 exits: medical cover for all (applied to every such household), but a few dozen households (and
  // a few exited villages through one of their households) fail one item on review: a member without cover, a
  // pupil who left school, housing re-assessed as unsafe
  const exited = ids.filter((h) => households.status(h) === 'EXITED' && households.exitYear(h) === options.year);
  const exitedVillages = villageBatch.filter((v) => v.exitYear === options.year).map((v) => v.id);
  const reviewKinds = ['MEDICAL', 'DROPOUT', 'HOUSING'] as const;
  pick(
    exited.filter((h) => !inBatch.has(households.villageId(h))),
    COUNTS.reviews,
  ).forEach((h, i) => edit(h, { kind: 'miss', what: reviewKinds[i % reviewKinds.length]! }));
  const villageReviews = spread(exitedVillages, COUNTS.villageReviews, (id) => villages.get(id)!.townshipId);
  villageReviews.forEach((id, i) => {
    const [h] = pick(
      exited.filter((x) => households.villageId(x) === id),
      1,
    );
    if (h) edit(h, { kind: 'miss', what: reviewKinds[i % reviewKinds.length]! });
  });

  // alerts: a responsible cadre transferred away this spring, no one paired yet
  const { pairing, visit, measureDay } = twinning;
  const pairingOf = new Map<number, number>();
  for (let p = 1; p <= pairing.household.length; p++) pairingOf.set(pairing.household.get(p - 1), p);
  const visitsOf = function* (p: number) {
    for (let v = pairing.firstVisit.get(p - 1); v >= 0 && v < visit.pairing.length && visit.pairing.get(v) === p; v++) yield v;
  };
  const ended = new Set<number>();
  const poor = ids.filter((h) => households.status(h) === 'POOR' && pairingOf.has(h));
  for (const h of pick(poor, COUNTS.withoutCadre)) {
    const p = pairingOf.get(h)!;
    const start = isoOf(pairing.start.get(p - 1));
    const endDate = dateBetween('2016-04-01', '2016-06-15', random.next());
    work.pairings.set(p, { endDate, note: '帮扶干部调离，待重新安排结对' });
    ended.add(p);
    // nothing on the pairing after it ended
    for (const v of visitsOf(p))
      if (visit.day.get(v) > dayOf(endDate)) {
        const visitedOn = dateBetween(start, endDate, random.next());
        visit.day.set(v, dayOf(visitedOn));
        work.visits.set(v + 1, visitedOn);
      }
    const m = pairing.measure.get(p - 1);
    if (m && measureDay.get(m - 1) > dayOf(endDate)) {
      const startedOn = dateBetween(start, endDate, random.next());
      measureDay.set(m - 1, dayOf(startedOn));
      work.measures.set(m, startedOn);
    }
  }
  // alerts: cadres whose last visits were last autumn, more than 180 days before the day of record
  const householdsOfCadre = new Map<number, number[]>();
  for (let p = 1; p <= pairing.household.length; p++) {
    if (ended.has(p)) continue;
    const list = householdsOfCadre.get(pairing.cadre.get(p - 1));
    if (list) list.push(pairing.household.get(p - 1));
    else householdsOfCadre.set(pairing.cadre.get(p - 1), [pairing.household.get(p - 1)]);
  }
  const lateCadres = spread(
    [...householdsOfCadre.entries()].filter(([, list]) => list.every((h) => !taken.has(h))),
    COUNTS.withoutVisits,
    ([, list]) => township(list[0]!),
  );
  const lateCadreIds = new Set(lateCadres.map(([id]) => id));
  const since = dayOf('2016-01-01');
  for (let v = 0; v < visit.pairing.length; v++) {
    if (lateCadreIds.has(pairing.cadre.get(visit.pairing.get(v) - 1)) && visit.day.get(v) >= since) {
      const visitedOn = dateBetween('2015-10-08', '2015-12-28', random.next());
      visit.day.set(v, dayOf(visitedOn));
      work.visits.set(v + 1, visitedOn);
    }
  }
  return work;
}

/** The exit work on a piece of households (one village's, with their members and incomes). */
export function applyExitWorkToHouseholds(work: ExitWork, piece: Pick<DemoData, 'household' | 'member' | 'householdIncome'>): void {
  const membersOf = new Map<number, Member[]>();
  for (const m of piece.member) {
    const list = membersOf.get(m.householdId);
    if (list) list.push(m);
    else membersOf.set(m.householdId, [m]);
  }
  const incomeOf = new Map(piece.householdIncome.filter((i) => i.year === work.year).map((i) => [i.householdId, i]));
  const insured = (h: Household) => {
    for (const m of membersOf.get(h.id)!) m.hasMedicalInsurance = true;
  };
  /** Every item of 八有一超 met, except the income, which is set apart. */
  const meetConditions = (h: Household) => {
    Object.assign(h, { housingDangerLevel: 'NONE', hasSafeWater: true, hasPower: true, hasRoad: true, hasTv: true });
    for (const m of membersOf.get(h.id)!) {
      m.hasMedicalInsurance = true;
      if (m.schoolStatus === 'DROPPED_OUT') m.schoolStatus = 'NOT_IN_SCHOOL';
    }
  };
  /** The year's income scaled so that its per-capita net income is `perCapita` (all parts in proportion). */
  const setIncome = (h: Household, perCapita: number) => {
    const income = incomeOf.get(h.id)!;
    const parts = [
      'wages',
      'businessIncome',
      'propertyIncome',
      'transferDibao',
      'transferPension',
      'transferEco',
      'transferOther',
      'businessExpenses',
    ] as const;
    const net = parts.reduce((sum, part) => sum + (part === 'businessExpenses' ? -1 : 1) * Number(income[part]), 0);
    const factor = (perCapita * membersOf.get(h.id)!.length) / net;
    for (const part of parts) income[part] = (Number(income[part]) * factor).toFixed(2);
  };
  const miss = (h: Household, what: (typeof MISSES)[number] | 'DROPOUT') => {
    const members = membersOf.get(h.id)!;
    const pupil = members.find((m) => ['PRIMARY', 'JUNIOR'].includes(m.schoolStatus as string));
    if (what === 'HOUSING') h.housingDangerLevel = 'C';
    else if (what === 'WATER') h.hasSafeWater = false;
    else if (what === 'ROAD') h.hasRoad = false;
    else if (what === 'DROPOUT' && pupil) pupil.schoolStatus = 'DROPPED_OUT';
    else if (what !== 'INCOME') members[members.length - 1]!.hasMedicalInsurance = false;
  };
  // in the order planned: the batch villages' items, the year's exits' cover, then each household's own edits
  // (a household that is edited is either poor, with no cover to add, or one of the year's exits)
  for (const h of piece.household) {
    if (work.batchVillages.has(h.villageId) && h.status !== 'REMOVED') {
      Object.assign(h, { housingDangerLevel: 'NONE', hasSafeWater: true, hasPower: true, hasRoad: true, hasTv: true });
      insured(h);
    }
    if (h.status === 'EXITED' && h.exitYear === work.year) insured(h);
    for (const change of work.households.get(h.id) ?? [])
      if (change.kind === 'meet') meetConditions(h);
      else if (change.kind === 'income') setIncome(h, change.perCapita);
      else miss(h, change.what);
  }
}

/** The exit work on a piece of pairings: ended pairings, and visits and measures moved to before their end or to last autumn. */
export function applyExitWorkToTwinning(
  work: ExitWork,
  piece: Pick<DemoData, 'cadreHouseholdPairing' | 'visitLog' | 'assistanceMeasure'>,
): void {
  for (const p of piece.cadreHouseholdPairing) {
    const change = work.pairings.get(p.id);
    if (change) {
      p.endDate = change.endDate;
      p.note = change.note;
    }
  }
  for (const v of piece.visitLog) v.visitedOn = work.visits.get(v.id) ?? v.visitedOn;
  for (const m of piece.assistanceMeasure) m.startedOn = work.measures.get(m.id) ?? m.startedOn;
}

/** The day `fraction` of the way from `from` to `to` (ISO dates), never before `from` nor after `to`. */
export function dateBetween(from: string, to: string, fraction: number): string {
  const start = Date.parse(from);
  const end = Math.max(start, Date.parse(to));
  return new Date(start + Math.round(((end - start) / DAY) * fraction) * DAY).toISOString().slice(0, 10);
}
