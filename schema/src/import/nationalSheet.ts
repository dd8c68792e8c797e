/**
 * The national register's person-level sheet (建档立卡人员名单): its columns as the national system writes
 * them (with the variants of years and provinces), the labels it uses where they differ from the hub's, and
 * one row read into the hub's field values. Single-row checks only: grouping into households, agreement
 * between rows and matching against the database are the engine's.
 */
import type { Selectable } from 'kysely';
import type { CodeTable } from '../db/codeTable';
import type { Text } from '../errors';
import * as codes from '../households/codes';
import { checkResidentId } from '../households/residentId';
import type { HouseholdTable, MemberTable } from '../households/tables';
import type { CellLocation, ImportProblem } from './contract';
import {
  booleanOf,
  codeListOf,
  codeReader,
  decimalOf,
  digitsOf,
  integerOf,
  isoDateOf,
  rawText,
  residentIdOf,
  textOf,
  yearOf,
  type CellResult,
  type CellValue,
  type CodeAliases,
  type ColumnSpec,
  type DataRow,
  type SheetStart,
} from './read/index';

/** 与户主关系 … as the national system and older sheets write them, beside the hub's own labels. */
export const NATIONAL_ALIASES = {
  housingDangerLevel: {
    否: 'NONE',
    无: 'NONE',
    非危房户: 'NONE',
    不是危房: 'NONE',
    C级: 'C',
    C: 'C',
    D级: 'D',
    D: 'D',
    C级危房户: 'C',
    D级危房户: 'D',
  },
  attribute: {
    一般户: 'GENERAL',
    一般农户: 'GENERAL',
    低保户: 'DIBAO',
    特困供养户: 'TEKUN',
    特困户: 'TEKUN',
    五保户: 'TEKUN',
    五保贫困户: 'TEKUN',
    低保五保户: 'DIBAO_TEKUN',
    低保特困贫困户: 'DIBAO_TEKUN',
  },
  status: {
    脱贫: 'EXITED',
    已脱贫户: 'EXITED',
    贫困: 'POOR',
    未脱贫户: 'POOR',
    已返贫: 'RETURNED',
    返贫户: 'RETURNED',
    剔除: 'REMOVED',
    已标注剔除: 'REMOVED',
  },
  mainCause: {
    自身发展力不足: 'LOW_MOTIVATION',
    交通落后: 'POOR_TRANSPORT',
    交通条件差: 'POOR_TRANSPORT',
    缺劳动力: 'NO_LABOR',
    缺技术技能: 'NO_SKILLS',
  },
  relation: {
    本人: 'HEAD',
    妻: 'SPOUSE',
    妻子: 'SPOUSE',
    夫: 'SPOUSE',
    丈夫: 'SPOUSE',
    子: 'SON',
    儿子: 'SON',
    长子: 'SON',
    次子: 'SON',
    女: 'DAUGHTER',
    女儿: 'DAUGHTER',
    长女: 'DAUGHTER',
    次女: 'DAUGHTER',
    儿媳: 'DAUGHTER_IN_LAW',
    女婿: 'SON_IN_LAW',
    孙子: 'GRANDSON',
    之外孙子: 'GRANDSON',
    孙女: 'GRANDDAUGHTER',
    之外孙女: 'GRANDDAUGHTER',
    父亲: 'FATHER',
    母亲: 'MOTHER',
    祖父: 'GRANDFATHER',
    祖母: 'GRANDMOTHER',
    之兄弟姐妹: 'SIBLING',
    兄弟: 'SIBLING',
    姐妹: 'SIBLING',
    之兄: 'SIBLING',
    之弟: 'SIBLING',
    之姐: 'SIBLING',
    之妹: 'SIBLING',
  },
  education: {
    学龄前: 'PRESCHOOL',
    文盲: 'ILLITERATE',
    半文盲: 'ILLITERATE',
    中专: 'VOCATIONAL',
    技校: 'VOCATIONAL',
    大专: 'COLLEGE',
    本科: 'COLLEGE',
    本科及以上: 'COLLEGE',
    大学: 'COLLEGE',
  },
  schoolStatus: {
    不在校: 'NOT_IN_SCHOOL',
    学前: 'PRESCHOOL',
    幼儿园: 'PRESCHOOL',
    普通高中: 'SENIOR',
    高职: 'COLLEGE',
    大专: 'COLLEGE',
    本科: 'COLLEGE',
    大学: 'COLLEGE',
    中专: 'VOCATIONAL',
    技校: 'VOCATIONAL',
  },
  health: { 大病: 'SERIOUS_ILLNESS', 慢性病: 'CHRONIC', 残疾人: 'DISABLED' },
  laborAbility: { 普通劳动力: 'NORMAL', 技能劳动力: 'SKILLED', 弱劳动力: 'WEAK', 半劳动力: 'WEAK', 丧失劳动能力: 'LOST' },
  sex: { 男性: 'MALE', 女性: 'FEMALE' },
  // 壮 for 壮族: the suffix is often left out
  ethnicity: Object.fromEntries(codes.ETHNICITIES.filter((e) => e.zh.endsWith('族')).map((e) => [e.zh.slice(0, -1), e.value])),
} as const satisfies Record<string, CodeAliases>;

