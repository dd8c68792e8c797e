/**
 * The national register sheet (人员名单) into households and members, set-based: the file is streamed row by
 * row into the job's staging table (COPY on PostgreSQL; kept from the preview for its apply, staged.ts), then
 * every check across rows and against the database is a query over a copy of it, and the merge is a handful
 * of statements (insert … select, update … from … where … is distinct from, audit rows by insert … select).
 * Nothing is written a row at a time.
 *
 * Keys: a household by 户编号; a member by 人编号, or by 证件号码 where the row has no person number.
 * Only values that changed are written (the version moves and an audit row is written only then), so the
 * same file imported twice changes nothing the second time.
 *
 * A household in two sheets under two villages is a move (one household): it goes to the village that is
 * not its village in the hub, and its rows in the sheet of the old village are left aside. A household the
 * hub does not have yet, named under two villages, is a problem: which village is new cannot be told.
 */
import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import type { Text } from '../errors';
import { enterScope } from '../access/rowSecurity';
import type { FieldSpec, FieldSpecs } from '../graph/fields';
import { householdFields, memberFields } from '../households/fields';
import { perCapitaNetIncome } from '../households/income';
import { householdRules, memberRules } from '../households/rules';
import { householdResource } from '../households/household';
import { memberResource } from '../households/member';
import { villageResource } from '../divisions/village';
import { policy, readAs } from '../graph/scope';
import type { Viewer } from '../access/viewer';
import type { Database } from '../db/database';
import { AUDIT_INSERT, auditActor, auditJson, snake } from './auditSql';
import { MAX_KEPT_PROBLEMS, sortProblems, type ImportProblem } from './contract';
import type { EngineRun, ImportOutcome } from './engine';
import { NATIONAL_COLUMNS, parseRegisterRow, type RegisterRow } from './nationalSheet';
import { readTableBatches, type SheetStart } from './read/index';
import { Rollback, importTimeouts, inImportTransaction, type ImportSession, type Tx } from './session';
import { dropStagedRows, keptStagedRows, stageTable, stagingKey } from './staged';
import { importTiming, type StepTimer } from './timing';
import type { ImportCount, ImportMissingRecord } from './tables';

/** The household fields the national sheet carries (beside its number and divisions). */
export const SHEET_HOUSEHOLD_FIELDS = [
  'attribute',
  'status',
  'mainCause',
  'secondaryCauses',
  'housingDangerLevel',
  'hasSafeWater',
  'hasPower',
  'hasTv',
  'arableLandMu',
  'forestLandMu',
  'phone',
  'identificationYear',
  'plannedExitYear',
  'exitYear',
  'returnYear',
  'address',
] as const;
/** The member fields it carries. */
export const SHEET_MEMBER_FIELDS = [
  'personNumber',
  'name',
  'residentId',
  'sex',
  'birthDate',
  'relation',
  'ethnicity',
  'education',
  'schoolStatus',
  'health',
  'laborAbility',
  'migrantWorkMonths',
  'hasMedicalInsurance',
  'hasPension',
  'phone',
] as const;

type HouseholdField = (typeof SHEET_HOUSEHOLD_FIELDS)[number];
type MemberField = (typeof SHEET_MEMBER_FIELDS)[number];

/** Where each staged value came from in the sheet: the reader's column key (register sheet, nationalSheet.ts). */
export const SHEET_KEYS = {
  county: 'county',
  township: 'township',
  village: 'village',
  group: 'group',
  householdNumber: 'householdNumber',
  householdSize: 'householdSize',
  dataDate: 'dataDate',
  perCapitaIncome: 'perCapitaIncome',
  household: (field: HouseholdField) => `household.${field}`,
  member: (field: MemberField) => `member.${field}`,
};

const H = (field: string) => `h_${snake(field)}`;
const M = (field: string) => `m_${snake(field)}`;
const STAGE_COLUMNS = [
  'seq',
  'sheet',
  'row',
  'flagged',
  'county',
  'township',
  'village',
  'grp',
  'household_number',
  'household_size',
  'data_date',
  'per_capita_income',
  ...SHEET_HOUSEHOLD_FIELDS.map(H),
  ...SHEET_MEMBER_FIELDS.map(M),
];

/** A value as staged text: what COPY and the casts in SQL take. */
function staged(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // a list of codes as an array literal (codes are plain words)
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  return String(value);
}

/** The SQL type a field's staged text is cast to. */
function sqlType(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'int':
      return 'int';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'decimal':
      return 'numeric';
    case 'enumList':
      return 'text[]';
    default:
      return 'text';
  }
}

/** A field's default as an SQL literal, for a blank cell of a field that cannot be null. */
function defaultLiteral(spec: FieldSpec): string | null {
  if (!('defaultValue' in spec) || spec.defaultValue === undefined) return null;
  const value = spec.defaultValue;
  return typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
}

interface Sheet {
  start: SheetStart;
  index: number;
}

const t = (zh: string, en: string): Text => ({ zh, en });

