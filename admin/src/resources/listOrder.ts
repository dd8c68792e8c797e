/**
 * Each list's order until the user sorts it (a click on a column's header), by resource. Here rather than
 * in the resource folders because the page's first script (boot.ts) asks for a list's first rows before the
 * admin's code — the folders, react-admin, MUI — has loaded; a module without imports.
 */
export interface ListOrder {
  field: string;
  order: 'ASC' | 'DESC';
}

const ORDERS: Readonly<Record<string, ListOrder>> = {
  // divisions
  townships: { field: 'code', order: 'ASC' },
  villages: { field: 'code', order: 'ASC' },
  villageGroups: { field: 'name', order: 'ASC' },
  // households
  households: { field: 'householdNumber', order: 'ASC' },
  members: { field: 'personNumber', order: 'ASC' },
  householdIncomes: { field: 'year', order: 'DESC' },
  // projects and funds
  projects: { field: 'year', order: 'DESC' },
  fundSources: { field: 'year', order: 'DESC' },
  fundAllocations: { field: 'fundSourceId', order: 'ASC' },
  disbursements: { field: 'paidOn', order: 'DESC' },
  // twinning
  helperUnits: { field: 'name', order: 'ASC' },
  cadres: { field: 'name', order: 'ASC' },
  cadreHouseholdPairings: { field: 'householdId', order: 'ASC' },
  visitLogs: { field: 'visitedOn', order: 'DESC' },
  // targets
  povertyLines: { field: 'year', order: 'ASC' },
  targets: { field: 'year', order: 'ASC' },
  publishedIndicators: { field: 'year', order: 'ASC' },
};

const BY_ID: ListOrder = { field: 'id', order: 'ASC' };

/** The list's order until the user sorts it: its own, or the records' ids (the same object each time). */
export function listOrder(resource: string): ListOrder {
  return ORDERS[resource] ?? BY_ID;
}