const column = (key: string, headers: string[], required = false): ColumnSpec => ({ key, headers, ...(required ? { required } : {}) });

/**
 * Every column of the person-level sheet, in the order the national system writes them. Household fields are
 * keyed `household.<field>`, member fields `member.<field>`, after the hub's field names.
 */
export const NATIONAL_COLUMNS: ColumnSpec[] = [
  column('rowNumber', ['序号', '编号']),
  column('dataDate', ['数据日期', '数据时间', '统计日期']),
  column('county', ['县(市、区、旗)', '县(市、区)', '县(市,区,旗)', '县(市区旗)', '县市区', '县', '县区']),
  column('township', ['乡(镇)', '乡(镇、街道)', '乡镇', '乡(镇)名称', '乡镇(街道)', '镇'], true),
  column('village', ['行政村', '村', '村(社区)', '行政村(社区)', '行政村名称'], true),
  column('group', ['自然村', '自然村(屯)', '村民小组', '组', '屯', '自然屯', '村民小组(自然村)']),
  column('householdNumber', ['户编号', '户编码', '户主编号'], true),
  column('member.personNumber', ['人编号', '人员编号', '成员编号', '人编码']),
  column('member.name', ['姓名', '成员姓名', '人员姓名'], true),
  column('member.residentId', ['证件号码', '身份证号码', '身份证号', '公民身份号码', '身份证件号码', '证件号']),
  column('member.sex', ['性别']),
  column('member.birthDate', ['出生日期', '出生年月']),
  column('householdSize', ['人数', '家庭人口数', '家庭人数', '户人数', '人口数']),
  column('member.relation', ['与户主关系', '与户主的关系']),
  column('member.ethnicity', ['民族']),
  column('member.education', ['文化程度']),
  column('member.schoolStatus', ['在校生状况', '在校生情况', '在校情况']),
  column('member.health', ['健康状况']),
  column('member.laborAbility', ['劳动技能', '劳动能力']),
  column('member.migrantWorkMonths', ['务工时间(月)', '务工时间', '务工月数', '外出务工时间(月)', '务工时间(个月)']),
  column('member.hasMedicalInsurance', [
    '是否参加新型农村合作医疗',
    '是否参加新农合',
    '参加新农合',
    '是否参加城乡居民基本医疗保险',
    '是否参加基本医疗保险',
  ]),
  column('member.hasSeriousIllnessInsurance', ['是否参加大病保险', '参加大病保险', '是否参加大病医疗保险']),
  column('member.hasPension', ['是否参加城乡居民基本养老保险', '是否参加养老保险', '参加养老保险']),
  column('household.mainCause', ['致贫原因1', '主要致贫原因', '致贫原因', '致贫原因1(主要致贫原因)', '主要致贫原因1']),
  column('household.secondaryCauses', ['致贫原因2', '其他致贫原因', '次要致贫原因']),
  column('household.housingDangerLevel', ['危房户', '是否危房户', '危房等级', '危房级别']),
  column('household.hasSafeWater', ['是否解决安全饮用水', '饮水是否安全', '是否饮水安全', '安全饮水', '饮水安全']),
  column('household.hasPower', ['是否通生活用电', '通生活用电']),
  column('household.hasTv', ['是否通广播电视', '有电视信号']),
  column('household.arableLandMu', ['耕地面积(亩)', '耕地面积']),
  column('household.forestLandMu', ['林地面积(亩)', '林地面积']),
  column('perCapitaIncome', ['人均纯收入', '人均纯收入(元)', '家庭人均纯收入', '人均纯收入(元/人)']),
  column('household.phone', ['户联系电话', '联系电话', '户主联系电话']),
  column('member.phone', ['人联系电话', '个人联系电话', '本人联系电话', '成员联系电话']),
  column('household.identificationYear', ['首次识别时间', '识别时间', '识别年度', '建档立卡时间', '首次识别年度']),
  column('personIdentificationDate', ['人员识别时间', '人员首次识别时间']),
  column('household.attribute', ['贫困户属性', '户类型', '贫困户类型', '户属性']),
  column('household.exitYear', ['脱贫年度', '脱贫年份', '脱贫时间', '实际脱贫年度']),
  column('household.plannedExitYear', ['计划脱贫年度', '计划脱贫年份', '计划脱贫时间', '预计脱贫年度']),
  column('household.returnYear', ['返贫年度', '返贫时间']),
  column('household.status', ['脱贫状态', '贫困户状态', '户状态', '脱贫标识']),
  column('household.address', ['住址', '家庭住址', '家庭地址']),
];