export async function importNationalRegister(run: EngineRun): Promise<ImportOutcome> {
  const { database, job, viewer } = run;
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const add = (problem: ImportProblem) => {
    problemCount++;
    if (problems.length < MAX_KEPT_PROBLEMS) problems.push(problem);
  };
  const sheets: Sheet[] = [];
  const at = (sheetIndex: number, row: number, key: string | null, value: string | null, message: Text): ImportProblem => {
    const sheet = sheets[sheetIndex]!.start;
    const column = key ? sheet.columns[key] : undefined;
    return { sheet: sheet.sheet, row, column: column?.column ?? null, header: column?.header ?? null, value, message };
  };
  const counts = (households: Omit<ImportCount, 'recordType'>, members: Omit<ImportCount, 'recordType'>): ImportCount[] => [
    { recordType: 'Household', ...households },
    { recordType: 'Member', ...members },
  ];
  const none = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  let outcome: ImportOutcome = { counts: counts(none, none), problems, problemCount: 0, missing: [], dataDate: null };
  const finish = (extra: Partial<ImportOutcome> = {}): ImportOutcome => ({
    ...outcome,
    ...extra,
    problems: sortProblems(
      problems,
      sheets.map((s) => s.start.sheet),
    ),
    problemCount,
  });

  const timing = importTiming();
  // 1. The file's rows into the job's staging table, with the checks that need only the row; an apply after
  // its preview finds them there (staged.ts)
  const key = stagingKey(job, job.sha256);
  let staged = run.apply ? await keptStagedRows(database, job, key) : null;
  if (staged) {
    sheets.push(...staged.sheets.map((start, index) => ({ start, index })));
    timing('staged rows of the preview reused');
  } else {
    await dropStagedRows(database, job.id);
    const rowsStaged = await inImportTransaction(database, async ({ stage, tx }) => {
      await timing.measure(tx);
      return stageRows(run, { stage, tx }, sheets, add, at);
    });
    staged = { key, sheets: sheets.map((s) => s.start), rowsTotal: rowsStaged, problemCount };
    await database.db
      .updateTable('importJob')
      .set({ staged: JSON.stringify(staged) })
      .where('id', '=', job.id)
      .execute();
    timing('staged');
  }
  const rowsTotal = staged.rowsTotal;
  return inImportTransaction(database, async ({ tx }) => {
    await timing.measure(tx);
    // the checks and the merge hash the staged rows (30–40 MB at the demo county): in memory, not in batches on disk
    await sql`set local work_mem = '64MB'`.execute(tx);
    // no JIT: in a hub of many counties the checks' estimated costs pass jit_above_cost, and compiling a statement
    // took 2–4 s of processor time each (auto_explain at 100 counties) for statements that run in well under that
    await sql`set local jit = off`.execute(tx);
    run.progress({ rowsTotal, rowsRead: rowsTotal });
    if (!sheets.length || rowsTotal === 0) {
      add({
        sheet: job.fileName,
        row: 0,
        column: null,
        header: null,
        value: null,
        message: t(
          '文件中没有找到人员名单的数据行（需要“户编号”“姓名”等列）',
          'No rows of the register sheet were found (it needs columns such as 户编号 and 姓名)',
        ),
      });
      throw new Rollback(finish());
    }
    // the reader fills some fields from other columns: sex and birth date from the ID number, and so on
    const derivedFrom: Record<string, string> = {
      'member.sex': 'member.residentId',
      'member.birthDate': 'member.residentId',
      'household.identificationYear': 'personIdentificationDate',
      'member.hasMedicalInsurance': 'member.hasSeriousIllnessInsurance',
    };
    // a field is imported when every sheet has its column; a sheet without it leaves it alone
    const everywhere = (key: string) => sheets.every((s) => key in s.start.columns || (derivedFrom[key] ?? '') in s.start.columns);
    const hFields = SHEET_HOUSEHOLD_FIELDS.filter((f) => everywhere(SHEET_KEYS.household(f)));
    const mFields = SHEET_MEMBER_FIELDS.filter((f) => everywhere(SHEET_KEYS.member(f)));
    const checks = new Checks(tx, sheets, at, add);
    // 2. The staged rows with their places and keys in the hub (as the owner: a clerk's row may name a household she cannot see)
    await checks.rows(stageTable(job.id));
    timing('copied');
    // divisions by name under the file's county
    await checks.divisions();
    timing('divisions');
    await checks.moves();
    timing('moves');
    await checks.households(hFields);
    timing('households');
    await checks.members();
    timing('members');
    await checks.scope(viewer);
    await checks.householdTable(hFields, problemCount);
    timing('householdTable');
    await checks.returnYears(hFields);
    await checks.incomes();
    await checks.missingColumns(hFields, mFields, job.fileName);
    timing('missingColumns');
    run.progress({ rowsChecked: rowsTotal });

    const dataDate = (await sql<{ d: string | null }>`select max(data_date) as d from import_row`.execute(tx)).rows[0]?.d ?? null;
    const merge = new Merge(tx, hFields, mFields, job.deleteMissing);
    const missing = await merge.missing();
    const householdCounts = await merge.householdCounts();
    const memberCounts = await merge.memberCounts(missing.length);
    timing('counts');
    outcome = {
      counts: counts(householdCounts, memberCounts),
      problems,
      problemCount,
      missing,
      dataDate: /^\d{4}-\d{2}-\d{2}$/.test(dataDate ?? '') ? dataDate : null,
    };
    if (problemCount) throw new Rollback(finish());

    // 3. The merge, as the importer: row-level security backs up the scope checks above. A preview runs it
    // too, and rolls it back: whatever the database would still refuse (a rule no check above knows) is a
    // problem of the preview, not a failure of the apply.
    await sql`grant select, update on import_row, import_household to hub_app`.execute(tx);
    await sql`savepoint hub_import_merge`.execute(tx);
    // the new households' size rows written once, after their members, by the merge's last statement: the
    // transaction marked as the owner, which hub_app cannot do (migration 2026-12-07-01)
    if (householdCounts.created) await sql`insert into household_size_bulk (xact) values (pg_current_xact_id())`.execute(tx);
    await enterScope(tx, viewer, importTimeouts(database));
    try {
      await merge.apply(
        viewer,
        job.id,
        { households: householdCounts, members: memberCounts },
        rowsTotal,
        (rowsWritten) => run.apply && run.progress({ rowsWritten }),
        timing,
      );
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!/^(23|22|42501)/.test(code)) throw error;
      await sql`rollback to savepoint hub_import_merge`.execute(tx);
      add({
        sheet: sheets[0]!.start.sheet,
        row: 0,
        column: null,
        header: null,
        value: (error as { detail?: string }).detail ?? null,
        message: t(
          `数据库拒绝了写入（${(error as { constraint?: string }).constraint ?? code}）：${(error as Error).message}`,
          `The database refused the write (${(error as { constraint?: string }).constraint ?? code}): ${(error as Error).message}`,
        ),
      });
      throw new Rollback(finish());
    }
    timing('merged');
    if (!run.apply) throw new Rollback(finish());
    run.progress({ rowsWritten: rowsTotal });
    return finish();
  });
}

