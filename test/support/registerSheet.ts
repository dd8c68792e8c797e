/**
 * National-shaped register files (建档立卡人员名单) written from a database holding the demo county, as a
 * county would bring them: a merged title row, the header, a units row, one sheet per township, household
 * columns repeated on every member row, codes as Chinese labels (危房户 as the national system writes it),
 * ID numbers as text. As .xlsx or CSV (UTF-8 with or without BOM, GBK), with each kind of dirt planted on
 * request and its place returned, so that a test can assert the exact problem; and, for the benchmark, the
 * whole county streamed to a file without holding it.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import type { Database } from '../../schema/src/index';
import type { CodeTable } from '../../schema/src/db/codeTable';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  LABOR_ABILITIES,
  POVERTY_CAUSES,
  RELATIONS,
  SCHOOL_STATUSES,
} from '../../schema/src/households/codes';

export type RegisterFormat = 'xlsx' | 'csv-utf8' | 'csv-utf8-bom' | 'csv-gbk';

/** The columns in the national system's order (shared/docs/import.md). */
export const REGISTER_HEADER = [
  '序号',
  '数据日期',
  '县(市、区、旗)',
  '乡(镇)',
  '行政村',
  '自然村',
  '户编号',
  '人编号',
  '姓名',
  '证件号码',
  '人数',
  '与户主关系',
  '民族',
  '文化程度',
  '在校生状况',
  '健康状况',
  '劳动技能',
  '务工时间（月）',
  '是否参加新型农村合作医疗',
  '致贫原因1',
  '危房户',
  '是否解决安全饮用水',
  '人均纯收入',
  '户联系电话',
  '人联系电话',
  '首次识别时间',
  '贫困户属性',
  '计划脱贫年度',
  '脱贫年度',
  '脱贫状态',
] as const;
export type RegisterHeader = (typeof REGISTER_HEADER)[number];

/** The units row under the header, as the national export has it. */
const UNITS: Partial<Record<RegisterHeader, string>> = { 人数: '（人）', '务工时间（月）': '（月）', 人均纯收入: '（元）' };

export const DATA_DATE = '2016-06-30';
const COUNTY_TITLE = '凌云县建档立卡贫困人口名单';

/** 危房户 as the national system writes it (the hub's labels are 非危房 / C级危房 / D级危房). */
const NATIONAL_DANGER = { NONE: '否', C: 'C级', D: 'D级' } as const;

type Formula = { formula: string; result?: number };
export type SheetCell = string | number | Formula | null;

/** One member row, by header. */
export type RegisterRecord = Record<RegisterHeader, SheetCell>;

/**
 * Kinds of dirt real files carry. Those the reader normalises: idLowerX, fullWidthDigits, straySpaces,
 * dateSerial, dateText, formulaWithValue. Problems for the reader: idAsNumber, badIdChecksum, unknownLabel,
 * formulaWithoutValue (xlsx only). Problems across rows or against the database (the engine's):
 * disagreeingHousehold, wrongSize, noHead, twoHeads, unknownVillage, unknownTownship.
 */
export type Dirt =
  | 'idAsNumber'
  | 'badIdChecksum'
  | 'idLowerX'
  | 'fullWidthDigits'
  | 'straySpaces'
  | 'dateSerial'
  | 'dateText'
  | 'unknownLabel'
  | 'formulaWithValue'
  | 'formulaWithoutValue'
  | 'disagreeingHousehold'
  | 'wrongSize'
  | 'noHead'
  | 'twoHeads'
  | 'unknownVillage'
  | 'unknownTownship';

/** Where a dirt was planted: the cells a problem (if it makes one) is expected on. */
export interface PlantedDirt {
  dirt: Dirt;
  sheet: string;
  householdNumber: string;
  /** 1-based spreadsheet rows (every row of the household for a household-wide dirt) */
  rows: number[];
  column: number;
  header: RegisterHeader;
  /** what the file now holds, as text */
  value: string;
  /** what the hub holds (the value the reader should normalise to, for the dirt it cleans) */
  original: string;
}