/**
 * One member row of the sheet in the hub's terms. A field is present when the sheet has its column (null for
 * an empty cell: the national export fills household columns on every row, some counties only on the head's),
 * absent when it has not; a cell with a problem leaves its field absent.
 */
export interface RegisterRow {
  location: { sheet: string; row: number };
  county: string | null;
  township: string | null;
  village: string | null;
  group: string | null;
  householdNumber: string | null;
  /** 人数 */
  householdSize: number | null;
  household: RegisterHousehold;
  member: RegisterMember;
  /** 人均纯收入, yuan: checked against the household's incomes, not imported */
  perCapitaIncome: string | null;
  /** 数据日期, ISO */
  dataDate: string | null;
  /** every column of the row by NATIONAL_COLUMNS key: where it is and its raw text, for problems found later */
  cells: Record<string, { location: CellLocation; raw: string | null }>;
}

type Reader = (cell: CellValue) => CellResult<unknown>;

const code = <V extends string>(table: CodeTable<V>, aliases: CodeAliases) => codeReader(table, aliases as CodeAliases<V>);
const text = (cell: CellValue): CellResult<string | null> => ({ ok: true, value: textOf(cell) });
const YEAR_OF = (cell: CellValue): CellResult<number | null> => {
  const y = yearOf(cell);
  return y.ok && y.value !== null && (y.value < 2000 || y.value > 2100)
    ? {
        ok: false,
        message: { zh: `“${rawText(cell)}”应为 2000 到 2100 之间的年份`, en: `“${rawText(cell)}” should be a year from 2000 to 2100` },
      }
    : y;
};
const PHONE: Reader = (cell) => {
  const digits = digitsOf(cell, { zh: '联系电话', en: 'Phone' });
  if (!digits.ok || digits.value === null) return digits;
  const phone = digits.value.replace(/[-－—]/g, '');
  return /^(1[0-9]{10}|0[0-9]{9,11}|[0-9]{7,8})$/.test(phone)
    ? { ok: true, value: phone }
    : {
        ok: false,
        message: {
          zh: `“${rawText(cell)}”不是有效的电话号码（11 位手机号，或带区号的固定电话）`,
          en: `“${rawText(cell)}” is not a valid phone number (11-digit mobile, or a landline with its area code)`,
        },
      };
};
const A = NATIONAL_ALIASES;

const HOUSEHOLD_READERS = {
  attribute: code(codes.HOUSEHOLD_ATTRIBUTES, A.attribute),
  status: code(codes.HOUSEHOLD_STATUSES, A.status),
  mainCause: code(codes.POVERTY_CAUSES, A.mainCause),
  secondaryCauses: (cell) => codeListOf(cell, codes.POVERTY_CAUSES, A.mainCause as CodeAliases<codes.PovertyCause>),
  housingDangerLevel: code(codes.HOUSING_DANGER_LEVELS, A.housingDangerLevel),
  hasSafeWater: booleanOf,
  hasPower: booleanOf,
  hasTv: booleanOf,
  arableLandMu: (cell) => decimalOf(cell, { min: 0, max: 99_999 }),
  forestLandMu: (cell) => decimalOf(cell, { min: 0, max: 99_999 }),
  phone: PHONE,
  identificationYear: YEAR_OF,
  plannedExitYear: YEAR_OF,
  exitYear: YEAR_OF,
  returnYear: YEAR_OF,
  address: text,
} satisfies Partial<Record<keyof HouseholdTable, Reader>>;