type At = (sheet: number, row: number, key: string | null, value: string | null, message: Text) => ImportProblem;

/**
 * Streams the file into the job's staging table (created here, in the caller's transaction), with the checks
 * that need only the row; answers how many rows were staged. Exported for test/bench/importStaging.ts (the
 * staging alone, measured).
 */
export async function stageRows(
  run: EngineRun,
  { stage, tx }: ImportSession,
  sheets: Sheet[],
  add: (problem: ImportProblem) => void,
  at: At,
): Promise<number> {
  const { job } = run;
  const table = stageTable(job.id);
  await sql
    .raw(
      `create unlogged table ${table} (${STAGE_COLUMNS.map((c) => `${c} ${c === 'seq' || c === 'sheet' || c === 'row' ? 'int' : 'text'}`).join(', ')})`,
    )
    .execute(tx);
  const stager = await stage(table, STAGE_COLUMNS);
  let seq = 0;
  let current: Sheet | null = null;
  for await (const items of readTableBatches(job.file, NATIONAL_COLUMNS, { onRow: (rowsRead) => run.progress({ rowsRead }) }))
    for (const item of items) {
      if (item.kind === 'problem') {
        add(item.problem);
        continue;
      }
      if (item.kind === 'sheet') {
        current = { start: item, index: sheets.length };
        sheets.push(current);
        continue;
      }
      if (!current) continue;
      const parsed = parseRegisterRow(item, current.start);
      for (const p of parsed.problems) add(p);
      const row: RegisterRow = parsed.row;
      if (!parsed.problems.length) ruleProblems(row, current.index, item.row, at).forEach(add);
      seq++;
      const pushed = stager.push(stagedLine(seq, current.index, item.row, parsed.problems.length > 0, row));
      if (pushed) await pushed;
    }
  await stager.end();
  // its sizes and values for the planner of the checks, here and at the apply that reuses the rows
  await analyzeQuickly(tx, table);
  return seq;
}

/** One row's staged values, in STAGE_COLUMNS' order. */
function stagedLine(seq: number, sheet: number, rowNumber: number, flagged: boolean, row: RegisterRow): (string | null)[] {
  const values: (string | null)[] = [
    String(seq),
    String(sheet),
    String(rowNumber),
    // a row with a problem of its own is not blamed again for the blanks that problem left
    flagged ? 't' : null,
    staged(row.county),
    staged(row.township),
    staged(row.village),
    staged(row.group),
    staged(row.householdNumber),
    staged(row.householdSize),
    staged(row.dataDate),
    staged(row.perCapitaIncome),
  ];
  for (const f of SHEET_HOUSEHOLD_FIELDS) values.push(staged(row.household[f]));
  for (const f of SHEET_MEMBER_FIELDS) values.push(staged(row.member[f]));
  return values;
}

/**
 * `analyze` of a staged table from a sample of 3,000 rows (statistics target 10) rather than 30,000: the
 * planner needs its size, each column's width and roughly how many distinct keys (households, people) it
 * holds, and sorting a 30,000-row sample of each of some 50 columns was most of the apply's "copied" step
 * (2.0 s against 0.14 s on 53,585 rows, measured; the distinct household numbers still estimated within 15 %).
 */
async function analyzeQuickly(tx: Tx, table: string): Promise<void> {
  await sql`select set_config('default_statistics_target', '10', true)`.execute(tx);
  await sql.raw(`analyze ${table}`).execute(tx);
  await sql`set local default_statistics_target to default`.execute(tx);
}

/** The record rules (years and status, ID number and birth date) on one row's values, placed on their cells. */
function ruleProblems(row: RegisterRow, sheet: number, rowNumber: number, at: At): ImportProblem[] {
  const found: ImportProblem[] = [];
  const household = { ...row.household };
  if (household.status !== undefined && household.identificationYear !== undefined) {
    for (const rule of householdRules) {
      for (const issue of rule(household)) {
        const field = issue.field as HouseholdField;
        if (!(field in household)) continue; // a rule about a field the sheet does not carry (continued support)
        found.push(at(sheet, rowNumber, SHEET_KEYS.household(field), staged(household[field]), issue.text));
      }
    }
  }
  const member = { ...row.member };
  if (member.residentId && member.birthDate && member.sex) {
    for (const rule of memberRules) {
      for (const issue of rule(member)) {
        const field = issue.field as MemberField;
        found.push(at(sheet, rowNumber, SHEET_KEYS.member(field), staged(member[field]), issue.text));
      }
    }
  }
  return found;
}

interface Located {
  sheet: number;
  row: number;
  value: string | null;
}

// One equality of arrays (whose nulls compare equal), not three: it can be hashed, 570,000 rows against the
// places, and the planner, knowing the places' keys distinct, expects one place a row (three equalities of
// expressions made it expect 4 rows in all, and probe the hub's households and members by index a row at a time)
const SAME_PLACE = 'p.place = array[r.township, r.village, r.grp]';

/**
 * `[left] join` the member a staged row `r` names (`m` in `condition`; person number and ID number are unique), as
 * `alias`, looked up by its index row by row: as a plain join the planner hashed the whole member table, two seq
 * scans of 5.6 million members for a county's 55,000 rows in a hub of a hundred counties (auto_explain). resident_id
 * is char(18): the staged text is compared as bpchar (no length: nothing truncated), or its index is not used.
 */
function memberBy(alias: string, condition: RawBuilder<unknown>, join: 'join' | 'left join' = 'left join') {
  return sql`${sql.raw(join)} lateral (select m.id, m.household_id, m.person_number from member m where ${condition} limit 1) ${sql.raw(alias)} on true`;
}

/** `join` the household whose id is `column` of `r`, by its primary key row by row (a hash join read all 1.3 million). */
function householdOf(column: string) {
  return sql`join lateral (select * from household where household.id = ${sql.raw(column)} limit 1) household on true`;
}

/** The checks across rows and against the database, each one query over the staging table. */
class Checks {
  constructor(
    private tx: Tx,
    private sheets: Sheet[],
    private at: (sheet: number, row: number, key: string | null, value: string | null, message: Text) => ImportProblem,
    private add: (problem: ImportProblem) => void,
  ) {}