export interface RegisterFile {
  name: string;
  bytes: Buffer;
  sheets: { name: string; households: number; members: number }[];
  planted: PlantedDirt[];
}

export interface RegisterFileOptions {
  format: RegisterFormat;
  /** townships (one sheet each), the first ones by code; default 2 */
  townships?: number;
  /** households per township, the first ones by household number; default 5 */
  households?: number;
  dirt?: Dirt[];
  /** the file name, without extension; default 人员名单 */
  name?: string;
  /** the county whose townships are taken (a hub of several counties); default every county's */
  countyId?: number;
}

const column = (header: RegisterHeader) => REGISTER_HEADER.indexOf(header) + 1;
const labelOf = (table: CodeTable, value: string | null) => (value === null ? null : (table.find((c) => c.value === value)?.zh ?? value));
const yesNo = (value: boolean) => (value ? '是' : '否');

/** Members of the given households with what their rows need, in household and person order. */
async function memberRows(db: Kysely<Database>, householdIds: number[]) {
  if (!householdIds.length) return [];
  const [members, incomes] = await Promise.all([
    db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .innerJoin('county', 'county.id', 'township.countyId')
      .leftJoin('villageGroup', 'villageGroup.id', 'household.groupId')
      .select([
        'county.name as county',
        'township.name as township',
        'village.name as village',
        'villageGroup.name as group',
        'household.id as householdId',
        'household.householdNumber',
        'household.attribute',
        'household.status',
        'household.mainCause',
        'household.housingDangerLevel',
        'household.hasSafeWater',
        'household.phone as householdPhone',
        'household.identificationYear',
        'household.plannedExitYear',
        'household.exitYear',
        'member.personNumber',
        'member.name',
        'member.residentId',
        'member.relation',
        'member.ethnicity',
        'member.education',
        'member.schoolStatus',
        'member.health',
        'member.laborAbility',
        'member.migrantWorkMonths',
        'member.hasMedicalInsurance',
        'member.phone as memberPhone',
      ])
      .where('member.householdId', 'in', householdIds)
      .orderBy('household.householdNumber')
      .orderBy('member.personNumber')
      .execute(),
    db
      .selectFrom('householdIncome')
      .select(['householdId', 'netIncome'])
      .distinctOn('householdId')
      .where('householdId', 'in', householdIds)
      .orderBy('householdId')
      .orderBy('year', 'desc')
      .execute(),
  ]);
  const sizes = new Map<number, number>();
  for (const m of members) sizes.set(m.householdId, (sizes.get(m.householdId) ?? 0) + 1);
  const income = new Map(incomes.map((i) => [i.householdId, Number(i.netIncome)]));
  return members.map((m): RegisterRecord & { householdId: number } => {
    const size = sizes.get(m.householdId)!;
    return {
      householdId: m.householdId,
      序号: null, // numbered per sheet when written
      数据日期: DATA_DATE,
      '县(市、区、旗)': m.county,
      '乡(镇)': m.township,
      行政村: m.village,
      自然村: m.group,
      户编号: m.householdNumber,
      人编号: m.personNumber,
      姓名: m.name,
      证件号码: m.residentId,
      人数: size,
      与户主关系: labelOf(RELATIONS, m.relation),
      民族: labelOf(ETHNICITIES, m.ethnicity),
      文化程度: labelOf(EDUCATION_LEVELS, m.education),
      在校生状况: labelOf(SCHOOL_STATUSES, m.schoolStatus),
      健康状况: labelOf(HEALTH_STATUSES, m.health),
      劳动技能: labelOf(LABOR_ABILITIES, m.laborAbility),
      '务工时间（月）': m.migrantWorkMonths,
      是否参加新型农村合作医疗: yesNo(m.hasMedicalInsurance),
      致贫原因1: labelOf(POVERTY_CAUSES, m.mainCause),
      危房户: NATIONAL_DANGER[m.housingDangerLevel],
      是否解决安全饮用水: yesNo(m.hasSafeWater),
      人均纯收入: income.has(m.householdId) ? Math.round((income.get(m.householdId)! / size) * 100) / 100 : null,
      户联系电话: m.householdPhone,
      人联系电话: m.memberPhone,
      首次识别时间: m.identificationYear,
      贫困户属性: labelOf(HOUSEHOLD_ATTRIBUTES, m.attribute),
      计划脱贫年度: m.plannedExitYear,
      脱贫年度: m.exitYear,
      脱贫状态: labelOf(HOUSEHOLD_STATUSES, m.status),
    };
  });
}