const MEMBER_READERS = {
  personNumber: (cell) => digitsOf(cell, { zh: '人编号', en: 'Person number' }),
  name: (cell) => ({ ok: true, value: textOf(cell)?.replace(/\s+/g, '') ?? null }),
  residentId: residentIdOf,
  sex: code(codes.SEXES, A.sex),
  birthDate: isoDateOf,
  relation: code(codes.RELATIONS, A.relation),
  ethnicity: code(codes.ETHNICITIES, A.ethnicity),
  education: code(codes.EDUCATION_LEVELS, A.education),
  schoolStatus: code(codes.SCHOOL_STATUSES, A.schoolStatus),
  health: code(codes.HEALTH_STATUSES, A.health),
  laborAbility: code(codes.LABOR_ABILITIES, A.laborAbility),
  migrantWorkMonths: (cell) => integerOf(cell, { min: 0, max: 12 }),
  hasMedicalInsurance: booleanOf,
  hasSeriousIllnessInsurance: booleanOf,
  hasPension: booleanOf,
  phone: PHONE,
} satisfies Partial<Record<keyof MemberTable | 'hasSeriousIllnessInsurance', Reader>>;

/**
 * The household and member values a row carries, typed as their tables read them (a value the sheet has
 * no column for is absent, an empty cell null): the fields are the readers', said once above.
 */
type SheetValues<Row, Field extends keyof Row> = { [F in Field]?: Row[F] | null };
export type RegisterHousehold = SheetValues<Selectable<HouseholdTable>, keyof typeof HOUSEHOLD_READERS>;
export type RegisterMember = SheetValues<Selectable<MemberTable>, Exclude<keyof typeof MEMBER_READERS, 'hasSeriousIllnessInsurance'>>;

const MISSING_KEY: Text = {
  zh: '人编号和证件号码都为空：至少要有一个，才能确定是哪位成员',
  en: 'Both the person number and the ID number are empty: one of them is needed to tell which member this is',
};

const HOUSEHOLD_NUMBER = (cell: CellValue) => digitsOf(cell, { zh: '户编号', en: 'Household number' });
const HOUSEHOLD_SIZE = (cell: CellValue) => integerOf(cell, { min: 1, max: 99 });
const PER_CAPITA_INCOME = (cell: CellValue) => decimalOf(cell, { min: 0, max: 9_999_999 });

/** A field's reader on a column the sheet has. */
interface PlannedField {
  field: string;
  key: string;
  reader: Reader;
}

/**
 * What a sheet's header settles for every one of its rows, worked out once a sheet rather than once a row
 * (570,000 rows at the 10× county): which readers run on which columns, in the order their problems were
 * always found, and which stand-in columns apply. Each reader remembers what it read (remembered()).
 */
interface SheetPlan {
  household: PlannedField[];
  member: PlannedField[];
  /** 人员识别时间 read as 首次识别时间 */
  personIdentification: boolean;
  /** 是否参加大病保险 read as the medical insurance */
  seriousIllness: boolean;
  has: (key: string) => boolean;
  readPersonIdentification: (cell: CellValue) => CellResult<number | null>;
  readSeriousIllness: (cell: CellValue) => CellResult<boolean | null>;
  readHouseholdNumber: (cell: CellValue) => CellResult<string | null>;
  readDataDate: (cell: CellValue) => CellResult<string | null>;
  readHouseholdSize: (cell: CellValue) => CellResult<number | null>;
  readPerCapitaIncome: (cell: CellValue) => CellResult<string | null>;
}

/** The texts a column's reader keeps with what it read: more than the distinct values of any coded column. */
const REMEMBERED_TEXTS = 4096;

/**
 * A reader that reads each distinct text of its column once: most columns hold a few values (codes, years, 是/否,
 * the data date) on every row, and a household's columns repeat on each of its rows (the row before is kept
 * too). A reading depends on the text alone, and its result is only read, so rows share it.
 */
