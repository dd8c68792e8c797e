/**
 * The six reads of `pnpm bench --peers` (issue 13), each written three times by hand: for the hub's GraphQL
 * API, for PostGraphile v5's (amber preset, tables as they are in the database), and as the statement of the
 * bare SQL server (test/bench/peers/sqlServer.mjs, by the read's letter). Each also says how to reduce an
 * answer to the ids it holds, so the bench can check once, before timing, that the three return the same
 * records. Only GraphQL and SQL: nothing here depends on the hub's code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the three peers' answers: untyped JSON of three shapes
type Json = any;

/** What the bench found in the seeded database, the reads' arguments. */
export interface ReadContext {
  /** villages the measured user may see; null: all (an administrator) */
  villages: number[] | null;
  /** the visible village with the most POOR households (read C) */
  poorVillage: number;
  /** visible households, for node by id (read D) */
  households: number[];
  /** the helper unit with the most pairings, how many it has, and its snapshot's cursor just before them (read F) */
  partnerUnit: number;
  partnerPairings: number;
  partnerSince: string;
}

export interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

export interface Read {
  letter: string;
  name: string;
  hub: (context: ReadContext, i: number) => Request;
  /** signed in as the partner account instead of the measured user */
  hubAsPartner?: boolean;
  postgraphile: (context: ReadContext, i: number) => Request;
  /** the SQL server's parameters */
  sql: (context: ReadContext, i: number) => unknown[];
  /** each answer's records as comparable strings, in the answer's order */
  ids: { hub: (data: Json) => string[]; postgraphile: (data: Json) => string[]; sql: (data: Json) => string[] };
}

/** the database id in one of the hub's global ids (base64 of "Type:id") */
export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}
const hubId = (record: { id: string }) => rowIdOf(record.id);
/** a list of records with their children's ids: "3[7,8]" */
const withChildren = (id: unknown, children: unknown[]) => `${String(id)}[${children.join(',')}]`;
/** a household for node by id: the i-th request's, the same for every peer */
const pick = (context: ReadContext, i: number) => context.households[(i * 7919) % context.households.length]!;
/** PostGraphile's variables filtering on the visible villages (connection-filter); none for all (it refuses an empty or null filter) */
const villageFilter = (context: ReadContext) => (context.villages ? { filter: { villageId: { in: context.villages } } } : {});
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

