/**
 * Where every table goes when the hub grows past one primary (docs/scaling.md): Citus, distributed by county.
 *
 * - `county`: a county's records (households, members, incomes, pairings, visits…). Sharded by a county key and
 *   co-located, so that a county's reads and writes stay on one node. Each must reach `county` today by a chain of
 *   NOT NULL foreign keys (the county key the plan adds is then derived, never guessed), unless it is one of the
 *   `gap`s named below, and every unique key it has is listed with what becomes of it.
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
 * What a unique key of a county table becomes when the table is sharded by county (Citus enforces a unique
 * key only when it holds the distribution column):
 * - `county`: unique within a county; the plan adds `county_id` to it (`id` becomes `(county_id, id)`);
 * - `national`: unique in the whole country by law (户编号, 人编号, 身份证号): it must stay so across shards, by
 *   the county code the number begins with (household and person numbers) or a lookup table of its own (resident ID).
 */
export type UniqueKeyPlan = 'county' | 'national';

export interface TablePlacement {
  placement: Placement;
  /** county tables: every unique index, by name, with its plan */
  unique?: Record<string, UniqueKeyPlan>;
  /** county tables that do not reach `county` by foreign keys today: what the plan adds (docs/scaling.md) */
  gap?: string;
}

export const TABLE_PLACEMENT: Record<string, TablePlacement> = {
  // divisions: a few thousand rows in a province, read by every query that groups or scopes
  county: { placement: 'reference' },
  township: { placement: 'reference' },
  village: { placement: 'reference' },
  village_group: { placement: 'reference' },
  // code-like tables: national or provincial figures and rules
  poverty_line: { placement: 'reference' },
  exit_criteria_set: { placement: 'reference' },
  exit_criterion: { placement: 'reference' },
  // partner units and their cadres are paired with villages and households of several counties
  helper_unit: { placement: 'reference' },
  cadre: { placement: 'reference' },

  household: {
    placement: 'county',
    unique: { household_pkey: 'county', household_household_number_key: 'national' },
  },
  member: {
    placement: 'county',
    unique: { member_pkey: 'county', member_one_head: 'county', member_person_number_key: 'national', member_resident_id_key: 'national' },
  },
  household_income: { placement: 'county', unique: { household_income_pkey: 'county', household_income_household_id_year_key: 'county' } },
  household_size: { placement: 'county', unique: { household_size_pkey: 'county' } },
  household_tally: { placement: 'county', unique: { household_tally_key: 'county' } },
  cadre_household_pairing: {
    placement: 'county',
    unique: { cadre_household_pairing_pkey: 'county', cadre_household_pairing_cadre_id_household_id_start_date_key: 'county' },
  },
  assistance_measure: { placement: 'county', unique: { assistance_measure_pkey: 'county' } },
  visit_log: { placement: 'county', unique: { visit_log_pkey: 'county' } },
  unit_village_pairing: {
    placement: 'county',
    unique: {
      unit_village_pairing_pkey: 'county',
      unit_village_pairing_helper_unit_id_village_id_start_date_key: 'county',
      unit_village_pairing_one_lead: 'county',
    },
  },
  work_team_assignment: {
    placement: 'county',
    unique: {
      work_team_assignment_pkey: 'county',
      work_team_assignment_cadre_id_village_id_start_date_key: 'county',
      work_team_one_first_secretary: 'county',
    },
  },
  project_site: { placement: 'county', unique: { project_site_pkey: 'county', project_site_project_id_village_id_key: 'county' } },
  project_beneficiary: {
    placement: 'county',
    unique: { project_beneficiary_pkey: 'county', project_beneficiary_project_id_household_id_key: 'county' },
  },
  project: {
    placement: 'county',
    unique: { project_pkey: 'county', project_code_key: 'county' },
    gap: 'a project names its villages (project_site) but not its county: gains county_id',
  },
  fund_source: {
    placement: 'county',
    unique: { fund_source_pkey: 'county' },
    gap: 'a fund source is received by a county, which it does not name: gains county_id',
  },
  fund_allocation: {
    placement: 'county',
    unique: { fund_allocation_pkey: 'county', fund_allocation_fund_source_id_project_id_key: 'county' },
    gap: "reaches no county until project and fund_source have one: gains county_id (checked equal to both parents')",
  },
  disbursement: {
    placement: 'county',
    unique: { disbursement_pkey: 'county' },
    gap: "its allocation's county: gains county_id with the allocation",
  },
  target: {
    placement: 'county',
    unique: { target_pkey: 'county', target_unique: 'county' },
    gap: 'a county-level target names neither township nor village: gains county_id (not null)',
  },
  published_indicator: {
    placement: 'county',
    unique: { published_indicator_pkey: 'county', published_indicator_indicator_year_key: 'county' },
    gap: "the county's published figures: gains county_id",
  },

  app_user: { placement: 'global' },
  user_scope: { placement: 'global' },
  user_session: { placement: 'global' },
  api_token: { placement: 'global' },
  sign_in_failure: { placement: 'global' },
  audit_log: { placement: 'global' },
  import_job: { placement: 'global' },
  twinning_change: { placement: 'global' },
  twinning_change_horizon: { placement: 'global' },
  hub_migration: { placement: 'global' },
  hub_migration_lock: { placement: 'global' },
};