  private async each<R extends Located>(query: RawBuilder<R>, key: string | null, message: (row: R) => Text): Promise<R[]> {
    const rows = (await query.execute(this.tx)).rows;
    for (const r of rows) this.add(this.at(r.sheet, r.row, key, r.value, message(r)));
    return rows;
  }

  private county: { id: number; name: string; code: string } | undefined;

  /**
   * The staged rows into `import_row`, each with its place (village and group ids, by name under the hub's
   * county), its household and its member in the hub (a member by person number, else by ID number), in one
   * write of the rows: adding each by an update rewrote every wide row once more (three times, before).
   */
  async rows(stage: string): Promise<void> {
    const { tx } = this;
    // The file's county: the one its rows name (by name, 12- or 6-digit code) most often; with one county in the
    // hub, that one. A hub of several counties (issue 16) takes each county's register into its own divisions.
    this.county = (
      await sql<{ id: number; name: string; code: string }>`select c.id, c.name, c.code from county c
        left join (select county, count(*) as n from ${sql.raw(stage)} where county is not null group by county) s
          on s.county in (c.name, c.code, substr(c.code, 1, 6))
        group by c.id order by coalesce(sum(s.n), 0) desc, c.id limit 1`.execute(tx)
    ).rows[0];
    if (!this.county) throw new Error('the hub has no county: seed or create it before importing');
    await sql`create temp table import_place on commit drop as
      select array[d.township, d.village, d.grp] as place, d.township, d.village, d.grp, tw.id as township_id, v.id as village_id, g.id as group_id
      from (select distinct township, village, grp from ${sql.raw(stage)}) d
      left join township tw on tw.county_id = ${this.county.id} and tw.name = d.township
      left join village v on v.township_id = tw.id and v.name = d.village
      left join village_group g on g.village_id = v.id and g.name = d.grp`.execute(tx);
    // sizes known, so that the rows meet their places by a hash join (a guess of a few rows made it a nested loop)
    await sql`analyze import_place`.execute(tx);
    await sql`create temp table import_row on commit drop as
      select r.*, p.village_id, p.group_id, false as dropped, h.id as household_id,
        coalesce(pm.id, im.id) as member_id, coalesce(pm.household_id, im.household_id) as member_household_id
      from ${sql.raw(stage)} r
      join import_place p on ${sql.raw(SAME_PLACE)}
      left join household h on h.household_number = r.household_number
      ${memberBy('pm', sql`r.m_person_number is not null and m.person_number = r.m_person_number`)}
      ${memberBy('im', sql`r.m_person_number is null and r.m_resident_id is not null and m.resident_id = r.m_resident_id::bpchar`)}`.execute(
      tx,
    );
    await sql`create index on import_row (household_number)`.execute(tx);
    await sql`create index on import_row (member_id)`.execute(tx);
    await analyzeQuickly(tx, 'import_row');
  }