/** A sheet's records, written one at a time by whichever sink. */
interface Sink {
  sheet(name: string): Promise<void>;
  row(record: RegisterRecord): Promise<void>;
  end(): Promise<void>;
}

async function send(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** .xlsx through exceljs' streaming writer: title row merged across the header, header, units row, rows. */
function xlsxSink(out: Writable, options: { sharedStrings: boolean }): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: options.sharedStrings });
  let sheet: ExcelJS.Worksheet | null = null;
  return {
    async sheet(name) {
      sheet?.commit();
      sheet = workbook.addWorksheet(name);
      sheet.columns = REGISTER_HEADER.map((h) => ({ width: h === '证件号码' || h.endsWith('编号') ? 22 : Math.max(8, h.length * 2 + 2) }));
      sheet.mergeCells(1, 1, 1, REGISTER_HEADER.length);
      const title = sheet.getRow(1);
      title.getCell(1).value = COUNTY_TITLE;
      title.font = { bold: true, size: 16 };
      title.commit();
      const header = sheet.addRow([...REGISTER_HEADER]);
      header.font = { bold: true };
      header.commit();
      sheet.addRow(REGISTER_HEADER.map((h) => UNITS[h] ?? null)).commit();
    },
    async row(record) {
      sheet!.addRow(REGISTER_HEADER.map((h) => record[h])).commit();
    },
    async end() {
      sheet?.commit();
      await workbook.commit();
    },
  };
}