function remembered<T>(reader: (cell: CellValue) => CellResult<T>): (cell: CellValue) => CellResult<T> {
  const results = new Map<string, CellResult<T>>();
  let lastText: string | null = null;
  let last: CellResult<T> | null = null;
  return (cell) => {
    if (typeof cell !== 'string') return reader(cell);
    if (cell === lastText) return last!;
    let result = results.get(cell);
    if (result === undefined) {
      result = reader(cell);
      if (results.size < REMEMBERED_TEXTS) results.set(cell, result);
    }
    lastText = cell;
    last = result;
    return result;
  };
}

const plans = new WeakMap<SheetStart, SheetPlan>();

function planOf(sheet: SheetStart): SheetPlan {
  let plan = plans.get(sheet);
  if (plan) return plan;
  const has = (key: string) => key in sheet.columns;
  const planned = (prefix: string, readers: Record<string, Reader>) =>
    Object.entries(readers)
      .map(([field, reader]) => ({ field, key: `${prefix}.${field}`, reader: remembered(reader) }))
      .filter((f) => has(f.key) && f.field !== 'hasSeriousIllnessInsurance');
  plan = {
    household: planned('household', HOUSEHOLD_READERS),
    member: planned('member', MEMBER_READERS),
    personIdentification: !has('household.identificationYear') && has('personIdentificationDate'),
    seriousIllness: !has('member.hasMedicalInsurance') && has('member.hasSeriousIllnessInsurance'),
    has,
    readPersonIdentification: remembered(YEAR_OF),
    readSeriousIllness: remembered(booleanOf),
    readHouseholdNumber: remembered(HOUSEHOLD_NUMBER),
    readDataDate: remembered(isoDateOf),
    readHouseholdSize: remembered(HOUSEHOLD_SIZE),
    readPerCapitaIncome: remembered(PER_CAPITA_INCOME),
  };
  plans.set(sheet, plan);
  return plan;
}

/**
 * A row read: its values, and its cells by key (where each is and its raw text) made only when asked for,
 * which the import never does (a problem carries its own): two objects a column and a row, 30 columns, not made.
 */
class ReadRow implements RegisterRow {
  readonly location: { sheet: string; row: number };
  county: string | null = null;
  township: string | null = null;
  village: string | null = null;
  group: string | null = null;
  householdNumber: string | null = null;
  householdSize: number | null = null;
  household: RegisterHousehold = {};
  member: RegisterMember = {};
  perCapitaIncome: string | null = null;
  dataDate: string | null = null;
  #cells: RegisterRow['cells'] | undefined;

  constructor(
    private readonly data: DataRow,
    private readonly sheet: SheetStart,
  ) {
    this.location = { sheet: data.sheet, row: data.row };
  }

  get cells(): RegisterRow['cells'] {
    if (!this.#cells) {
      const cells: RegisterRow['cells'] = {};
      for (const key of Object.keys(this.sheet.columns))
        cells[key] = { location: locationOf(this.data, this.sheet, key), raw: rawText(this.data.cells[key] ?? null) };
      this.#cells = cells;
    }
    return this.#cells;
  }
}

function locationOf(row: DataRow, sheet: SheetStart, key: string): CellLocation {
  const found = sheet.columns[key];
  return { sheet: row.sheet, row: row.row, column: found?.column ?? null, header: found?.header ?? null };
}

/**
 * One data row of the person-level sheet read into hub values, with a problem for every cell that cannot
 * be read. Birth date and sex come from the ID number when the sheet has no such columns.
 */