  async divisions(): Promise<void> {
    const county = this.county!;
    await this.each(
      sql<Located>`select sheet, row, county as value from import_row where county is not null and county not in (${county.name}, ${county.code}, ${county.code.slice(0, 6)}) order by seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.county,
      (r) =>
        t(
          `县“${r.value}”不是本次导入的县（${county.name}，文件中多数行所写的县）`,
          `The county “${r.value}” is not this import's county (${county.name}, the one most rows name)`,
        ),
    );
    const placeOf = sql.raw(`import_place p on ${SAME_PLACE}`);
    await this.each(
      sql<Located>`select r.sheet, r.row, r.township as value from import_row r join ${placeOf} where p.township_id is null order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.township,
      (r) =>
        r.value
          ? t(`本县没有名为“${r.value}”的乡镇`, `The county has no township called “${r.value}”`)
          : t('乡（镇）不能为空', 'The township is missing'),
    );
    await this.each(
      sql<Located>`select r.sheet, r.row, r.village as value from import_row r join ${placeOf} where p.township_id is not null and p.village_id is null order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.village,
      (r) =>
        r.value
          ? t(`该乡镇没有名为“${r.value}”的行政村（不会自动新建）`, `The township has no village called “${r.value}” (none is created)`)
          : t('行政村不能为空', 'The village is missing'),
    );
    await this.each(
      sql<Located>`select r.sheet, r.row, r.grp as value from import_row r join ${placeOf} where p.village_id is not null and r.grp is not null and p.group_id is null order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.group,
      (r) =>
        t(
          `该村没有名为“${r.value}”的自然村（屯）（不会自动新建）`,
          `The village has no group (自然村) called “${r.value}” (none is created)`,
        ),
    );
    await this.each(
      sql<Located>`select sheet, row, household_number as value from import_row where household_number is null order by seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.householdNumber,
      () => t('户编号不能为空', 'The household number is missing'),
    );
  }

  /** Households named under two villages (in two sheets): a move when the hub knows which village is its old one. */
  async moves(): Promise<void> {
    const { tx } = this;
    const moved = (
      await sql<{ householdNumber: string; sheet: number; villageId: number | null; current: number | null }>`
        select r.household_number as "householdNumber", r.sheet, min(r.village_id) as "villageId", h.village_id as current
        from import_row r left join household h on h.household_number = r.household_number
        where r.household_number in (select household_number from import_row where village_id is not null group by 1 having count(distinct village_id) > 1)
        group by r.household_number, r.sheet, h.village_id order by 1, 2`.execute(tx)
    ).rows;
    const byHousehold = new Map<string, typeof moved>();
    for (const m of moved) byHousehold.set(m.householdNumber, [...(byHousehold.get(m.householdNumber) ?? []), m]);
    const dropNumbers: string[] = [];
    const dropSheets: number[] = [];
    const unclear: string[] = [];
    for (const [number, places] of byHousehold) {
      const villages = new Set(places.map((p) => p.villageId));
      const current = places[0]!.current;
      const elsewhere = places.filter((p) => p.villageId !== current);
      // one sheet per village, the hub knows the old one, and exactly one other village: a move
      if (current !== null && villages.size === 2 && villages.has(current) && places.length === villages.size && elsewhere.length === 1) {
        for (const p of places) {
          if (p.villageId !== current) continue;
          dropNumbers.push(number);
          dropSheets.push(p.sheet);
        }
      } else unclear.push(number);
    }
    if (dropNumbers.length) {
      await sql`update import_row r set dropped = true from (select unnest(${dropNumbers}::text[]) as n, unnest(${dropSheets}::int[]) as s) d where r.household_number = d.n and r.sheet = d.s`.execute(
        tx,
      );
    }
    if (unclear.length) {
      await this.each(
        sql<Located>`select sheet, row, village as value from import_row where household_number = any(${unclear}::text[]) order by seq limit ${MAX_KEPT_PROBLEMS}`,
        SHEET_KEYS.village,
        () =>
          t(
            '同一户编号出现在不同的行政村下，无法判断哪个是现住村：请只保留该户在现住村的行',
            'The same household number stands under different villages and which one is current cannot be told: keep only its rows under its current village',
          ),
      );
    }
  }

  /** One household's rows must agree on its columns; 人数 must match its rows; exactly one 户主. */
  async households(fields: readonly HouseholdField[]): Promise<void> {
    const { tx } = this;
    const compared: [string, string, Text][] = [
      ['household_size', SHEET_KEYS.householdSize, t('人数', 'household size')],
      ...fields.map((f): [string, string, Text] => [H(f), SHEET_KEYS.household(f), householdFields[f]!.label]),
      ['village', SHEET_KEYS.village, householdFields.village!.label],
      ['grp', SHEET_KEYS.group, householdFields.group!.label],
    ];
    // blanks do not disagree: some counties fill the household's columns on the head's row only. Two values
    // differ where the least and the greatest do (the columns are text): count(distinct) sorted each group's values
    const differ = (column: string) => `min(${column}) <> max(${column})`;
    const flags = compared.map(([column]) => `case when ${differ(column)} then '${column}' end`);
    await sql
      .raw(
        `create temp table import_disagree on commit drop as
      select household_number, array_remove(array[${flags.join(', ')}], null) as columns
      from import_row where not dropped and household_number is not null group by household_number
      having ${compared.map(([column]) => differ(column)).join(' or ')}`,
      )
      .execute(tx);
    // the columns some household disagrees on (most files: none), each then reported by a query of its own
    const disagreeing = new Set(
      (await sql<{ c: string }>`select distinct unnest(columns) as c from import_disagree`.execute(tx)).rows.map((r) => r.c),
    );
    for (const [column, key, label] of compared) {
      if (!disagreeing.has(column)) continue;
      await this.each(
        sql<Located>`select r.sheet, r.row, ${sql.ref(`r.${column}`)}::text as value from import_row r join import_disagree d using (household_number)
          where not r.dropped and ${column} = any(d.columns) and ${sql.ref(`r.${column}`)} is not null order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
        key,
        (r) =>
          t(
            `同一户的各行“${label.zh}”不一致（此行为“${r.value ?? ''}”）`,
            `The rows of one household disagree on ${label.en} (this row says “${r.value ?? ''}”)`,
          ),
      );
    }
    await this.each(
      sql<Located & { n: number }>`select distinct on (r.household_number) r.sheet, r.row, r.household_size as value, c.n
        from import_row r join (select household_number, count(*)::int as n from import_row where not dropped group by 1) c using (household_number)
        where not r.dropped and r.household_size is not null and r.household_size ~ '^[0-9]+$' and r.household_size::int <> c.n
        and r.household_number not in (select household_number from import_disagree)
        order by r.household_number, r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.householdSize,
      (r) =>
        t(
          `人数为 ${r.value}，但该户在文件中有 ${r.n} 行成员`,
          `The household size says ${r.value} but the file has ${r.n} member rows for it`,
        ),
    );
  }

  /** Members: keys against the hub, 户主 per household, numbers used twice. */
  async members(): Promise<void> {
    await this.each(
      sql<Located>`select sheet, row, null::text as value from import_row where not dropped and m_person_number is null and m_resident_id is null order by seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.member('personNumber'),
      () =>
        t(
          '人编号和证件号码都为空：无法确定是哪位成员',
          'Both the person number and the ID number are empty: the member cannot be identified',
        ),
    );
    await this.each(
      sql<Located>`select sheet, row, m_resident_id as value from import_row where not dropped and member_id is null and m_person_number is null and m_resident_id is not null order by seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.member('personNumber'),
      () =>
        t('新成员须有人编号（平台中没有该证件号码的成员）', 'A new member needs a person number (no member in the hub has this ID number)'),
    );
    // an ID number the hub already gives to another person
    await this.each(
      sql<Located & { other: string }>`select r.sheet, r.row, r.m_resident_id as value, m.person_number as other from import_row r
        ${memberBy('m', sql`m.resident_id = r.m_resident_id::bpchar`, 'join')}
        where not r.dropped and r.m_resident_id is not null and m.id is distinct from r.member_id order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.member('residentId'),
      (r) =>
        t(
          `该证件号码在平台中属于另一成员（人编号 ${r.other}）`,
          `This ID number belongs to another member in the hub (person number ${r.other})`,
        ),
    );
    for (const [column, key, label] of [
      ['m_person_number', SHEET_KEYS.member('personNumber'), t('人编号', 'person number')],
      ['m_resident_id', SHEET_KEYS.member('residentId'), t('证件号码', 'ID number')],
    ] as const) {
      await this.each(
        sql<Located>`select sheet, row, ${sql.ref(column)} as value from import_row where not dropped and ${sql.ref(column)} in
          (select ${sql.ref(column)} from import_row where not dropped and ${sql.ref(column)} is not null group by 1 having count(*) > 1) order by seq limit ${MAX_KEPT_PROBLEMS}`,
        key,
        () => t(`${label.zh}在文件中出现了不止一次`, `The ${label.en} appears more than once in the file`),
      );
    }
    // exactly one 户主: the file's rows, plus the hub's members of the household that the file does not have (they stay);
    // on the 户主 rows when there are two, on the household's first row when there is none. Counted per household by
    // window functions over the staged rows (one pass, no join back), and the hub's other heads by one hash
    // anti-join: every step is linear in the rows, whatever the planner guesses of the groups (a join of a
    // per-household aggregate back onto the rows ran as a nested loop, minutes on a re-import of three counties)
    await this.each(
      sql<Located & { heads: number }>`with others as (
          select m.household_id, count(*)::int as heads from member m
          where m.relation = 'HEAD' and m.household_id in (select household_id from import_row where household_id is not null and not dropped)
            and not exists (select 1 from import_row x where x.member_id = m.id)
          group by 1),
        counted as (
          select seq, sheet, row, m_relation, household_id,
            count(*) filter (where m_relation = 'HEAD') over household as heads,
            min(seq) over household as first,
            count(flagged) over household as flagged_rows
          from import_row where not dropped and household_number is not null
          window household as (partition by household_number))
        select c.sheet, c.row, c.m_relation as value, (c.heads + coalesce(o.heads, 0))::int as heads
        from counted c left join others o on o.household_id = c.household_id
        where c.flagged_rows = 0 and c.heads + coalesce(o.heads, 0) <> 1
          and ((c.heads = 0 and c.seq = c.first) or (c.heads > 0 and c.m_relation = 'HEAD'))
        order by c.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.member('relation'),
      (r) =>
        r.heads === 0
          ? t('该户没有户主（与户主关系为“户主”的成员）', 'The household has no head (a member whose relation is 户主)')
          : t(`该户有 ${r.heads} 位户主，只能有一位`, `The household has ${r.heads} heads; it must have exactly one`),
    );
  }

  /**
   * The importer imports only inside what her policy lets her see (graph/scope.ts): the row's village among
   * her divisions, and the household or member it changes.
   */
  async scope(viewer: Viewer): Promise<void> {
    const importer = readAs({ viewer, locale: 'zh' as const }, 'divisions');
    const mine = policy(importer, villageResource.config);
    const theirs = policy(importer, householdResource.config);
    if (mine.everyRow && theirs.everyRow) return;
    const eb = expressionBuilder<Database, 'household' | 'village'>();
    const villages = sql`(select village.id from village where ${mine.rows(eb)})`;
    const outside = sql`not (${theirs.rows(eb)})`;
    await this.each(
      sql<Located>`select sheet, row, village as value from import_row where not dropped and village_id is not null and village_id not in ${villages} order by seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.village,
      (r) => t(`“${r.value}”不在您的管辖范围内，不能导入这一行`, `“${r.value}” is outside your scope: this row cannot be imported`),
    );
    await this.each(
      sql<Located>`select r.sheet, r.row, r.household_number as value from import_row r ${householdOf('r.household_id')}
        where not r.dropped and r.village_id in ${villages} and ${outside} order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.householdNumber,
      () => t('该户编号在平台中属于您管辖范围以外的户', 'This household number belongs to a household outside your scope'),
    );
    await this.each(
      sql<Located>`select r.sheet, r.row, r.m_person_number as value from import_row r ${householdOf('r.member_household_id')}
        where not r.dropped and ${outside} order by r.seq limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.member('personNumber'),
      () => t('该成员在平台中属于您管辖范围以外的户', 'This member belongs to a household outside your scope'),
    );
  }

  /**
   * One row per household: its first row's place, and each column's first value that is not blank. When the
   * checks so far found nothing, the rows of a household agree on every compared column and on their place
   * (blanks aside: households(), moves()), so any of its values is the first: min() takes it without the
   * sort a row-ordered aggregate makes per household and column (a third of the time, measured). The income
   * is not compared (incomes() checks it): its first value stays the first.
   */
  async householdTable(fields: readonly HouseholdField[], problemsSoFar: number): Promise<void> {
    const first = (column: string) => `(array_agg(${column} order by seq) filter (where ${column} is not null))[1] as ${column}`;
    const agreed = problemsSoFar ? first : (column: string) => `min(${column}) as ${column}`;
    await sql
      .raw(
        `create temp table import_household on commit drop as
      select household_number, (min(array[seq, sheet, row]))[2] as sheet, (min(array[seq, sheet, row]))[3] as row, min(household_id) as household_id, min(flagged) as flagged,
        count(*)::int as rows, ${first('per_capita_income')}, ${['village_id', 'group_id', ...fields.map(H)].map(agreed).join(', ')}
      from import_row where not dropped and household_number is not null group by household_number`,
      )
      .execute(this.tx);
  }

  /** A household new to the hub that the sheet calls 返贫 needs its return year, which the national sheet may not carry. */
  async returnYears(hFields: readonly HouseholdField[]): Promise<void> {
    if (!hFields.includes('status')) return;
    const returnYear = hFields.includes('returnYear') ? sql.raw(H('returnYear')) : sql.raw('null');
    await this.each(
      sql<Located>`select sheet, row, ${sql.raw(H('status'))} as value from import_household
        where household_id is null and ${sql.raw(H('status'))} = 'RETURNED' and ${returnYear} is null order by sheet, row limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.household('status'),
      () =>
        t(
          '新的返贫户须有返贫年度：请在文件中加“返贫年度”列',
          'A new household that returned to poverty needs its return year: add a 返贫年度 column to the file',
        ),
    );
  }

  /**
   * 人均纯收入 is not imported (the hub derives it from the household's income rows): it is checked against them.
   * The sheet's figure for a household the hub has must be its latest year's net income shared among the
   * household's rows in the file, within a yuan (the national system rounds to the yuan or the fen). A new
   * household, or one without income rows, has nothing to be checked against.
   */
  async incomes(): Promise<void> {
    await this.each(
      sql<Located & { year: number; net: string; size: number; expected: string }>`with latest as (
          select distinct on (i.household_id) i.household_id, i.year, i.net_income from household_income i
          where i.household_id in (select household_id from import_household where household_id is not null and per_capita_income is not null)
          order by i.household_id, i.year desc)
        select s.sheet, s.row, s.per_capita_income as value, l.year, l.net_income::text as net, s.rows as size, e.expected::text as expected
        from import_household s join latest l on l.household_id = s.household_id
          cross join lateral (select ${perCapitaNetIncome(sql`l.net_income`, sql`s.rows`)} as expected) e
        where s.flagged is null and abs(s.per_capita_income::numeric - e.expected) > 1
        order by s.sheet, s.row limit ${MAX_KEPT_PROBLEMS}`,
      SHEET_KEYS.perCapitaIncome,
      (r) =>
        t(
          `人均纯收入 ${r.value} 元与平台中该户 ${r.year} 年的收入不符：家庭纯收入 ${r.net} 元 ÷ ${r.size} 人 = ${r.expected} 元`,
          `The per-capita net income of ${r.value} yuan does not match the household's ${r.year} income in the hub: net income ${r.net} yuan ÷ ${r.size} members = ${r.expected} yuan`,
        ),
    );
  }

  /** A column the file lacks is left alone for records the hub has; a new record that needs it is a problem. */
  async missingColumns(hFields: readonly HouseholdField[], mFields: readonly MemberField[], fileName: string): Promise<void> {
    const { tx } = this;
    const needed = (specs: FieldSpecs, fields: readonly string[], all: readonly string[]) =>
      all.filter((f) => !fields.includes(f) && specs[f]?.required && !(f === 'personNumber'));
    const hNeeded = needed(householdFields, hFields, SHEET_HOUSEHOLD_FIELDS);
    const mNeeded = needed(memberFields, mFields, SHEET_MEMBER_FIELDS);
    const newOnes = (
      await sql<{
        households: number;
        members: number;
      }>`select count(distinct household_number) filter (where household_id is null)::int as households,
        count(*) filter (where member_id is null)::int as members from import_row where not dropped`.execute(tx)
    ).rows[0]!;
    const missing = [
      ...(newOnes.households ? hNeeded.map((f) => householdFields[f]!.label) : []),
      ...(newOnes.members ? mNeeded.map((f) => memberFields[f]!.label) : []),
    ];
    for (const label of missing) {
      this.add({
        sheet: this.sheets[0]?.start.sheet ?? fileName,
        row: this.sheets[0]?.start.headerRow ?? 0,
        column: null,
        header: null,
        value: null,
        message: t(
          `文件（每个工作表）缺少“${label.zh}”列：新增的户或成员需要它`,
          `The file (every sheet) needs a “${label.en}” column: new households or members need it`,
        ),
      });
    }
    // required values left blank: a household's on its first row (its value may stand on any of its rows), a member's on its
    // row; the blank columns found by one pass over each table (most files have none), each then reported by a query of its own
    for (const [fields, specs, column, key, table] of [
      [hFields, householdFields, H, SHEET_KEYS.household as (f: string) => string, 'import_household'],
      [mFields, memberFields, M, SHEET_KEYS.member as (f: string) => string, 'import_row'],
    ] as const) {
      const checked = (fields as readonly string[]).filter((f) => specs[f]!.required && f !== 'personNumber' && f !== 'residentId');
      if (!checked.length) continue;
      const blanks = (
        await sql<Record<string, boolean>>`select ${sql.join(
          checked.map((f, i) => sql`bool_or(${sql.ref(column(f))} is null) as ${sql.raw(`b${i}`)}`),
        )} from ${sql.table(table)} where flagged is null ${sql.raw(table === 'import_row' ? 'and not dropped' : '')}`.execute(tx)
      ).rows[0]!;
      for (const [i, field] of checked.entries()) {
        if (!blanks[`b${i}`]) continue;
        const spec = specs[field]!;
        await this.each(
          sql<Located>`select sheet, row, null::text as value from ${sql.table(table)} where ${sql.ref(column(field))} is null and flagged is null ${sql.raw(table === 'import_row' ? 'and not dropped' : '')} order by sheet, row limit ${MAX_KEPT_PROBLEMS}`,
          key(field),
          () => t(`${spec.label.zh}不能为空`, `${spec.label.en} cannot be empty`),
        );
      }
    }
  }
}

