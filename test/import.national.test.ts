import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeTable } from '../schema/src/db/codeTable';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_DANGER_LEVELS,
  LABOR_ABILITIES,
  POVERTY_CAUSES,
  RELATIONS,
  SCHOOL_STATUSES,
} from '../schema/src/households/codes';
import { makeResidentId } from '../schema/src/households/residentId';
import type { TestDatabase } from './support/database';
import { demoCounty, type DemoCounty } from './support/demoAccounts';
import { confirm, countOf, preview, undo, upload } from './support/importJobs';
import { DATA_DATE, buildRegisterFile, type Dirt } from './support/registerSheet';
import { tallyDrift } from './support/tally';
import type { TestServer } from './support/server';

type Row = Record<string, string>;

const label = (table: CodeTable, value: string | null) => (value === null ? '' : (table.find((c) => c.value === value)?.zh ?? value));
const yesNo = (value: boolean) => (value ? '是' : '否');

/** A national-shaped CSV (one row per member, household columns repeated), with a title row above the header as the field's files have. */
function registerCsv(rows: Row[], options: { title?: boolean } = {}): Buffer {
  const header = Object.keys(rows[0]!);
  const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  const lines = [
    ...(options.title === false ? [] : [line(['凌云县建档立卡贫困人口名单'])]),
    line(header),
    ...rows.map((r) => line(header.map((h) => r[h] ?? ''))),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The national person-level sheet (人员名单) into households and members: previewed with exact counts and
 * problems, written all or nothing, idempotent by key, scoped to the clerk, undone from the audit log.
 */
describe('import of the national register sheet', () => {
  let database: TestDatabase;
  let server: TestServer;
  let sessions: DemoCounty['sessions'];
  let as: DemoCounty['as'];
  let townshipId: number;
  let village: { id: number; name: string; township: string };
  let otherVillage: { id: number; name: string; township: string };
  let county: string;

  beforeAll(async () => {
    ({ database, server, sessions, as, townshipId } = await demoCounty());
    const villages = await database.db
      .selectFrom('village')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select(['village.id', 'village.name', 'township.name as township', 'township.id as townshipId'])
      .orderBy('village.id')
      .execute();
    village = villages.find((v) => v.townshipId === townshipId)!;
    otherVillage = villages.find((v) => v.townshipId !== townshipId)!;
    county = (await database.db.selectFrom('county').select('name').executeTakeFirstOrThrow()).name;
  });

  /** The rows of the given households as the national system would write them, from the hub's own data. */
  async function rowsOf(householdIds: number[]): Promise<Row[]> {
    const members = await database.db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .leftJoin('villageGroup', 'villageGroup.id', 'household.groupId')
      .leftJoin('householdSize', 'householdSize.householdId', 'household.id')
      .selectAll('member')
      .select([
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
        'village.name as villageName',
        'township.name as townshipName',
        'villageGroup.name as groupName',
        'householdSize.members',
      ])
      .where('household.id', 'in', householdIds)
      .orderBy('household.householdNumber')
      .orderBy('member.id')
      .execute();
    return members.map((m) => ({
      '县(市、区、旗)': county,
      '乡(镇)': m.townshipName,
      行政村: m.villageName,
      自然村: m.groupName ?? '',
      户编号: m.householdNumber,
      人编号: m.personNumber,
      姓名: m.name,
      证件号码: m.residentId ?? '',
      人数: String(m.members),
      与户主关系: label(RELATIONS, m.relation),
      民族: label(ETHNICITIES, m.ethnicity),
      文化程度: label(EDUCATION_LEVELS, m.education),
      在校生状况: label(SCHOOL_STATUSES, m.schoolStatus),
      健康状况: label(HEALTH_STATUSES, m.health),
      劳动技能: label(LABOR_ABILITIES, m.laborAbility),
      '务工时间(月)': String(m.migrantWorkMonths),
      是否参加新型农村合作医疗: yesNo(m.hasMedicalInsurance),
      致贫原因1: label(POVERTY_CAUSES, m.mainCause),
      危房户: label(HOUSING_DANGER_LEVELS, m.housingDangerLevel),
      是否解决安全饮用水: yesNo(m.hasSafeWater),
      户联系电话: m.householdPhone ?? '',
      人联系电话: m.phone ?? '',
      首次识别时间: String(m.identificationYear),
      计划脱贫年度: m.plannedExitYear ? String(m.plannedExitYear) : '',
      脱贫年度: m.exitYear ? String(m.exitYear) : '',
      贫困户属性: label(HOUSEHOLD_ATTRIBUTES, m.attribute),
      脱贫状态: label(HOUSEHOLD_STATUSES, m.status),
    }));
  }

  /** Two new households (three and two members) in `where`, from the first row's shape. */
  function newHouseholds(shape: Row, where: { name: string; township: string }, prefix: string): Row[] {
    const rows: Row[] = [];
    [3, 2].forEach((size, h) => {
      for (let k = 0; k < size; k++) {
        const male = k !== 1;
        const birth = `19${70 + h * 5 + k}-0${k + 1}-1${k}`;
        rows.push({
          ...shape,
          '乡(镇)': where.township,
          行政村: where.name,
          自然村: '',
          户编号: `${prefix}${h}`,
          人编号: `${prefix}${h}0${k}`,
          姓名: `${['韦', '罗'][h]}测${k}`,
          证件号码: makeResidentId('451027', birth, 100 + h * 10 + k * 2 + (male ? 1 : 0)),
          人数: String(size),
          与户主关系: k === 0 ? '户主' : k === 1 ? '配偶' : '之子',
          人联系电话: '',
          脱贫状态: '未脱贫',
          脱贫年度: '',
          计划脱贫年度: '2026',
          首次识别时间: '2016',
        });
      }
    });
    return rows;
  }

  const householdIdsOf = async (villageId: number, n: number) =>
    (await database.db.selectFrom('household').select('id').where('villageId', '=', villageId).orderBy('id').limit(n).execute()).map(
      (h) => h.id,
    );
  /** The last `n` households (by id) of at least `members` members in the village, or (`<>`) outside it: the other tests take the first ones. */
  const lastHouseholds = async (op: '=' | '<>', villageId: number, members: number, n: number) =>
    (
      await database.db
        .selectFrom('householdSize')
        .innerJoin('household', 'household.id', 'householdSize.householdId')
        .select('household.id')
        .where('household.villageId', op, villageId)
        .where('householdSize.members', '>=', members)
        .orderBy('household.id', 'desc')
        .limit(n)
        .execute()
    ).map((h) => h.id);
  const versions = async (ids: number[]) =>
    database.db.selectFrom('member').select(['id', 'version']).where('householdId', 'in', ids).orderBy('id').execute();
  const auditCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('operation', 'in', ['CREATE', 'UPDATE', 'DELETE'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the hub’s own households written as the national sheet import as unchanged: no version moves, no audit row', async () => {
    const ids = await householdIdsOf(village.id, 5);
    const rows = await rowsOf(ids);
    const before = await versions(ids);
    const audits = await auditCount();
    const job = await preview(server, sessions.admin, 'households', '人员名单.csv', registerCsv(rows));
    expect(job.problems).toEqual([]);
    expect(job.kind).toBe('NATIONAL_REGISTER');
    expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: 5, deleted: 0 });
    expect(countOf(job, 'Member')).toMatchObject({ created: 0, updated: 0, unchanged: rows.length, deleted: 0 });
    expect(job.progress).toMatchObject({ rowsTotal: rows.length, rowsRead: rows.length, rowsChecked: rows.length });
    const applied = await confirm(server, sessions.admin, job.id);
    expect(applied.status, applied.failure).toBe('APPLIED');
    expect(await versions(ids)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('new households are previewed, written in one go with their audit rows, unchanged the second time, and undone', async () => {
    const [shape] = await rowsOf(await householdIdsOf(village.id, 1));
    const rows = newHouseholds(shape!, village, '45102799000');
    const job = await preview(server, sessions.admin, 'households', '新户.csv', registerCsv(rows));
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Household')).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(countOf(job, 'Member')).toMatchObject({ created: 5, updated: 0, unchanged: 0 });
    expect(await database.db.selectFrom('household').select('id').where('householdNumber', 'like', '45102799000%').execute()).toEqual([]);

    const applied = await confirm(server, sessions.admin, job.id);
    expect(applied.status, applied.failure).toBe('APPLIED');
    expect(applied.progress.rowsWritten).toBe(rows.length);
    const households = await database.db
      .selectFrom('household')
      .selectAll()
      .where('householdNumber', 'like', '45102799000%')
      .orderBy('householdNumber')
      .execute();
    expect(households.map((h) => [h.householdNumber, h.villageId, h.status, h.plannedExitYear, h.identificationYear, h.version])).toEqual([
      ['451027990000', village.id, 'POOR', 2026, 2016, 1],
      ['451027990001', village.id, 'POOR', 2026, 2016, 1],
    ]);
    const members = await database.db
      .selectFrom('member')
      .selectAll()
      .where(
        'householdId',
        'in',
        households.map((h) => h.id),
      )
      .orderBy('personNumber')
      .execute();
    expect(members.map((m) => [m.personNumber, m.name, m.relation, m.sex, m.residentId, m.birthDate])).toEqual(
      rows.map((r, i) => [
        r['人编号'],
        r['姓名'],
        ['HEAD', 'SPOUSE', 'SON', 'HEAD', 'SPOUSE'][i],
        i === 1 || i === 4 ? 'FEMALE' : 'MALE',
        r['证件号码'],
        members[i]!.birthDate,
      ]),
    );
    const id = Number(Buffer.from(job.id, 'base64').toString().split(':')[1]);
    const audits = await database.db
      .selectFrom('auditLog')
      .select(['operation', 'recordType', 'after'])
      .where('importJobId', '=', id)
      .execute();
    expect(audits.filter((a) => a.recordType === 'Household')).toHaveLength(2);
    expect(audits.filter((a) => a.recordType === 'Member')).toHaveLength(5);
    // the audit row reads like the write path's: camelCase keys, the record as written
    expect((audits.find((a) => a.recordType === 'Household')!.after as Record<string, unknown>).householdNumber).toMatch(/^45102799000/);

    // the same file again: nothing changes
    const auditsBefore = await auditCount();
    const again = await preview(server, sessions.admin, 'households', '新户.csv', registerCsv(rows));
    expect(countOf(again, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(countOf(again, 'Member')).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect((await confirm(server, sessions.admin, again.id)).status).toBe('APPLIED');
    expect(await auditCount()).toBe(auditsBefore);

    // undo: the two households and their members are gone again
    const undone = await undo(server, sessions.admin, job.id);
    expect(undone).toMatchObject({ status: 'UNDONE', problemCount: 0 });
    // the job's progress counted the records put back: two households, five members
    expect(undone.progress).toMatchObject({ rowsTotal: 7, rowsWritten: 7 });
    expect(await database.db.selectFrom('household').select('id').where('householdNumber', 'like', '45102799000%').execute()).toEqual([]);
  });

  it('a changed cell updates only that record; a member missing from the file is listed, and deleted only when asked', async () => {
    const sizes = await database.db
      .selectFrom('householdSize')
      .innerJoin('household', 'household.id', 'householdSize.householdId')
      .select('household.id')
      .where('household.villageId', '=', village.id)
      .where('householdSize.members', '>=', 3)
      .orderBy('household.id')
      .limit(2)
      .execute();
    const ids = sizes.map((h) => h.id);
    const rows = await rowsOf(ids);
    const before = await versions(ids);
    const changed = rows.map((r, i) => (i === 0 ? { ...r, 文化程度: r['文化程度'] === '初中' ? '高中' : '初中' } : r));
    const leavingAt = rows.findLastIndex((r) => r['与户主关系'] !== '户主');
    const dropped = changed.filter((_, i) => i !== leavingAt);
    const leaving = rows[leavingAt]!;
    const job = await preview(server, sessions.admin, 'households', '变更.csv', registerCsv(dropped));
    expect(job.problems.map((p: Row) => p.header)).toEqual(['人数']);
    expect(countOf(job, 'Member')).toMatchObject({ created: 0, updated: 1, unchanged: dropped.length - 1, deleted: 0 });
    expect(job.missing.map((m: Row) => m.label)).toEqual([`${leaving['姓名']}（${leaving['人编号']}）`]);
    // 人数 in the file still says the old size: a problem, unless the file is corrected
    const corrected = dropped.map((r) => (r['户编号'] === leaving['户编号'] ? { ...r, 人数: String(Number(r['人数']) - 1) } : r));
    const job2 = await preview(server, sessions.admin, 'households', '变更.csv', registerCsv(corrected), { deleteMissing: true });
    expect(job2.problems).toEqual([]);
    expect(countOf(job2, 'Member')).toMatchObject({ updated: 1, deleted: 1 });
    expect((await confirm(server, sessions.admin, job2.id)).status).toBe('APPLIED');
    const after = await versions(ids);
    expect(after).toHaveLength(before.length - 1);
    const moved = after.filter((a) => before.find((b) => b.id === a.id)!.version !== a.version);
    expect(moved).toHaveLength(1);
    expect(await database.db.selectFrom('member').select('id').where('personNumber', '=', leaving['人编号']!).execute()).toEqual([]);
  });

  it('a household the sheet places in another village moves there with its members, the member it gains included', async () => {
    // a household of another village than the one the rows below name, with more than one member (the last one:
    // the other tests take the first households of a village)
    const [id] = await lastHouseholds('<>', otherVillage.id, 2, 1);
    const rows = await rowsOf([id!]);
    const size = String(rows.length + 1);
    const born = '2019-05-16';
    const moved = [
      ...rows.map((r) => ({ ...r, '乡(镇)': otherVillage.township, 行政村: otherVillage.name, 自然村: '', 人数: size })),
      {
        ...rows[0]!,
        '乡(镇)': otherVillage.township,
        行政村: otherVillage.name,
        自然村: '',
        人数: size,
        人编号: `${rows[0]!['户编号']}77`,
        姓名: '韦新',
        证件号码: makeResidentId('451027', born, 771),
        与户主关系: '之子',
        人联系电话: '',
      },
    ];
    const job = await preview(server, sessions.admin, 'households', '迁户.csv', registerCsv(moved));
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 1 });
    expect(countOf(job, 'Member')).toMatchObject({ created: 1 });
    expect((await confirm(server, sessions.admin, job.id)).status).toBe('APPLIED');
    // every member, the old ones moved along and the new one written with its village, is in the household's village
    const members = await database.db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .select(['member.personNumber', 'member.villageId', 'household.villageId as householdVillageId'])
      .where('member.householdId', '=', id!)
      .orderBy('member.personNumber')
      .execute();
    expect(members.map((m) => m.personNumber).sort()).toEqual(moved.flatMap((r) => ('人编号' in r ? [r['人编号']] : [])).sort());
    expect(members.map((m) => [m.villageId, m.householdVillageId])).toEqual(members.map(() => [otherVillage.id, otherVillage.id]));
  });

  it('new households get their sizes once their members are in: every size and the tally are what the rows give, before and after the undo', async () => {
    // in a village that has households: two new ones, a member added to one it has, and a member of another moved into a new one
    const [kept, source] = await lastHouseholds('=', village.id, 3, 2);
    const keptRows = await rowsOf([kept!]);
    const sourceRows = await rowsOf([source!]);
    const mover = sourceRows.find((r) => r['与户主关系'] !== '户主')!;
    const created = newHouseholds(keptRows[0]!, village, '45102798800');
    const into = created.filter((r) => r['户编号'] === '451027988001');
    const memberColumns = [
      '人编号',
      '姓名',
      '证件号码',
      '民族',
      '文化程度',
      '在校生状况',
      '健康状况',
      '劳动技能',
      '务工时间(月)',
      '是否参加新型农村合作医疗',
    ];
    const rows = [
      ...keptRows.map((r) => ({ ...r, 人数: String(keptRows.length + 1) })),
      {
        ...keptRows[0]!,
        人数: String(keptRows.length + 1),
        人编号: `${keptRows[0]!['户编号']}88`,
        姓名: '韦增',
        证件号码: makeResidentId('451027', '2020-02-02', 881),
        与户主关系: '之子',
        人联系电话: '',
      },
      ...sourceRows.filter((r) => r !== mover).map((r) => ({ ...r, 人数: String(sourceRows.length - 1) })),
      ...created.map((r) => (r['户编号'] === '451027988001' ? { ...r, 人数: String(into.length + 1) } : r)),
      {
        ...into[0]!,
        ...Object.fromEntries(memberColumns.map((c) => [c, mover[c]!])),
        人数: String(into.length + 1),
        与户主关系: '之子',
        人联系电话: '',
      },
    ];
    const job = await preview(server, sessions.admin, 'households', '新户与变更.csv', registerCsv(rows));
    expect(job.problems).toEqual([]);
    expect(countOf(job, 'Household')).toMatchObject({ created: 2, updated: 0 });
    expect(countOf(job, 'Member')).toMatchObject({ created: 6, updated: 1 });
    expect(await tallyDrift(database.db)).toEqual([]);
    expect((await confirm(server, sessions.admin, job.id)).status).toBe('APPLIED');
    expect(await tallyDrift(database.db)).toEqual([]);
    const sizes = await database.db
      .selectFrom('householdSize')
      .innerJoin('household', 'household.id', 'householdSize.householdId')
      .select(['household.householdNumber', 'householdSize.members'])
      .where('household.householdNumber', 'in', [keptRows[0]!['户编号']!, mover['户编号']!, '451027988000', '451027988001'])
      .orderBy('household.householdNumber')
      .execute();
    expect(sizes).toEqual(
      [
        { householdNumber: keptRows[0]!['户编号'], members: keptRows.length + 1 },
        { householdNumber: mover['户编号'], members: sourceRows.length - 1 },
        { householdNumber: '451027988000', members: 3 },
        { householdNumber: '451027988001', members: into.length + 1 },
      ].sort((a, b) => a.householdNumber!.localeCompare(b.householdNumber!)),
    );
    expect((await undo(server, sessions.admin, job.id)).status).toBe('UNDONE');
    expect(await tallyDrift(database.db)).toEqual([]);
  });

  it('every kind of problem is reported on its cell and nothing is written', async () => {
    const ids = await householdIdsOf(otherVillage.id, 3);
    const rows = await rowsOf(ids);
    const numbers = [...new Set(rows.map((r) => r['户编号']))];
    const [a, b, c] = numbers;
    const bad = rows.map((r) => ({ ...r }));
    const rowOf = (i: number) => i + 3; // a title row, then the header
    const firstOf = (n: string) => bad.findIndex((r) => r['户编号'] === n);
    // 1. an unknown village
    bad[firstOf(a!)]!['行政村'] = '不存在村';
    // 2. household columns that disagree between rows of one household
    const bRows = bad.flatMap((r, i) => (r['户编号'] === b ? [i] : []));
    bad[bRows[1]!]!['致贫原因1'] = bad[bRows[0]!]!['致贫原因1'] === '缺资金' ? '缺技术' : '缺资金';
    // 3. no 户主
    const cHead = bad.findIndex((r) => r['户编号'] === c && r['与户主关系'] === '户主');
    bad[cHead]!['与户主关系'] = '其他';
    const audits = await auditCount();
    const job = await preview(server, sessions.admin, 'households', '问题.csv', registerCsv(bad));
    expect(job.status).toBe('REFUSED');
    const found = job.problems.map((p: Row) => [p.row, p.header]);
    expect(found).toContainEqual([rowOf(firstOf(a!)), '行政村']);
    expect(found).toContainEqual([rowOf(bRows[0]!), '致贫原因1']);
    expect(found).toContainEqual([rowOf(bRows[1]!), '致贫原因1']);
    expect(found).toContainEqual([rowOf(firstOf(c!)), '与户主关系']);
    expect(job.problems.find((p: Row) => p.header === '行政村').message).toContain('不存在村');
    expect(await auditCount()).toBe(audits);
    const refused = await as('admin')(`mutation ($id: ID!) { confirmImport(id: $id) { id } }`, { id: job.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('人均纯收入 is checked against the household’s latest income in the hub: a figure that differs is a problem on its cell', async () => {
    const latest = await database.db
      .selectFrom('householdIncome')
      .innerJoin('household', 'household.id', 'householdIncome.householdId')
      .select(['household.id', 'household.householdNumber', 'householdIncome.year', 'householdIncome.netIncome'])
      .where('household.villageId', '=', village.id)
      .distinctOn('household.id')
      .orderBy('household.id')
      .orderBy('householdIncome.year', 'desc')
      .limit(2)
      .execute();
    expect(latest).toHaveLength(2);
    const rows = await rowsOf(latest.map((h) => h.id));
    const sizeOf = (n: string) => rows.filter((r) => r['户编号'] === n).length;
    const figureOf = (h: (typeof latest)[number]) => (Math.round((Number(h.netIncome) / sizeOf(h.householdNumber)) * 100) / 100).toFixed(2);
    const wrong = latest[1]!;
    const wrongFigure = String(Math.round((Number(figureOf(wrong)) + 50) * 100) / 100); // as the reader keeps an amount: 3186.4, not 3186.40
    const withFigures = (figure: (h: (typeof latest)[number]) => string) =>
      rows.map((r) => ({ ...r, 人均纯收入: figure(latest.find((h) => h.householdNumber === r['户编号'])!) }));

    const job = await preview(
      server,
      sessions.admin,
      'households',
      '收入.csv',
      registerCsv(withFigures((h) => (h === wrong ? wrongFigure : figureOf(h)))),
    );
    expect(job.status).toBe('REFUSED');
    const first = rows.findIndex((r) => r['户编号'] === wrong.householdNumber) + 3; // a title row, then the header
    expect(job.problems).toEqual([
      {
        sheet: '收入',
        row: first,
        column: Object.keys(withFigures(figureOf)[0]!).indexOf('人均纯收入') + 1,
        header: '人均纯收入',
        value: wrongFigure,
        message: `人均纯收入 ${wrongFigure} 元与平台中该户 ${wrong.year} 年的收入不符：家庭纯收入 ${wrong.netIncome} 元 ÷ ${sizeOf(wrong.householdNumber)} 人 = ${figureOf(wrong)} 元`,
      },
    ]);
    // the figures as the hub's incomes give them (rounded to the yuan, as the national system may): no problem
    const rounded = await preview(
      server,
      sessions.admin,
      'households',
      '收入.csv',
      registerCsv(withFigures((h) => String(Math.round(Number(figureOf(h)))))),
    );
    expect(rounded.problems).toEqual([]);
    expect(rounded.status).toBe('PREVIEWED');
  });

  it('a clerk’s row outside her township is a problem on that row; inside it she imports', async () => {
    const mine = await rowsOf(await householdIdsOf(village.id, 1));
    const theirs = await rowsOf(await householdIdsOf(otherVillage.id, 1));
    const job = await preview(server, sessions.clerk, 'households', '混合.csv', registerCsv([...mine, ...theirs]));
    expect(job.status).toBe('REFUSED');
    const rows = new Set(job.problems.map((p: Row) => p.row));
    expect(rows).toEqual(new Set(theirs.map((_, i) => mine.length + i + 3)));
    expect(job.problems[0].message).toContain('不在您的管辖范围内');
    const ok = await preview(server, sessions.clerk, 'households', '本镇.csv', registerCsv(mine));
    expect(ok.status).toBe('PREVIEWED');
    expect((await confirm(server, sessions.clerk, ok.id)).status).toBe('APPLIED');
  });

  it('the field’s files (a workbook with a sheet per township, a GBK CSV) of the hub’s own households change nothing', async () => {
    for (const format of ['xlsx', 'csv-gbk'] as const) {
      const file = await buildRegisterFile(database.db, { format, townships: 2, households: 4 });
      const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
      expect(job.problems, format).toEqual([]);
      expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: format === 'xlsx' ? 8 : 8 });
      expect(countOf(job, 'Member').updated).toBe(0);
      expect(job.dataDate).toBe(DATA_DATE);
    }
  });

  it('each kind of dirt planted in a workbook is a problem on the cells it was planted in, and nothing else is', async () => {
    const dirt: Dirt[] = [
      'disagreeingHousehold',
      'wrongSize',
      'noHead',
      'twoHeads',
      'unknownVillage',
      'unknownTownship',
      'idAsNumber',
      'badIdChecksum',
      'unknownLabel',
      'formulaWithoutValue',
    ];
    const file = await buildRegisterFile(database.db, { format: 'xlsx', townships: 2, households: 12, dirt });
    const audits = await auditCount();
    const job = await preview(server, sessions.admin, 'households', file.name, file.bytes);
    expect(job.status).toBe('REFUSED');
    const at = (p: { sheet: string; row: number; column: number | null }) => `${p.sheet}!${p.row}:${p.column}`;
    const planted = new Set(file.planted.flatMap((p) => p.rows.map((row) => at({ sheet: p.sheet, row, column: p.column }))));
    for (const p of file.planted) {
      expect(
        job.problems.some(
          (x: { sheet: string; row: number; column: number }) => x.sheet === p.sheet && p.rows.includes(x.row) && x.column === p.column,
        ),
        p.dirt,
      ).toBe(true);
    }
    // a disagreement and a second head are problems on both sides: the household's other rows (within a few rows) too
    const pairs = file.planted.filter((p) => p.dirt === 'disagreeingHousehold' || p.dirt === 'twoHeads');
    const partner = (x: { sheet: string; row: number; column: number }) =>
      pairs.some((p) => p.sheet === x.sheet && p.column === x.column && x.row !== p.rows[0] && Math.abs(x.row - p.rows[0]!) < 8);
    const elsewhere = job.problems.filter((x: { sheet: string; row: number; column: number }) => !planted.has(at(x)) && !partner(x));
    expect(elsewhere.map((x: Record<string, unknown>) => [at(x as never), x.value, x.message])).toEqual([]);
    expect(job.problems.filter(partner).length).toBeGreaterThanOrEqual(2);
    expect(await auditCount()).toBe(audits);
  });

  it('problems come in English when the request asks for it', async () => {
    const rows = await rowsOf(await householdIdsOf(village.id, 1));
    rows[0]!['行政村'] = 'Nowhere';
    const started = await upload(server, sessions.admin, 'households', 'x.csv', registerCsv(rows), {
      headers: { 'accept-language': 'en' },
    });
    const { settled } = await import('./support/importJobs');
    const job = await settled(server, sessions.admin, started.body.id, { locale: 'en' });
    expect(job.problems[0].message).toContain('no village called “Nowhere”');
  });
});