/** CSV: one table (a CSV has one sheet), title line, header, units line; a formula is written as its value. */
function csvSink(out: Writable, format: Exclude<RegisterFormat, 'xlsx'>): Sink {
  const encode = (text: string) => (format === 'csv-gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text));
  const text = (cell: SheetCell) => (cell !== null && typeof cell === 'object' ? (cell.result ?? '') : cell);
  let buffered: SheetCell[][] = [];
  const flush = async () => {
    if (buffered.length)
      await send(
        out,
        encode(
          stringify(
            buffered.map((r) => r.map(text)),
            { record_delimiter: '\r\n' },
          ),
        ),
      );
    buffered = [];
  };
  let started = false;
  return {
    async sheet() {
      if (started) return;
      started = true;
      if (format === 'csv-utf8-bom') await send(out, Buffer.from([0xef, 0xbb, 0xbf]));
      buffered.push(
        [COUNTY_TITLE],
        [...REGISTER_HEADER],
        REGISTER_HEADER.map((h) => UNITS[h] ?? null),
      );
    },
    async row(record) {
      buffered.push(REGISTER_HEADER.map((h) => record[h]));
      if (buffered.length >= 1000) await flush();
    },
    async end() {
      await flush();
      out.end();
    },
  };
}

function sinkFor(out: Writable, format: RegisterFormat, sharedStrings: boolean): Sink {
  return format === 'xlsx' ? xlsxSink(out, { sharedStrings }) : csvSink(out, format);
}

const extensionOf = (format: RegisterFormat) => (format === 'xlsx' ? 'xlsx' : 'csv');

/** The spreadsheet's first data row: title, header and units rows come first. */
const FIRST_DATA_ROW = 4;

/**
 * A small national-shaped file from the demo county: `townships` sheets of `households` households each,
 * with the dirt asked for planted (each kind once, on a household of its own) and where it went.
 */
export async function buildRegisterFile(db: Kysely<Database>, options: RegisterFileOptions): Promise<RegisterFile> {
  const townships = await db
    .selectFrom('township')
    .select(['id', 'name'])
    .$if(options.countyId !== undefined, (q) => q.where('countyId', '=', options.countyId!))
    .orderBy('code')
    .limit(options.townships ?? 2)
    .execute();
  const sheets: { name: string; records: (RegisterRecord & { householdId: number })[] }[] = [];
  for (const township of townships) {
    const households = await db
      .selectFrom('household')
      .innerJoin('village', 'village.id', 'household.villageId')
      .select('household.id')
      .where('village.townshipId', '=', township.id)
      .orderBy('household.householdNumber')
      .limit(options.households ?? 5)
      .execute();
    sheets.push({
      name: township.name,
      records: await memberRows(
        db,
        households.map((h) => h.id),
      ),
    });
  }
  // a CSV holds one table: every township's rows in it, named after the file
  const name = `${options.name ?? '人员名单'}.${extensionOf(options.format)}`;
  const written = options.format === 'xlsx' ? sheets : [{ name: name.replace(/\.csv$/, ''), records: sheets.flatMap((s) => s.records) }];
  const planted = plant(written, options.dirt ?? [], options.format);
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = once(out, 'end');
  const sink = sinkFor(out, options.format, true);
  for (const sheet of written) {
    await sink.sheet(sheet.name);
    let number = 0;
    for (const record of sheet.records) await sink.row({ ...record, 序号: ++number });
  }
  await sink.end();
  await ended;
  return {
    name,
    bytes: Buffer.concat(parts),
    sheets: written.map((s) => ({ name: s.name, households: new Set(s.records.map((r) => r.户编号)).size, members: s.records.length })),
    planted,
  };
}

const FULL_WIDTH = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Plants each dirt on a household of its own (the first ones of the first sheet with room), and says where. */
function plant(
  sheets: { name: string; records: (RegisterRecord & { householdId: number })[] }[],
  dirt: Dirt[],
  format: RegisterFormat,
): PlantedDirt[] {
  const used = new Set<number>();
  const planted: PlantedDirt[] = [];
  for (const kind of dirt) {
    if (format !== 'xlsx' && kind.startsWith('formula')) throw new Error(`${kind}: a CSV holds no formulas`);
    const needsTwo = kind === 'disagreeingHousehold' || kind === 'twoHeads';
    const needsX = kind === 'idLowerX';
    let done = false;
    for (const sheet of sheets) {
      const byHousehold = new Map<number, number[]>();
      sheet.records.forEach((r, i) => byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), i]));
      for (const [householdId, indexes] of byHousehold) {
        if (used.has(householdId) || (needsTwo && indexes.length < 2)) continue;
        if (needsX && !indexes.some((i) => String(sheet.records[i]!.证件号码).endsWith('X'))) continue;
        used.add(householdId);
        const records = indexes.map((i) => sheet.records[i]!);
        const head = records.find((r) => r.与户主关系 === '户主')!;
        const other = records.find((r) => r !== head);
        const at = (record: RegisterRecord) => FIRST_DATA_ROW + sheet.records.indexOf(record as RegisterRecord & { householdId: number });
        const put = (targets: RegisterRecord[], header: RegisterHeader, value: (r: RegisterRecord) => SheetCell) => {
          const original = String(targets[0]![header] ?? '');
          for (const r of targets) r[header] = value(r);
          const shown = targets[0]![header];
          planted.push({
            dirt: kind,
            sheet: sheet.name,
            householdNumber: String(head.户编号),
            rows: targets.map(at),
            column: column(header),
            header,
            value: shown !== null && typeof shown === 'object' ? `=${shown.formula}` : String(shown ?? ''),
            original,
          });
        };
        const year = Number(head.首次识别时间);
        switch (kind) {
          case 'idAsNumber':
            // Excel keeps 15 digits; a CSV saved from it shows the number as Excel does
            put([head], '证件号码', (r) =>
              format === 'xlsx'
                ? Number(String(r.证件号码).slice(0, 15) + '000')
                : `${String(r.证件号码).slice(0, 1)}.${String(r.证件号码).slice(1, 6)}E+17`,
            );
            break;
          case 'badIdChecksum':
            put([head], '证件号码', (r) => String(r.证件号码).slice(0, 17) + (String(r.证件号码).endsWith('1') ? '2' : '1'));
            break;
          case 'idLowerX':
            put([records.find((r) => String(r.证件号码).endsWith('X'))!], '证件号码', (r) => String(r.证件号码).toLowerCase());
            break;
          case 'fullWidthDigits':
            put(records, '户编号', (r) => FULL_WIDTH(String(r.户编号)));
            break;
          case 'straySpaces':
            put([head], '姓名', (r) => ` ${[...String(r.姓名)].join(' ')}\u3000`);
            break;
          case 'dateSerial':
            // 1 April of the year, as Excel counts days (a CSV from Excel shows it as a date)
            put(records, '首次识别时间', () =>
              format === 'xlsx' ? Math.round((Date.UTC(year, 3, 1) - Date.UTC(1899, 11, 30)) / 86_400_000) : `${year}/4/1`,
            );
            break;
          case 'dateText':
            put(records, '首次识别时间', () => `${year}年4月`);
            break;
          case 'unknownLabel':
            put(records, '贫困户属性', () => '富裕户');
            break;
          case 'formulaWithValue':
            put(records, '人数', (r) => ({ formula: `COUNTIF(G:G,G${at(r)})`, result: Number(r.人数) }));
            break;
          case 'formulaWithoutValue':
            put([head], '人数', (r) => ({ formula: `COUNTIF(G:G,G${at(r)})` }));
            break;
          case 'disagreeingHousehold':
            put([other!], '危房户', (r) => (r.危房户 === 'D级' ? 'C级' : 'D级'));
            break;
          case 'wrongSize':
            put(records, '人数', (r) => Number(r.人数) + 1);
            break;
          case 'noHead':
            put([head], '与户主关系', () => '之子');
            break;
          case 'twoHeads':
            put([other!], '与户主关系', () => '户主');
            break;
          case 'unknownVillage':
            put(records, '行政村', () => '无此村');
            break;
          case 'unknownTownship':
            put(records, '乡(镇)', () => '无此镇');
            break;
        }
        done = true;
        break;
      }
      if (done) break;
    }
    if (!done) throw new Error(`no household left to plant ${kind} on: ask for more households`);
  }
  return planted;
}