export function parseRegisterRow(row: DataRow, sheet: SheetStart): { row: RegisterRow; problems: ImportProblem[] } {
  const plan = planOf(sheet);
  const at = new RowAt(row, sheet);
  const out = new ReadRow(row, sheet);
  const household = out.household as Record<string, unknown>;
  for (const { field, key, reader } of plan.household) {
    const value = at.read(key, reader);
    if (value !== undefined) household[field] = value;
  }
  // 人员识别时间 stands for 首次识别时间 on sheets that have only the person's
  if (plan.personIdentification) {
    const value = at.read('personIdentificationDate', plan.readPersonIdentification);
    if (value !== undefined) household.identificationYear = value;
  }

  const member = out.member;
  for (const { field, key, reader } of plan.member) {
    const value = at.read(key, reader);
    if (value !== undefined) (member as Record<string, unknown>)[field] = value;
  }
  // 是否参加大病保险 stands for the medical insurance on sheets without 新农合
  if (plan.seriousIllness) {
    const value = at.read('member.hasSeriousIllnessInsurance', plan.readSeriousIllness);
    if (value !== undefined) member.hasMedicalInsurance = value;
  }
  const householdNumber = at.read('householdNumber', plan.readHouseholdNumber) ?? null;
  if (householdNumber === null && !at.hasProblemIn(sheet.columns.householdNumber?.header)) {
    at.problem('householdNumber', { zh: '户编号为空', en: 'The household number is empty' });
  }
  if (plan.has('member.name') && !member.name) at.problem('member.name', { zh: '姓名为空', en: 'The name is empty' });
  if (
    !member.personNumber &&
    !member.residentId &&
    !at.hasProblemIn(sheet.columns['member.residentId']?.header, sheet.columns['member.personNumber']?.header)
  ) {
    at.problem(
      plan.has('member.personNumber') ? 'member.personNumber' : plan.has('member.residentId') ? 'member.residentId' : 'member.name',
      MISSING_KEY,
    );
  }

  // sex and birth date from the ID number, which also checks them when the sheet has them
  if (member.residentId) {
    const parsed = checkResidentId(member.residentId, member.sex ? { sex: member.sex } : {});
    if (!parsed.ok) at.problem('member.sex', parsed.message);
    else {
      member.sex ??= parsed.value.sex;
      if (!plan.has('member.birthDate') || member.birthDate === null) member.birthDate = parsed.value.birthDate;
      else if (member.birthDate !== undefined && member.birthDate !== parsed.value.birthDate) {
        at.problem('member.birthDate', {
          zh: `出生日期 ${member.birthDate} 与证件号码中的出生日期 ${parsed.value.birthDate} 不符`,
          en: `The birth date ${member.birthDate} differs from the one in the ID number, ${parsed.value.birthDate}`,
        });
      }
    }
  }

  out.dataDate = at.read('dataDate', plan.readDataDate) ?? null;
  out.householdSize = at.read('householdSize', plan.readHouseholdSize) ?? null;
  out.perCapitaIncome = at.read('perCapitaIncome', plan.readPerCapitaIncome) ?? null;
  out.county = at.text('county');
  out.township = at.text('township');
  out.village = at.text('village');
  out.group = at.text('group');
  out.householdNumber = householdNumber;
  const problems = at.problems;
  // in the order the clerk reads the row
  if (problems.length > 1) problems.sort(byColumn);
  return { row: out, problems };
}

const byColumn = (a: ImportProblem, b: ImportProblem) => (a.column ?? Infinity) - (b.column ?? Infinity);

/**
 * A row's cells read, and the problems found on them. Methods, not closures made for each row: the runtime
 * (tsx) names every closure it makes, which cost more than reading the cells.
 */
class RowAt {
  readonly problems: ImportProblem[] = [];

  constructor(
    private readonly row: DataRow,
    private readonly sheet: SheetStart,
  ) {}

  problem(key: string, message: Text): void {
    const value = key in this.sheet.columns ? rawText(this.row.cells[key] ?? null) : null;
    this.problems.push({ ...locationOf(this.row, this.sheet, key), value, message });
  }

  /** the column's value read, undefined when the sheet has no such column or the cell has a problem */
  read<T>(key: string, reader: (cell: CellValue) => CellResult<T>): T | undefined {
    if (!(key in this.sheet.columns)) return undefined;
    const result = reader(this.row.cells[key] ?? null);
    if (result.ok) return result.value;
    this.problem(key, result.message);
    return undefined;
  }

  text(key: string): string | null {
    return key in this.sheet.columns ? textOf(this.row.cells[key] ?? null) : null;
  }

  /** whether a problem was found on a column of one of these headers */
  hasProblemIn(header: string | undefined, other?: string): boolean {
    for (const p of this.problems) if (p.header === header || (other !== undefined && p.header === other)) return true;
    return false;
  }
}

/** The national person-level sheet, by its header: 户编号 and 姓名, with 人编号 or 证件号码. */
export function isRegisterSheet(sheet: SheetStart): boolean {
  const has = (key: string) => key in sheet.columns;
  return has('householdNumber') && has('member.name') && (has('member.personNumber') || has('member.residentId'));
}
