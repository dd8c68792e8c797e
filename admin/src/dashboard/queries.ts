/**
 * Every GraphQL document the dashboard sends, in one place: the cards use them, and so does the benchmark
 * that times them (test/bench/dashboard.ts). Plain strings and functions, no React.
 */

/** The signed-in user's role and scope. */
export const SCOPE = `query DashboardScope { me { role helperUnit { id name } townships { id name } villages { id name } } }`;

/** Labels of the codes the cards show (fund levels, statuses, record types…) in both languages, asked once. */
export const CODE_LABELS = `query CodeLabels($names: [String!]) { codeTables(names: $names) { name entries { value zh en } } }`;
export const CODE_TABLES = ['ActionCategory', 'FundLevel', 'ProjectStatus', 'RecordType', 'TargetSubject', 'VisitMode'];

/** The years the seed's story covers (精准扶贫 registration from 2014 to the 2016 report). */
export const YEARS = [2014, 2015, 2016] as const;

/** The year whose targets the seed sets (16,000 people and 17 villages out of poverty in 2016). */
export const TARGET_YEAR = 2016;

/** A division of a reader's scope, as the cards ask for figures: the county has no ID. */
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

/** The townships of the county, or (a clerk) the villages of her scope. */
export const TOWNSHIPS = '{ list: townships(first: 100) { nodes { id name } } }';
export const VILLAGES = 'query Villages($filter: VillageFilter) { list: villages(first: 500, filter: $filter) { nodes { id name } } }';

/**
 * Divisions are reference data every user reads, so lists and figures of villages are not narrowed by the
 * hub: a clerk's cards ask for her townships' (or villages') own. Null for the county.
 */
export function villageFilter(areas: AreaRef[]): Record<string, unknown> | null {
  if (areas.some((a) => a.kind === 'county')) return null;
  return { or: areas.map((a) => (a.kind === 'township' ? { townshipId: a.id } : { id: { eq: a.id } })) };
}

export const TARGETS = `query TargetProgress($year: Int!) { targetProgress(year: $year) { level subject goal progress dueDate township { name } village { name } } }`;

export const VILLAGE_BATCHES = `query VillageBatches($filter: VillageFilter!) {
  villagesStats(groupBy: [PLANNED_EXIT_YEAR, EXIT_YEAR], filter: { and: [{ isPoorVillage: { eq: true } }, $filter] }) { plannedExitYear exitYear count }
}`;

// Fund sources by level (county money: a clerk sees none), and allocations and disbursements grouped by their
// fund source's level and their project's action category, within the reader's scope (a clerk's: the
// projects in her township).
export const FUNDS = `query Funds {
  sourcesByLevel: fundSourcesStats(groupBy: [LEVEL]) { fundLevel: level sum { amount } }
  allocatedByLevel: fundAllocationsStats(groupBy: [FUND_LEVEL]) { fundLevel sum { amount } }
  disbursedByLevel: disbursementsStats(groupBy: [FUND_LEVEL]) { fundLevel sum { amount } }
  allocatedByCategory: fundAllocationsStats(groupBy: [ACTION_CATEGORY]) { actionCategory sum { amount } }
  disbursedByCategory: disbursementsStats(groupBy: [ACTION_CATEGORY]) { actionCategory sum { amount } }
}`;

export const PROJECTS_BY_STATUS = 'query ProjectsByStatus { projectsStats(groupBy: [STATUS]) { status count sum { budget } } }';

export const RECENT_CHANGES = `query RecentChanges($first: Int) { recentChanges(first: $first) { at actorName operation recordType recordId changedFields } }`;

// Everything here is already narrowed by the hub to the partner's own unit and its pairings.
export const PARTNER_TWINNING = `query PartnerTwinning {
  villages: unitVillagePairings { totalCount }
  cadres { totalCount }
  households: cadreHouseholdPairings { totalCount }
  visits: visitLogs { totalCount }
  visitLogsStats(groupBy: [MODE]) { mode count }
}`;