/**
 * The whole county to `path`, a sheet per township (a CSV: one table), streamed village by village so that
 * nothing but one village's rows is held: for the benchmark's 570,000 member rows. Resolves to the counts.
 */
export async function writeRegisterFile(
  db: Kysely<Database>,
  path: string,
  options: { format: RegisterFormat; onProgress?(rows: number): void },
): Promise<{ rows: number; households: number; bytes: number }> {
  const out = createWriteStream(path);
  const closed = once(out, 'close');
  // inline strings: a shared-string table of 570,000 ID numbers would be held in memory
  const sink = sinkFor(out, options.format, false);
  const townships = await db.selectFrom('township').select(['id', 'name']).orderBy('code').execute();
  let rows = 0;
  let households = 0;
  let number = 0;
  for (const township of townships) {
    await sink.sheet(township.name);
    const villages = await db.selectFrom('village').select('id').where('townshipId', '=', township.id).orderBy('code').execute();
    // 序号 counts within a sheet; a CSV is one table
    if (options.format === 'xlsx') number = 0;
    for (const village of villages) {
      const ids = (
        await db.selectFrom('household').select('id').where('villageId', '=', village.id).orderBy('householdNumber').execute()
      ).map((h) => h.id);
      households += ids.length;
      for (let i = 0; i < ids.length; i += 1000) {
        for (const record of await memberRows(db, ids.slice(i, i + 1000))) {
          await sink.row({ ...record, 序号: ++number });
          rows++;
        }
        options.onProgress?.(rows);
      }
    }
  }
  await sink.end();
  await closed;
  return { rows, households, bytes: out.bytesWritten };
}
