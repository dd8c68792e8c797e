/**
 * Every GraphQL document the dashboard sends, in one place: the cards use them, and so does the benchmark
 * that times them (test/bench/dashboard.ts). Plain strings and functions, no React.
 */

/** The signed-in user's role and scope. */
export const SCOPE = `query DashboardScope { me { role helperUnit { id name } townships { id name } villages { id name } } }`;

/** Labels of the codes the cards show (fund levels, statuses, record types…) in both languages, asked once. */
export const CODE_LABELS = `query CodeLabels($names: [String!]) { codeTables(names: $names) { name entries { value zh en } } }`;
export const CODE_TABLES = ['ActionCategory', 'FundLevel', 'ProjectStatus', 'RecordType', 'TargetSubject', 'VisitMode'];

/** The county's day of record and the years its records cover: every card's years come from here. */
export const DAY_OF_RECORD = 'query DayOfRecord { dayOfRecord { asOf configured firstYear latestYear } }';

export interface DayOfRecord {
  asOf: string;
  configured: boolean;
  firstYear: number | null;
  latestYear: number | null;
}

/** The years the cards show, taken from the data, so a real county's dashboard is right on its first day. */
export interface RecordPeriod {
  /** the day of record, ISO */
  asOf: string;
  /** every year from the first of the records to the latest with figures (at least the day's year) */
  years: number[];
  /** the latest year with figures: its targets and progress */
  targetYear: number;
  /** the latest year whose end the day of record has reached (year-end figures), else the first year */
  yearEnd: number;
}

export function recordPeriod(day: DayOfRecord): RecordPeriod {
  const dayYear = Number(day.asOf.slice(0, 4));
  const latest = day.latestYear ?? dayYear;
  const first = Math.min(day.firstYear ?? latest, latest);
  const years = Array.from({ length: latest - first + 1 }, (_, i) => first + i);
  const closed = day.asOf.endsWith('-12-31') ? dayYear : dayYear - 1;
  return { asOf: day.asOf, years, targetYear: latest, yearEnd: Math.max(first, Math.min(closed, latest)) };
}

/** A division of a reader's scope, as the cards ask for figures: a county chosen on the dashboard has its ID, the whole hub none. */
export interface AreaRef {
  id: string | null;
  kind: 'county' | 'township' | 'village';
}

/**
 * Many `povertyOverview`s in one request: one aliased field per division and year (the hub answers each
 * with one statement). Variables $d0, $d1… are the divisions' IDs.
 */
export function overviewsDocument(name: string, divisions: number, years: readonly number[]): string {
  const variables = Array.from({ length: divisions }, (_, i) => `$d${i}: ID`).join(', ');
  const fields = Array.from({ length: divisions }, (_, i) =>
    years.map((year) => `d${i}_${year}: povertyOverview(year: ${year}, divisionId: $d${i}) { ...Figures }`).join('\n'),
  ).join('\n');
  return `query ${name}(${variables}) {\n${fields}\n}\nfragment Figures on PovertyOverview { year incidence poorPeople exitedPeople ruralPopulation }`;
}

/** The hub allows 50 aliases a request; a long list of villages takes a few requests. */
export const ALIASES_PER_REQUEST = 48;

/** The townships of the county (of the county chosen: its filter), or (a clerk) the villages of her scope. */
export const TOWNSHIPS = 'query Townships($filter: TownshipFilter) { list: townships(first: 100, filter: $filter) { nodes { id name } } }';

/** The counties the reader sees: more than one, and the dashboard offers a choice of county (issue 16). */
export const COUNTIES = '{ counties(first: 200) { nodes { id name } } }';
export const VILLAGES = 'query Villages($filter: VillageFilter) { list: villages(first: 500, filter: $filter) { nodes { id name } } }';

/**
 * Divisions are reference data every user reads, so lists and figures of villages are not narrowed by the
 * hub: a clerk's cards ask for her townships' (or villages') own. Null for the county.
 */
export function villageFilter(areas: AreaRef[]): Record<string, unknown> | null {
  const county = areas.find((a) => a.kind === 'county');
  if (county) return county.id ? { countyId: county.id } : null;
  return { or: areas.map((a) => (a.kind === 'township' ? { townshipId: a.id } : { id: { eq: a.id } })) };
}

/** The targets of the year, of one county when one is chosen (each county's targets count its own records). */
export const TARGETS = `query TargetProgress($year: Int!, $countyId: ID) {
  targetProgress(year: $year, countyId: $countyId) { level subject goal progress dueDate county { name } township { name } village { name } }
}`;

/** The county chosen among the areas (a county's id), if any: its targets and money, not the whole hub's. */
export function chosenCounty(areas: AreaRef[]): string | null {
  return areas.find((a) => a.kind === 'county' && a.id)?.id ?? null;
}

/** A county filter for the money's grouped figures (null: all the reader may see). */
export const countyFilter = (countyId: string | null) => (countyId ? { countyId } : null);

export const VILLAGE_BATCHES = `query VillageBatches($filter: VillageFilter!) {
  villagesStats(groupBy: [PLANNED_EXIT_YEAR, EXIT_YEAR], filter: { and: [{ isPoorVillage: { eq: true } }, $filter] }) { plannedExitYear exitYear count }
}`;

// Fund sources by level (county money: a clerk sees none), and allocations and disbursements grouped by their
// fund source's level and their project's action category, within the reader's scope (a clerk's: the
// projects in her township).
export const FUNDS = `query Funds($s: FundSourceFilter, $a: FundAllocationFilter, $d: DisbursementFilter) {
  sourcesByLevel: fundSourcesStats(groupBy: [LEVEL], filter: $s) { fundLevel: level sum { amount } }
  allocatedByLevel: fundAllocationsStats(groupBy: [FUND_LEVEL], filter: $a) { fundLevel sum { amount } }
  disbursedByLevel: disbursementsStats(groupBy: [FUND_LEVEL], filter: $d) { fundLevel sum { amount } }
  allocatedByCategory: fundAllocationsStats(groupBy: [ACTION_CATEGORY], filter: $a) { actionCategory sum { amount } }
  disbursedByCategory: disbursementsStats(groupBy: [ACTION_CATEGORY], filter: $d) { actionCategory sum { amount } }
}`;

export const PROJECTS_BY_STATUS =
  'query ProjectsByStatus($filter: ProjectFilter) { projectsStats(groupBy: [STATUS], filter: $filter) { status count sum { budget } } }';

export const RECENT_CHANGES = `query RecentChanges($first: Int) { recentChanges(first: $first) { at actorName operation recordType recordId changedFields } }`;

// Everything here is already narrowed by the hub to the partner's own unit and its pairings.
export const PARTNER_TWINNING = `query PartnerTwinning {
  villages: unitVillagePairings { totalCount }
  cadres { totalCount }
  households: cadreHouseholdPairings { totalCount }
  visits: visitLogs { totalCount }
  visitLogsStats(groupBy: [MODE]) { mode count }
}`;
