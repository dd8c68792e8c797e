/** The demo county's rows, table by table, as generate.ts makes them and exitWork.ts and load.ts use them. */
import type { Insertable } from 'kysely';
import type { Database } from '../db/database';

/** A row of table T as the demo makes it: what an insert takes, with its id chosen ahead. */
export type Row<T extends keyof Database> = Insertable<Database[T]> & { id: number };

/**
 * The demo's tables in foreign-key order: the order they are loaded in, and the one list of what a county's rows hold
 * (DemoData, an empty county, the moves of counties.ts are all built from it).
 */
export const DEMO_TABLES = [
  'county',
  'township',
  'village',
  'villageGroup',
  'household',
  'member',
  'householdIncome',
  'povertyLine',
  'target',
  'publishedIndicator',
  'project',
  'projectSite',
  'projectBeneficiary',
  'fundSource',
  'fundAllocation',
  'disbursement',
  'helperUnit',
  'cadre',
  'unitVillagePairing',
  'workTeamAssignment',
  'cadreHouseholdPairing',
  'assistanceMeasure',
  'visitLog',
] as const satisfies readonly (keyof Database)[];

export type DemoTable = (typeof DEMO_TABLES)[number];

export type DemoData = { [T in DemoTable]: Row<T>[] };

/** A county with no rows yet, every table empty. */
export const emptyDemo = (): DemoData => Object.fromEntries(DEMO_TABLES.map((table) => [table, []])) as unknown as DemoData;
