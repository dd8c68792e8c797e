/** The demo county's rows, table by table, as generate.ts makes them and exitWork.ts and load.ts use them. */
import type { Insertable } from 'kysely';
import type { Database } from '../db/database';

/** A row of table T as the demo makes it: what an insert takes, with its id chosen ahead. */
export type Row<T extends keyof Database> = Insertable<Database[T]> & { id: number };

export interface DemoData {
  county: Row<'county'>[];
  township: Row<'township'>[];
  village: Row<'village'>[];
  villageGroup: Row<'villageGroup'>[];
  household: Row<'household'>[];
  member: Row<'member'>[];
  householdIncome: Row<'householdIncome'>[];
  povertyLine: Row<'povertyLine'>[];
  target: Row<'target'>[];
  publishedIndicator: Row<'publishedIndicator'>[];
  project: Row<'project'>[];
  projectSite: Row<'projectSite'>[];
  projectBeneficiary: Row<'projectBeneficiary'>[];
  fundSource: Row<'fundSource'>[];
  fundAllocation: Row<'fundAllocation'>[];
  disbursement: Row<'disbursement'>[];
  helperUnit: Row<'helperUnit'>[];
  cadre: Row<'cadre'>[];
  unitVillagePairing: Row<'unitVillagePairing'>[];
  workTeamAssignment: Row<'workTeamAssignment'>[];
  cadreHouseholdPairing: Row<'cadreHouseholdPairing'>[];
  assistanceMeasure: Row<'assistanceMeasure'>[];
  visitLog: Row<'visitLog'>[];
}
