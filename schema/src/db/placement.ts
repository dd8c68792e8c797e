/**
 * Where every table goes when the hub grows past one primary (docs/scaling.md): Citus, distributed by county.
 *
 * - `county`: a county's records (households, members, incomes, pairings, visits…). Sharded by a county key and
 *   co-located, so that a county's reads and writes stay on one node. Each must reach `county` today by a chain of
 *   NOT NULL foreign keys (the county key the plan adds is then derived, never guessed), unless it is one of the
 *   gaps named in COUNTY_KEY_GAPS, and every unique key it has is listed.
 * - `reference`: small tables every node needs whole (divisions, code-like tables, helper units and cadres,
 *   who serve several counties): replicated to every node. None may point at a county table.
 * - `global`: the hub's own bookkeeping on the coordinator (accounts, sessions, the audit log, import jobs, the
 *   partner change log). None may point at a county table, nor a county table at them.
 *
 * test/schema.rules.test.ts checks this manifest against a freshly migrated database: a new table must be
 * placed here, a new unique key of a county table listed, before any test passes.
 */
export type Placement = 'county' | 'reference' | 'global';

/**
 * The unique keys of county tables that are national by law (户编号, 人编号, 身份证号): they must stay unique across
 * county shards, by the county code the number begins with (household and person numbers) or a lookup table of
 * their own (resident ID). Every other unique key of a county table is unique within the county: the plan adds
 * `county_id` to it (`id` becomes `(county_id, id)`), as Citus enforces a unique key only when it holds the
 * distribution column.
 */
export const NATIONAL_KEYS: readonly string[] = ['household_household_number_key', 'member_person_number_key', 'member_resident_id_key'];

export interface TablePlacement {
  placement: Placement;
  /** county tables: every unique index, by name */
  unique?: readonly string[];
}

const county = (...unique: string[]): TablePlacement => ({ placement: 'county', unique });
const reference: TablePlacement = { placement: 'reference' };
const global: TablePlacement = { placement: 'global' };

export const TABLE_PLACEMENT: Record<string, TablePlacement> = {
  // divisions: a few thousand rows in a province, read by every query that groups or scopes
  county: reference,
  township: reference,
  village: reference,
  village_group: reference,
  // code-like tables: national or provincial figures and rules
  poverty_line: reference,
  exit_criteria_set: reference,
  exit_criterion: reference,
  // partner units and their cadres are paired with villages and households of several counties
  helper_unit: reference,
  cadre: reference,

  household: county('household_pkey', 'household_household_number_key'),
  member: county('member_pkey', 'member_one_head', 'member_person_number_key', 'member_resident_id_key'),
  household_income: county('household_income_pkey', 'household_income_household_id_year_key'),
  household_size: county('household_size_pkey'),
  household_tally: county('household_tally_key'),
  cadre_household_pairing: county('cadre_household_pairing_pkey', 'cadre_household_pairing_cadre_id_household_id_start_date_key'),
  assistance_measure: county('assistance_measure_pkey'),
  visit_log: county('visit_log_pkey'),
  unit_village_pairing: county(
    'unit_village_pairing_pkey',
    'unit_village_pairing_helper_unit_id_village_id_start_date_key',
    'unit_village_pairing_one_lead',
  ),
  work_team_assignment: county(
    'work_team_assignment_pkey',
    'work_team_assignment_cadre_id_village_id_start_date_key',
    'work_team_one_first_secretary',
  ),
  project_site: county('project_site_pkey', 'project_site_project_id_village_id_key'),
  project_beneficiary: county('project_beneficiary_pkey', 'project_beneficiary_project_id_household_id_key'),
  project: county('project_pkey', 'project_county_id_code_key'),
  fund_source: county('fund_source_pkey'),
  fund_allocation: county('fund_allocation_pkey', 'fund_allocation_fund_source_id_project_id_key'),
  disbursement: county('disbursement_pkey'),
  target: county('target_pkey', 'target_unique'),
  published_indicator: county('published_indicator_pkey', 'published_indicator_county_id_indicator_year_key'),

  app_user: global,
  user_scope: global,
  user_session: global,
  api_token: global,
  sign_in_failure: global,
  audit_log: global,
  import_job: global,
  // an import's transaction marked while it writes household sizes once (migration 2026-12-07-01): one row, for the transaction
  household_size_bulk: global,
  twinning_change: global,
  twinning_change_horizon: global,
  hub_migration: global,
  hub_migration_lock: global,
};

/**
 * County tables that reach no county by foreign keys today, with what the plan adds (docs/scaling.md). A table
 * that comes to reach the county must leave this list (the test checks both ways).
 */
export const COUNTY_KEY_GAPS: Record<string, string> = {};