/** The merge: counted for the preview with the very conditions the writes use. */
class Merge {
  private hSet: { column: string; value: string; insert: string }[];
  private mSet: { column: string; value: string; insert: string }[];

  constructor(
    private tx: Tx,
    hFields: readonly HouseholdField[],
    mFields: readonly MemberField[],
    private deleteMissing: boolean,
  ) {
    const assign = (prefix: (f: string) => string, specs: FieldSpecs, fields: readonly string[], target: string) =>
      fields.map((field) => {
        const spec = specs[field]!;
        const column = snake(field);
        const value = `s.${prefix(field)}::${sqlType(spec)}`;
        const fallback = defaultLiteral(spec);
        // a blank cell of a field that cannot be blank keeps what the hub has (a new record gets the default);
        // a blank person or ID number never clears the hub's (the row was matched by the other one)
        const keeps = fallback !== null || field === 'personNumber' || field === 'residentId';
        return {
          column,
          value: keeps ? `coalesce(${value}, ${target}.${column})` : value,
          insert: fallback ? `coalesce(${value}, ${fallback})` : value,
        };
      });
    this.hSet = [
      { column: 'village_id', value: 's.village_id', insert: 's.village_id' },
      { column: 'group_id', value: 's.group_id', insert: 's.group_id' },
      ...assign(H, householdFields, hFields, 't'),
    ];
    // a row of a household new to the hub takes its id from import_household once it is inserted
    const householdId = 'coalesce(s.household_id, n.household_id)';
    this.mSet = [{ column: 'household_id', value: householdId, insert: householdId }, ...assign(M, memberFields, mFields, 't')];
  }