export const READS: Read[] = [
  {
    letter: 'A',
    name: '100 households with village and members',
    hub: () => ({
      query: `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber status village { name } members { id name relation birthDate } } } }`,
    }),
    postgraphile: (context) => ({
      query: `query ($filter: HouseholdFilter) { allHouseholds(first: 100, filter: $filter, orderBy: HOUSEHOLD_NUMBER_ASC) { nodes {
        rowId householdNumber status villageByVillageId { name } membersByHouseholdId(orderBy: PRIMARY_KEY_ASC) { nodes { rowId name relation birthDate } } } } }`,
      variables: villageFilter(context),
    }),
    sql: (context) => [context.villages],
    ids: {
      hub: (data) => data.households.nodes.map((h: Json) => withChildren(hubId(h), h.members.map(hubId))),
      postgraphile: (data) =>
        data.allHouseholds.nodes.map((h: Json) =>
          withChildren(
            h.rowId,
            h.membersByHouseholdId.nodes.map((m: Json) => m.rowId),
          ),
        ),
      sql: (data) =>
        data.map((h: Json) =>
          withChildren(
            h.id,
            h.members.map((m: Json) => m.id),
          ),
        ),
    },
  },
  {
    letter: 'B',
    name: '20 villages × 10 households × members',
    hub: () => ({
      query: `{ villages(first: 20) { nodes { id name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber members { id name } } } } } }`,
    }),
    postgraphile: (context) => ({
      // every user sees every village (divisions are public); a clerk only its township's households
      query: `query ($filter: HouseholdFilter) { allVillages(first: 20, orderBy: CODE_ASC) { nodes { rowId name
        householdsByVillageId(first: 10, filter: $filter, orderBy: HOUSEHOLD_NUMBER_ASC) { nodes { rowId householdNumber membersByHouseholdId(orderBy: PRIMARY_KEY_ASC) { nodes { rowId name } } } } } } }`,
      variables: villageFilter(context),
    }),
    sql: (context) => [context.villages],
    ids: {
      // a village's households, each with its members: "v:h[m,m] h[m]"
      hub: (data) =>
        data.villages.nodes.map(
          (v: Json) => `${hubId(v)}:${v.households.nodes.map((h: Json) => withChildren(hubId(h), h.members.map(hubId))).join(' ')}`,
        ),
      postgraphile: (data) =>
        data.allVillages.nodes.map(
          (v: Json) =>
            `${v.rowId}:${v.householdsByVillageId.nodes
              .map((h: Json) =>
                withChildren(
                  h.rowId,
                  h.membersByHouseholdId.nodes.map((m: Json) => m.rowId),
                ),
              )
              .join(' ')}`,
        ),
      sql: (data) =>
        data.map(
          (v: Json) =>
            `${v.id}:${v.households
              .map((h: Json) =>
                withChildren(
                  h.id,
                  h.members.map((m: Json) => m.id),
                ),
              )
              .join(' ')}`,
        ),
    },
  },
  {
    letter: 'C',
    name: '50 poor households of one village + totalCount',
    hub: (context) => ({
      query: `query ($v: ID!) { households(first: 50, filter: { villageId: $v, status: { eq: POOR } }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { id householdNumber plannedExitYear } } }`,
      variables: { v: globalId('Village', context.poorVillage) },
    }),
    postgraphile: (context) => ({
      query: `query ($v: Int!) { allHouseholds(first: 50, condition: { villageId: $v, status: "POOR" }, orderBy: HOUSEHOLD_NUMBER_ASC) { totalCount nodes { rowId householdNumber plannedExitYear } } }`,
      variables: { v: context.poorVillage },
    }),
    sql: (context) => [context.poorVillage],
    ids: {
      hub: (data) => [`total ${data.households.totalCount}`, ...data.households.nodes.map(hubId)],
      postgraphile: (data) => [
        `total ${data.allHouseholds.totalCount}`,
        ...data.allHouseholds.nodes.map((h: { rowId: number }) => String(h.rowId)),
      ],
      sql: (data) => [`total ${data.total}`, ...data.nodes.map((h: { id: number }) => String(h.id))],
    },
  },
  {
    letter: 'D',
    name: 'node by id',
    hub: (context, i) => ({
      query: `query ($id: ID!) { node(id: $id) { ... on Household { id householdNumber status phone } } }`,
      variables: { id: globalId('Household', pick(context, i)) },
    }),
    postgraphile: (context, i) => ({
      query: `query ($id: Int!) { householdByRowId(rowId: $id) { rowId householdNumber status phone } }`,
      variables: { id: pick(context, i) },
    }),
    sql: (context, i) => [pick(context, i)],
    ids: {
      hub: (data) => [hubId(data.node), data.node.householdNumber],
      postgraphile: (data) => [String(data.householdByRowId.rowId), data.householdByRowId.householdNumber],
      sql: (data) => [String(data.id), data.household_number],
    },
  },
  {
    letter: 'E',
    name: 'grouped: households by village × status (count, land)',
    hub: () => ({ query: `{ householdsStats(groupBy: [VILLAGE, STATUS]) { village { id } status count sum { arableLandMu } } }` }),
    postgraphile: (context) => ({
      query: `query ($filter: HouseholdFilter) { allHouseholds(filter: $filter) { groupedAggregates(groupBy: [VILLAGE_ID, STATUS]) { keys distinctCount { rowId } sum { arableLandMu } } } }`,
      variables: villageFilter(context),
    }),
    sql: (context) => [context.villages],
    ids: {
      // groups as "village status count land", sorted: the three order groups differently
      hub: (data) =>
        data.householdsStats.map((g: Json) => `${hubId(g.village)} ${g.status} ${g.count} ${Number(g.sum.arableLandMu).toFixed(2)}`).sort(),
      postgraphile: (data) =>
        data.allHouseholds.groupedAggregates
          .map((g: Json) => `${g.keys[0]} ${g.keys[1]} ${g.distinctCount.rowId} ${Number(g.sum.arableLandMu).toFixed(2)}`)
          .sort(),
      sql: (data) => data.map((g: Json) => `${g.village_id} ${g.status} ${g.count} ${Number(g.arable_land_mu).toFixed(2)}`).sort(),
    },
  },
  {
    letter: 'F',
    name: "partner sync page (100 of a unit's pairings)",
    hubAsPartner: true,
    hub: (context) => ({
      // a unit with fewer than 100 pairings: the page stops where they end (the snapshot's next type follows)
      query: `query ($since: String, $first: Int) { twinningChanges(since: $since, first: $first) { cursor hasMore changes { __typename ... on Node { id } ... on CadreHouseholdPairing { version startDate endDate note } } } }`,
      variables: { since: context.partnerSince, first: Math.min(100, context.partnerPairings) },
    }),
    postgraphile: (context) => ({
      query: `query ($unit: Int!) { allCadreHouseholdPairings(first: 100, orderBy: PRIMARY_KEY_ASC, filter: { cadreByCadreId: { helperUnitId: { equalTo: $unit } } }) {
        nodes { rowId version startDate endDate note } } }`,
      variables: { unit: context.partnerUnit },
    }),
    sql: (context) => [context.partnerUnit],
    ids: {
      // a change of another type would show as "Type:id" and so never match the peers' pairings
      hub: (data) =>
        data.twinningChanges.changes.map((c: Json) =>
          c.__typename === 'CadreHouseholdPairing' ? `${hubId(c)} v${c.version}` : `${c.__typename}:${c.id}`,
        ),
      postgraphile: (data) =>
        data.allCadreHouseholdPairings.nodes.map((p: { rowId: number; version: number }) => `${p.rowId} v${p.version}`),
      sql: (data) => data.map((p: { id: number; version: number }) => `${p.id} v${p.version}`),
    },
  },
];
