import pg from 'pg';
import { READABLE_BELOW, SYNC_TYPES } from '../../schema/src/twinning/sync';
import type { TestServer } from './server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** One pull: each record with its version (and a few fields the tests look at), tombstones as they come. */
export const PULL = `query ($since: String, $first: Int, $unit: ID) {
  twinningChanges(since: $since, first: $first, helperUnitId: $unit) {
    cursor hasMore
    changes {
      __typename
      ... on Node { id }
      ${SYNC_TYPES.map((type) => `... on ${type} { version }`).join('\n      ')}
      ... on Household { address }
      ... on Member { name }
      ... on VisitLog { content }
      ... on CadreHouseholdPairing { note cadre { id } }
      ... on DeletedRecord { id typename deletedAt }
    }
  }
}`;

export interface Credentials {
  cookie?: string;
  token?: string;
}

/**
 * A partner's copy, kept the way docs/partners.md tells a sync job to: apply a page, then store its cursor;
 * a record replaces the copy's, a tombstone removes it. `pages` keeps what every page brought.
 */
export class Replica {
  records = new Map<string, Any>();
  cursor: string | null = null;
  pages: Any[][] = [];

  constructor(
    private readonly server: TestServer,
    private readonly as: Credentials,
    private readonly unit: string | null = null,
    /** waits until what was written has become readable (see `Horizon`) */
    private readonly settle: () => Promise<void> = async () => {},
  ) {}

  /** One page; throws on a GraphQL error. */
  async page(first = 100): Promise<{ changes: Any[]; hasMore: boolean; cursor: string }> {
    const result = await this.server.graphql<Any>(PULL, { since: this.cursor, first, unit: this.unit }, this.as);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const page = result.data!.twinningChanges;
    for (const change of page.changes as Any[]) {
      if (change.__typename === 'DeletedRecord') this.records.delete(change.id);
      else this.records.set(change.id, change);
    }
    this.cursor = page.cursor;
    this.pages.push(page.changes);
    return page;
  }

  /** Pages until there is no more; returns every change of those pages, in order. */
  async pull(first = 100, settle = true): Promise<Any[]> {
    if (settle) await this.settle();
    const changes: Any[] = [];
    for (;;) {
      const page = await this.page(first);
      changes.push(...page.changes);
      if (!page.hasMore) return changes;
    }
  }

  /** id → version of the copy. */
  versions(): Map<string, number> {
    return new Map([...this.records].map(([id, r]) => [id, r.version as number]));
  }
}

/** id → version of everything the caller sees through the plain lists: what a complete copy must hold. */
export async function visibleThroughLists(server: TestServer, as: Credentials): Promise<Map<string, number>> {
  const lists: Record<string, string> = {
    HelperUnit: 'helperUnits',
    Cadre: 'cadres',
    UnitVillagePairing: 'unitVillagePairings',
    WorkTeamAssignment: 'workTeamAssignments',
    Household: 'households',
    Member: 'members',
    HouseholdIncome: 'householdIncomes',
    CadreHouseholdPairing: 'cadreHouseholdPairings',
    VisitLog: 'visitLogs',
    AssistanceMeasure: 'assistanceMeasures',
  };
  const query = `{ ${SYNC_TYPES.map((type) => `${lists[type]}(first: 500) { totalCount nodes { id version } }`).join(' ')} }`;
  const result = await server.graphql<Any>(query, {}, as);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const versions = new Map<string, number>();
  for (const list of Object.values(result.data!) as Any[]) {
    if (list.totalCount > 500) throw new Error('more than one page: the test county is meant to be small');
    for (const node of list.nodes as Any[]) versions.set(node.id, node.version);
  }
  return versions;
}

/**
 * A reader is handed only transactions older than every transaction of its database still running
 * (READABLE_BELOW: another database's are passed over), so a test's own transactions, still committing on
 * another connection, may delay it. Tests that expect a change to be readable wait for that first, as a sync
 * job's next run would.
 */
export class Horizon {
  private client: pg.Client | null = null;

  constructor(private readonly url: string) {}

  private async probe(): Promise<pg.Client> {
    if (!this.client) {
      this.client = new pg.Client({ connectionString: this.url });
      await this.client.connect();
    }
    return this.client;
  }

  /** Waits until every transaction up to `xid` (default: every one begun so far) has finished. */
  async passed(xid?: string): Promise<void> {
    const client = await this.probe();
    const target = xid ?? (await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid')).rows[0]!.xid;
    for (let waited = 0; ; waited += 50) {
      const { rows } = await client.query<{ passed: boolean }>(`select ${READABLE_BELOW} > $1::xid8 as passed`, [target]);
      if (rows[0]!.passed) return;
      if (waited > 120_000) throw new Error(`transaction ${target} or an older one of this database has been running for two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}