  private households = sql.raw('import_household');
  /** the rows (s), with their new household (n): setting each row's household_id by an update rewrote every wide row */
  private rows = sql.raw('import_row s left join import_household n on s.household_id is null and n.household_number = s.household_number');

  private changed(set: { column: string; value: string }[]): string {
    return `(${set.map((s) => `t.${s.column}`).join(', ')}) is distinct from (${set.map((s) => s.value).join(', ')})`;
  }

  async householdCounts(): Promise<Omit<ImportCount, 'recordType'>> {
    const row = (
      await sql<{ created: number; updated: number; unchanged: number }>`select count(*) filter (where t.id is null)::int as created,
        count(*) filter (where t.id is not null and ${sql.raw(this.changed(this.hSet))})::int as updated,
        count(*) filter (where t.id is not null and not ${sql.raw(this.changed(this.hSet))})::int as unchanged
      from ${this.households} s left join household t on t.id = s.household_id`.execute(this.tx)
    ).rows[0]!;
    return { ...row, deleted: 0 };
  }

  async memberCounts(missing: number): Promise<Omit<ImportCount, 'recordType'>> {
    // a new household's members point at it only once it exists: compare as if household_id were the row's
    const row = (
      await sql<{ created: number; updated: number; unchanged: number }>`select count(*) filter (where t.id is null)::int as created,
        count(*) filter (where t.id is not null and ${sql.raw(this.changed(this.mSet))})::int as updated,
        count(*) filter (where t.id is not null and not ${sql.raw(this.changed(this.mSet))})::int as unchanged
      from ${this.rows} left join member t on t.id = s.member_id where not s.dropped`.execute(this.tx)
    ).rows[0]!;
    return { ...row, deleted: this.deleteMissing ? missing : 0 };
  }

  /** Members of the file's households that the file does not have. */
  async missing(): Promise<ImportMissingRecord[]> {
    const rows = (
      await sql<{ id: number; label: string }>`select m.id, m.name || '（' || m.person_number || '）' as label from member m
        where m.household_id in (select household_id from import_row where household_id is not null and not dropped)
        and not exists (select 1 from import_row r where r.member_id = m.id) order by m.id`.execute(this.tx)
    ).rows;
    return rows.map((r) => ({ recordType: 'Member', id: r.id, label: r.label }));
  }

  /**
   * The writes, each skipped when the counts (the same conditions, this transaction) found nothing for it: a
   * statement that writes no row still joins and compares every staged row (an update of a re-import, the
   * households' update of an import into an empty county) and fires its statement triggers for nothing.
   */
  async apply(
    viewer: Parameters<typeof auditActor>[0],
    jobId: number,
    counted: Record<'households' | 'members', Omit<ImportCount, 'recordType'>>,
    rowsTotal: number,
    written: (rows: number) => void,
    timing: StepTimer,
  ): Promise<void> {
    const { tx } = this;
    const actor = auditActor(viewer, jobId);
    const h = householdResource;
    const m = memberResource;
    const write = async (label: string, rows: number, statement: RawBuilder<unknown>) => {
      if (rows) await timing.statement(tx, label, statement);
    };
    // households: new ones, then the ones whose values changed
    await write(
      'merge: new households',
      counted.households.created,
      sql`with ins as (
        insert into household (household_number, ${sql.raw(this.hSet.map((s) => s.column).join(', '))})
        select s.household_number, ${sql.raw(this.hSet.map((s) => s.insert).join(', '))} from ${this.households} s where s.household_id is null
        returning *)
      ${AUDIT_INSERT} select ${actor}, 'CREATE', 'Household', ins.id, null, ${auditJson(h, 'ins')} from ins`,
    );
    await write(
      'merge: their ids read back',
      counted.households.created,
      sql`update import_household r set household_id = x.id from household x where r.household_id is null and x.household_number = r.household_number`,
    );
    await write(
      'merge: households updated',
      counted.households.updated,
      sql`with changed as (
        update household t set ${sql.raw(this.hSet.map((s) => `${s.column} = ${s.value}`).join(', '))}
        from ${this.households} s, household old
        where t.id = s.household_id and old.id = t.id and ${sql.raw(this.changed(this.hSet))}
        returning ${auditJson(h, 'old')} as before, ${auditJson(h, 't')} as after, t.id)
      ${AUDIT_INSERT} select ${actor}, 'UPDATE', 'Household', changed.id, changed.before, changed.after from changed`,
    );
    written(Math.floor(rowsTotal / 4));
    // members: those missing go first when asked (a new 户主 may replace one; counted only then), then changes, then new ones
    await write(
      'merge: missing members deleted',
      counted.members.deleted,
      sql`with gone as (
        delete from member t where t.household_id in (select household_id from import_row where household_id is not null and not dropped)
        and not exists (select 1 from import_row r where r.member_id = t.id)
        returning t.*)
      ${AUDIT_INSERT} select ${actor}, 'DELETE', 'Member', gone.id, ${auditJson(m, 'gone')}, null from gone`,
    );
    await write(
      'merge: members updated',
      counted.members.updated,
      sql`with changed as (
        update member t set ${sql.raw(this.mSet.map((s) => `${s.column} = ${s.value}`).join(', '))}
        from ${this.rows}, member old
        where not s.dropped and t.id = s.member_id and old.id = t.id and ${sql.raw(this.changed(this.mSet))}
        returning ${auditJson(m, 'old')} as before, ${auditJson(m, 't')} as after, t.id)
      ${AUDIT_INSERT} select ${actor}, 'UPDATE', 'Member', changed.id, changed.before, changed.after from changed`,
    );
    // the row's village is its household's (the checks saw its rows agree, a move's old rows are dropped): named
    // here, the database checks it once for the statement instead of looking it up a row at a time (migration 2026-12-06-40)
    await write(
      'merge: new members',
      counted.members.created,
      sql`with ins as (
        insert into member (village_id, ${sql.raw(this.mSet.map((s) => s.column).join(', '))})
        select s.village_id, ${sql.raw(this.mSet.map((s) => s.insert).join(', '))} from ${this.rows} where not s.dropped and s.member_id is null
        returning *)
      ${AUDIT_INSERT} select ${actor}, 'CREATE', 'Member', ins.id, null, ${auditJson(m, 'ins')} from ins`,
    );
    // the size rows of the new households (their members now in), in one insert; the transaction's mark taken off
    await write(
      'merge: sizes of the new households',
      counted.households.created,
      sql`select hub_household_sizes_settle(array(select household_id from import_household))`,
    );
  }
}
