import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../schema/src/index';
import { ImportFileError, type ImportProblem } from '../schema/src/import/contract';
import { NATIONAL_COLUMNS, parseRegisterRow, type RegisterRow } from '../schema/src/import/nationalSheet';
import {
  booleanOf,
  codeOf,
  digitsOf,
  DEFAULT_IMPORT_LIMITS,
  isoDateOf,
  markWorkbook,
  readTable,
  residentIdOf,
  textOf,
  yearOf,
  type ColumnSpec,
  type DataRow,
  type RowProblem,
  type SheetStart,
} from '../schema/src/import/read/index';
import { HOUSEHOLD_ATTRIBUTES, HOUSING_DANGER_LEVELS } from '../schema/src/households/codes';
import { makeResidentId } from '../schema/src/households/residentId';
import { freshDatabase } from './support/database';
import { buildRegisterFile, writeRegisterFile, type Dirt, type RegisterFile } from './support/registerSheet';

type Item = SheetStart | DataRow | RowProblem;

async function readAll(
  name: string,
  bytes: Buffer,
  columns: ColumnSpec[] = NATIONAL_COLUMNS,
  limits = DEFAULT_IMPORT_LIMITS,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of readTable({ name, bytes }, columns, { limits })) items.push(item);
  return items;
}

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

const rows = (items: Item[]) => items.filter((i): i is DataRow => i.kind === 'row');
const problems = (items: Item[]) => items.filter((i): i is RowProblem => i.kind === 'problem').map((p) => p.problem);
const sheets = (items: Item[]) => items.filter((i): i is SheetStart => i.kind === 'sheet');

const ID_HEAD = makeResidentId('451027', '1968-03-12', 11); // a man
const ID_WIFE = makeResidentId('451027', '1970-07-01', 22); // a woman

const HEADER = [
  '序号',
  '县（市、区、旗）',
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
  '是否参加大病保险',
  '致贫原因1',
  '危房户',
  '是否解决安全饮用水',
  '人均纯收入',
  '户联系电话',
  '首次识别时间',
  '贫困户属性',
  '计划脱贫年度',
  '脱贫状态',
];
const HEAD_ROW = [
  1,
  '凌云县',
  '泗城镇',
  '平兰村',
  '弄福屯',
  '4510271000010001',
  '451027100001000101',
  '韦明',
  ID_HEAD,
  2,
  '户主',
  '壮族',
  '初中',
  '非在校生',
  '健康',
  '普通劳动力',
  6,
  '是',
  '缺资金',
  '否',
  '是',
  3120.5,
  '13907761234',
  '2014-04-01',
  '一般贫困户',
  2017,
  '未脱贫',
];
const WIFE_ROW = [
  2,
  '凌云县',
  '泗城镇',
  '平兰村',
  '弄福屯',
  '4510271000010001',
  '451027100001000102',
  '罗秀英',
  ID_WIFE,
  2,
  '配偶',
  '壮族',
  '小学',
  '非在校生',
  '长期慢性病',
  '弱劳动力或半劳动力',
  0,
  '是',
  '缺资金',
  '否',
  '是',
  3120.5,
  '13907761234',
  '2014-04-01',
  '一般贫困户',
  2017,
  '未脱贫',
];

/** a national-shaped sheet: merged title row, header, units row, two member rows */
function nationalSheet(wb: ExcelJS.Workbook, name: string, header: string[] = HEADER, body: unknown[][] = [HEAD_ROW, WIFE_ROW]) {
  const ws = wb.addWorksheet(name);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell('A1').value = '凌云县建档立卡贫困人口名单';
  ws.addRow(header);
  ws.addRow(header.map((h) => (h === '人均纯收入' ? '（元）' : h === '人数' ? '人' : h.startsWith('务工时间') ? '(月)' : null)));
  for (const row of body) ws.addRow(row);
  return ws;
}

describe('readTable: header row and columns', () => {
  it('finds the header below a merged title row, skips the units row, matches the columns by name and gives the rows where they stand', async () => {
    const items = await readAll('名单.xlsx', await workbook((wb) => nationalSheet(wb, '泗城镇')));
    const [sheet] = sheets(items);
    expect(sheet!.headerRow).toBe(2);
    expect(sheet!.columns.householdNumber).toEqual({ column: 6, header: '户编号' });
    expect(sheet!.columns['member.migrantWorkMonths']).toEqual({ column: 17, header: '务工时间（月）' });
    expect(sheet!.columns['member.hasSeriousIllnessInsurance']).toEqual({ column: 18, header: '是否参加大病保险' });
    expect(sheet!.ignoredHeaders).toEqual([]);
    const data = rows(items);
    expect(data.map((r) => r.row)).toEqual([4, 5]);
    expect(data[0]!.cells).toMatchObject({
      'member.name': '韦明',
      'member.residentId': ID_HEAD,
      householdSize: 2,
      'household.attribute': '一般贫困户',
    });
    expect(problems(items)).toEqual([]);
  });

  it('matches header variants, never positions: full-width and half-width parentheses, spaces, line breaks, 身份证号, a leading *', async () => {
    const header = ['*姓名', '身份证号', '户 编 号', '务工时间\n(月)', '乡（镇）', '行政村', '备用列', '人编号'];
    const items = await readAll(
      'x.xlsx',
      await workbook((wb) =>
        nationalSheet(wb, 'S', header, [['韦明', ID_HEAD, '4510271000010001', 3, '泗城镇', '平兰村', 'x', '451027100001000101']]),
      ),
    );
    const [sheet] = sheets(items);
    expect(Object.fromEntries(Object.entries(sheet!.columns).map(([k, v]) => [k, v.column]))).toEqual({
      'member.name': 1,
      'member.residentId': 2,
      householdNumber: 3,
      'member.migrantWorkMonths': 4,
      township: 5,
      village: 6,
      'member.personNumber': 8,
    });
    expect(sheet!.columns['member.migrantWorkMonths']!.header).toBe('务工时间\n(月)');
    expect(sheet!.ignoredHeaders).toEqual(['备用列']);
    expect(rows(items)[0]!.cells).toMatchObject({
      'member.name': '韦明',
      householdNumber: '4510271000010001',
      'member.migrantWorkMonths': 3,
    });
  });

  it('reads every sheet; a sheet lacking a required column, or with data and no header, is reported; an empty sheet is skipped', async () => {
    const bytes = await workbook((wb) => {
      nationalSheet(wb, '泗城镇');
      wb.addWorksheet('空表');
      nationalSheet(
        wb,
        '逻楼镇',
        HEADER.filter((h) => h !== '行政村'),
        [HEAD_ROW.filter((_, i) => HEADER[i] !== '行政村')],
      );
      wb.addWorksheet('说明').addRow(['本表由县扶贫办导出']);
      nationalSheet(wb, '加尤镇', HEADER, [WIFE_ROW]);
    });
    const items = await readAll('county.xlsx', bytes);
    expect(sheets(items).map((s) => s.sheet)).toEqual(['泗城镇', '逻楼镇', '加尤镇']);
    expect(rows(items).map((r) => `${r.sheet}!${r.row}`)).toEqual(['泗城镇!4', '泗城镇!5', '加尤镇!4']);
    const found = problems(items);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ sheet: '逻楼镇', row: 2, column: null, header: '行政村' });
    expect(found[0]!.message.zh).toContain('缺少必需的列“行政村”');
    expect(found[1]).toMatchObject({ sheet: '说明', row: 1, column: null });
    expect(found[1]!.message.zh).toContain('找不到表头');
    expect(found[1]!.message.en).toContain('no header row was found');
  });

  it('fills merged cells: household columns merged down a household’s rows, and a header over two rows read by its lower row', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('泗城镇');
      ws.addRow(['凌云县建档立卡贫困人口名单']);
      ws.mergeCells('A1:G1');
      ws.addRow(['户编号', '乡(镇)', '行政村', '成员信息', null, null, '首次识别时间']);
      ws.addRow([null, null, null, '姓名', '人编号', '证件号码', null]);
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('C2:C3');
      ws.mergeCells('D2:F2');
      ws.mergeCells('G2:G3');
      ws.addRow(['4510271000010001', '泗城镇', '平兰村', '韦明', '451027100001000101', ID_HEAD, 2014]);
      ws.addRow([null, null, null, '罗秀英', '451027100001000102', ID_WIFE, null]);
      ws.mergeCells('A4:A5');
      ws.mergeCells('B4:B5');
      ws.mergeCells('C4:C5');
      ws.mergeCells('G4:G5');
      ws.getCell('B5').value = null;
    });
    const items = await readAll('merged.xlsx', bytes);
    expect(sheets(items)[0]).toMatchObject({ headerRow: 3 });
    expect(Object.keys(sheets(items)[0]!.columns).sort()).toEqual(
      [
        'household.identificationYear',
        'householdNumber',
        'member.name',
        'member.personNumber',
        'member.residentId',
        'township',
        'village',
      ].sort(),
    );
    expect(problems(items)).toEqual([]);
    expect(
      rows(items).map((r) => [
        r.row,
        r.cells.householdNumber,
        r.cells.village,
        r.cells['member.name'],
        r.cells['household.identificationYear'],
      ]),
    ).toEqual([
      [4, '4510271000010001', '平兰村', '韦明', 2014],
      [5, '4510271000010001', '平兰村', '罗秀英', 2014],
    ]);
  });

  it('skips a hidden sheet of dropdown lists quietly, and reads a date-formatted cell as a date', async () => {
    const bytes = await workbook((wb) => {
      const ws = nationalSheet(wb, '泗城镇', HEADER, [HEAD_ROW]);
      ws.getCell(4, HEADER.indexOf('首次识别时间') + 1).value = new Date(Date.UTC(2015, 8, 30));
      ws.getCell(4, HEADER.indexOf('首次识别时间') + 1).numFmt = 'yyyy"年"m"月"d"日"';
      const lists = wb.addWorksheet('下拉选项', { state: 'hidden' });
      lists.addRow(['一般贫困户', '低保贫困户']);
    });
    const items = await readAll('x.xlsx', bytes);
    expect(problems(items)).toEqual([]);
    const [row] = rows(items);
    expect(row!.cells['household.identificationYear']).toEqual(new Date(Date.UTC(2015, 8, 30)));
    expect(parseRegisterRow(row!, sheets(items)[0]!).row.household.identificationYear).toBe(2015);
  });

  it('refuses a file in which no sheet has the columns', async () => {
    const error = await refusal(readAll('x.xlsx', await workbook((wb) => wb.addWorksheet('S').addRow(['a', 'b']))));
    expect(error.text.zh).toContain('没有可导入的数据');
  });
});

describe('readTable: CSV in UTF-8 and GBK', () => {
  const csv = [
    '凌云县建档立卡贫困人口名单,,,,,',
    '户编号,人编号,姓名,乡（镇）,行政村,证件号码',
    `4510271000010001,451027100001000101,韦明,泗城镇,平兰村,${ID_HEAD}`,
    `4510271000010001,451027100001000102,"罗秀英",泗城镇,平兰村,${ID_WIFE.toLowerCase()}`,
    '',
  ].join('\r\n');
  const expected = [
    { sheet: '名单', row: 3, cells: { householdNumber: '4510271000010001', 'member.name': '韦明', township: '泗城镇' } },
    { sheet: '名单', row: 4, cells: { 'member.name': '罗秀英', 'member.residentId': ID_WIFE.toLowerCase() } },
  ];
  for (const [label, bytes] of [
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])],
    ['UTF-8 without one', Buffer.from(csv)],
    ['GBK (WPS)', iconv.encode(csv, 'gbk')],
  ] as const) {
    it(`reads ${label}`, async () => {
      const items = await readAll('名单.csv', bytes);
      expect(sheets(items)[0]).toMatchObject({ sheet: '名单', headerRow: 2 });
      expect(rows(items)).toMatchObject(expected);
    });
  }

  // an upload is read from its file, a megabyte at a time (the encoding told from the whole file first): never held whole
  const [title, header, ...members] = csv.split('\r\n');
  const big = [title, header, ...Array.from({ length: 12_000 }, () => members.slice(0, 2)).flat(), ''].join('\r\n');
  for (const [label, bytes] of [
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(big)])],
    ['GBK (WPS)', iconv.encode(big, 'gbk')],
  ] as const) {
    it(`reads a ${label} file of ${(bytes.length / 1024 / 1024).toFixed(1)} MB from its path as from its bytes`, async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'fupin-read-')), '名单.csv');
      writeFileSync(path, bytes);
      const fromPath: Item[] = [];
      for await (const item of readTable({ name: '名单.csv', path }, NATIONAL_COLUMNS)) fromPath.push(item);
      const fromBytes = await readAll('名单.csv', bytes);
      expect(rows(fromPath)).toHaveLength(24_000);
      expect(rows(fromPath).at(-1)).toMatchObject({ ...expected[1], row: 24_002 });
      expect(fromPath).toEqual(fromBytes);
    });
  }
});

/** a zip holding one entry, written by hand, whose directory may lie about the size */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(declaredSize ?? data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(declaredSize ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readTable: workbooks as other programs write them', () => {
  it('reads shared rich text without its phonetic guide, escapes, cells without references, booleans, errors, string formulas and 1904 dates', async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>人编号</t></is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c t="inlineStr"><is><t>是否解决安全饮用水</t></is></c><c t="inlineStr"><is><t>与户主关系</t></is></c></row>
<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>4510271000010001</v></c><c r="C3" t="str"><f>B3&amp;"01"</f><v>451027100001000101</v></c><c r="D3" s="1"><v>40268</v></c><c r="E3" t="e"><v>#N/A</v></c><c t="b"><v>1</v></c><c><f>1+1</f></c></row>
<row r="4" spans="1:7"/>
</sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>`;
    const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><r><rPr><b/></rPr><t>姓</t></r><r><t>名</t></r><rPh sb="0" eb="1"><t>xing</t></rPh></si><si><t>户编号</t></si><si><t xml:space="preserve">首次识别时间</t></si><si><t>证件号码</t></si><si><t>韦&amp;明_x000D_</t></si></sst>`;
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const book = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`;
    const bytes = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from(book) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels) },
      { name: 'xl/sharedStrings.xml', data: Buffer.from(shared) },
      { name: 'xl/styles.xml', data: Buffer.from(styles) },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    const columns: ColumnSpec[] = NATIONAL_COLUMNS.filter((c) =>
      [
        'member.name',
        'householdNumber',
        'member.personNumber',
        'household.identificationYear',
        'member.residentId',
        'household.hasSafeWater',
        'member.relation',
      ].includes(c.key),
    );
    const items = await readAll('wps.xlsx', bytes, columns);
    expect(sheets(items)[0]).toMatchObject({ sheet: '名单', headerRow: 1 });
    expect(Object.values(sheets(items)[0]!.columns).map((c) => c.column)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows(items)).toEqual([
      {
        kind: 'row',
        sheet: '名单',
        row: 3,
        cells: {
          'member.name': '韦&明\r',
          householdNumber: 4510271000010001,
          'member.personNumber': '451027100001000101',
          'household.identificationYear': new Date(Date.UTC(2014, 3, 1)),
          'member.residentId': null,
          'household.hasSafeWater': true,
          'member.relation': null,
        },
      },
    ]);
    expect(problems(items).map((p) => [p.row, p.column, p.header, p.message.zh.slice(0, 12)])).toEqual([
      [3, 5, '证件号码', '单元格是错误值 #N/A'],
      [3, 7, '与户主关系', '单元格是公式，但文件中没'],
    ]);
  });
});

describe('readTable: files it refuses', () => {
  it('refuses .xls saying how to save it as .xlsx in Excel or WPS', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const error = await refusal(readAll('名单.xls', xls));
    expect(error.text.zh).toContain('另存为');
    expect(error.text.zh).toContain('Excel 工作簿 (*.xlsx)');
    expect(error.text.en).toContain('Save As');
  });

  it('refuses a file that is not what its name says', async () => {
    expect((await refusal(readAll('名单.xlsx', Buffer.from('户编号,姓名\n1,韦明\n')))).text.zh).toContain('内容与文件名不符');
    expect((await refusal(readAll('名单.csv', await workbook((wb) => nationalSheet(wb, 'S'))))).text.zh).toContain('内容与文件名不符');
    expect((await refusal(readAll('名单.xlsx', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w/>') }])))).text.zh).toContain(
      '内容与文件名不符',
    );
    expect((await refusal(readAll('名单.pdf', Buffer.from('%PDF-1.4')))).text.zh).toContain('只接受');
    expect((await refusal(readAll('名单.xlsx', Buffer.alloc(0)))).text.zh).toContain('是空的');
  });

  it('refuses a zip bomb by its directory before unpacking, and one whose directory lies once it unpacks past what it declared', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxUnpackedBytes: 10 * 1024 * 1024 };
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const bomb = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const error = await refusal(readAll('bomb.xlsx', bomb, NATIONAL_COLUMNS, limits));
    expect(error.text.zh).toContain('解压后超过 10 MB');
    const liar = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000 },
    ]);
    expect((await refusal(readAll('liar.xlsx', liar, NATIONAL_COLUMNS, limits))).text.en).toContain('zip bomb');
  });

  it('refuses more data rows than the limit', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 1 };
    const error = await refusal(readAll('名单.xlsx', await workbook((wb) => nationalSheet(wb, '泗城镇')), NATIONAL_COLUMNS, limits));
    expect(error.text.zh).toContain('超过了 1 行数据的导入上限');
    expect(error.sheet).toBe('泗城镇');
  });

  it('refuses a file over the size limit', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 10 };
    expect((await refusal(readAll('名单.csv', Buffer.from('户编号,姓名,人编号\n'), NATIONAL_COLUMNS, limits))).text.zh).toContain(
      '超过了导入上限',
    );
  });
});

describe('readTable: formulas', () => {
  it('uses a formula’s cached value, and reports a formula without one on its cell, never evaluating it', async () => {
    const bytes = await workbook((wb) => {
      const ws = nationalSheet(wb, 'S');
      ws.getCell('J4').value = { formula: 'COUNTIF(F:F,F4)', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('J5').value = { formula: 'COUNTIF(F:F,F5)' } as ExcelJS.CellFormulaValue;
    });
    const items = await readAll('f.xlsx', bytes);
    expect(rows(items).map((r) => r.cells.householdSize)).toEqual([2, null]);
    const [problem] = problems(items);
    expect(problem).toMatchObject({ sheet: 'S', row: 5, column: 10, header: '人数', value: null });
    expect(problem!.message.zh).toContain('没有保存它的计算结果');
  });
});

describe('cell normalisers', () => {
  it('text: trimmed, full-width digits and letters half-width, zero-width characters removed', () => {
    expect(textOf('  １２３ＡＢ\u200B \u3000')).toBe('123AB');
    expect(textOf('   ')).toBeNull();
  });

  it('resident ID: lower-case x, spaces and full-width digits normalised; a number refused saying Excel turned it into one', () => {
    const withX = makeResidentId('451027', '1975-01-01', 5);
    const idX = withX.endsWith('X')
      ? withX
      : makeResidentId(
          '451027',
          '1975-01-01',
          [...Array(200).keys()].find((n) => makeResidentId('451027', '1975-01-01', n).endsWith('X'))!,
        );
    expect(residentIdOf(` ${idX.toLowerCase()} `)).toEqual({ ok: true, value: idX });
    const wide = ID_HEAD.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(residentIdOf(wide)).toEqual({ ok: true, value: ID_HEAD });
    for (const turned of [451027196803120000, '4.51027E+17']) {
      const result = residentIdOf(turned);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message.zh).toContain('被 Excel 当成了数字（4.51027E+17）');
        expect(result.message.zh).toContain('设置为“文本”格式');
        expect(result.message.en).toContain('format the column as Text');
      }
    }
    expect(residentIdOf(`="${ID_HEAD}"`)).toEqual({ ok: true, value: ID_HEAD });
    expect(residentIdOf(`'${ID_HEAD}`)).toEqual({ ok: true, value: ID_HEAD });
    expect(digitsOf('\t4510271000010001 ', { zh: '户编号', en: 'Household number' })).toEqual({ ok: true, value: '4510271000010001' });
    const household = digitsOf(4510271000010001, { zh: '户编号', en: 'Household number' });
    expect(household.ok).toBe(false);
    if (!household.ok)
      expect(household.message.zh).toBe(
        '户编号被 Excel 当成了数字（4.51027E+15），末几位已经丢失；请在 Excel 或 WPS 中把该列设置为“文本”格式（右键 → 设置单元格格式 → 文本），再重新输入或粘贴原号码',
      );
    expect(residentIdOf(ID_HEAD.slice(0, 17) + (ID_HEAD[17] === '1' ? '2' : '1'))).toMatchObject({ ok: false });
  });

  it('dates: Excel serials, Date, 2014-04-01, 2014/4/1, 2014.4, 2014年4月, a year alone', () => {
    expect(isoDateOf(41730)).toEqual({ ok: true, value: '2014-04-01' });
    expect(isoDateOf(new Date(Date.UTC(2014, 3, 1)))).toEqual({ ok: true, value: '2014-04-01' });
    expect(isoDateOf('2014/4/1')).toEqual({ ok: true, value: '2014-04-01' });
    expect(isoDateOf('2014年4月1日')).toEqual({ ok: true, value: '2014-04-01' });
    expect(isoDateOf('20140401')).toEqual({ ok: true, value: '2014-04-01' });
    for (const year of ['2014.4', '2014年4月', '2014', 2014, '2014-04-01', 41730, '2014年'])
      expect(yearOf(year)).toEqual({ ok: true, value: 2014 });
    expect(isoDateOf('2014.4')).toMatchObject({ ok: false });
    expect(isoDateOf('2014-02-30')).toMatchObject({ ok: false });
    expect(yearOf('去年')).toMatchObject({ ok: false });
  });

  it('booleans: 是/否, 有/无, Y/N', () => {
    for (const yes of ['是', '有', 'Y', 'y', true]) expect(booleanOf(yes)).toEqual({ ok: true, value: true });
    for (const no of ['否', '无', 'N', false]) expect(booleanOf(no)).toEqual({ ok: true, value: false });
    expect(booleanOf('可能')).toMatchObject({ ok: false });
  });

  it('code labels: the hub’s labels; an unknown one refused naming the accepted labels', () => {
    expect(codeOf('低保贫困户', HOUSEHOLD_ATTRIBUTES)).toEqual({ ok: true, value: 'DIBAO' });
    expect(codeOf('C级危房', HOUSING_DANGER_LEVELS)).toEqual({ ok: true, value: 'C' });
    const unknown = codeOf('富裕户', HOUSEHOLD_ATTRIBUTES);
    expect(unknown).toEqual({
      ok: false,
      message: {
        zh: '“富裕户”不是可用的选项；可填：一般贫困户、低保贫困户、特困供养贫困户、低保特困户',
        en: '“富裕户” is not one of the accepted labels: 一般贫困户、低保贫困户、特困供养贫困户、低保特困户',
      },
    });
  });
});

describe('parseRegisterRow', () => {
  async function parsed(header: string[], body: unknown[][]): Promise<{ row: RegisterRow; problems: ImportProblem[] }[]> {
    const items = await readAll('名单.xlsx', await workbook((wb) => nationalSheet(wb, '泗城镇', header, body)));
    const sheet = sheets(items)[0]!;
    return rows(items).map((r) => parseRegisterRow(r, sheet));
  }

  it('reads a member row into the hub’s fields, with sex and birth date from the ID number, the national labels aliased', async () => {
    const wifeRow = [...WIFE_ROW];
    wifeRow[HEADER.indexOf('危房户')] = 'C级';
    const [head, wife] = await parsed(HEADER, [HEAD_ROW, wifeRow]);
    expect(head!.problems).toEqual([]);
    expect(head!.row).toMatchObject({
      location: { sheet: '泗城镇', row: 4 },
      county: '凌云县',
      township: '泗城镇',
      village: '平兰村',
      group: '弄福屯',
      householdNumber: '4510271000010001',
      householdSize: 2,
      perCapitaIncome: '3120.5',
      household: {
        attribute: 'GENERAL',
        status: 'POOR',
        mainCause: 'NO_CAPITAL',
        housingDangerLevel: 'NONE',
        hasSafeWater: true,
        phone: '13907761234',
        identificationYear: 2014,
        plannedExitYear: 2017,
      },
      member: {
        personNumber: '451027100001000101',
        name: '韦明',
        residentId: ID_HEAD,
        sex: 'MALE',
        birthDate: '1968-03-12',
        relation: 'HEAD',
        ethnicity: '08',
        education: 'JUNIOR',
        schoolStatus: 'NOT_IN_SCHOOL',
        health: 'HEALTHY',
        laborAbility: 'NORMAL',
        migrantWorkMonths: 6,
        hasMedicalInsurance: true,
      },
    });
    expect(head!.row.cells.village).toEqual({ location: { sheet: '泗城镇', row: 4, column: 4, header: '行政村' }, raw: '平兰村' });
    expect(wife!.row.member).toMatchObject({
      sex: 'FEMALE',
      birthDate: '1970-07-01',
      relation: 'SPOUSE',
      health: 'CHRONIC',
      laborAbility: 'WEAK',
    });
    expect(wife!.row.household.housingDangerLevel).toBe('C');
  });

  it('reports each bad cell where it stands, with its value and a message in both languages', async () => {
    const bad = [...HEAD_ROW];
    bad[HEADER.indexOf('证件号码')] = 451027196803120000;
    bad[HEADER.indexOf('贫困户属性')] = '富裕户';
    bad[HEADER.indexOf('是否解决安全饮用水')] = '大概';
    bad[HEADER.indexOf('人数')] = '两人';
    const [{ problems: found, row }] = (await parsed(HEADER, [bad])) as [{ row: RegisterRow; problems: ImportProblem[] }];
    expect(found.map((p) => [p.row, p.column, p.header, p.value])).toEqual([
      [4, 9, '证件号码', '4.51027E+17'],
      [4, 10, '人数', '两人'],
      [4, 21, '是否解决安全饮用水', '大概'],
      [4, 25, '贫困户属性', '富裕户'],
    ]);
    expect(found[3]!.message.zh).toContain('可填：一般贫困户、低保贫困户');
    expect(row.household.attribute).toBeUndefined();
    expect(row.member.residentId).toBeUndefined();
  });
});

describe('markWorkbook', () => {
  const problem = (sheet: string, row: number, column: number | null, header: string | null, zh: string): ImportProblem => ({
    sheet,
    row,
    column,
    header,
    value: null,
    message: { zh, en: `en:${zh}` },
  });

  it('gives the workbook back with each bad cell red, its message as a note, and a 问题 column on each bad row', async () => {
    const bytes = await workbook((wb) => nationalSheet(wb, '泗城镇'));
    const marked = await markWorkbook(
      { name: '名单.xlsx', bytes },
      [
        problem('泗城镇', 5, 9, '证件号码', '证件号码被 Excel 当成了数字'),
        problem('泗城镇', 5, 25, '贫困户属性', '不是可用的选项'),
        problem('泗城镇', 4, null, null, '户主不止一位'),
      ],
      'zh',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('泗城镇')!;
    const problemColumn = HEADER.length + 1;
    expect(ws.getCell(1, 1).value).toBe('凌云县建档立卡贫困人口名单');
    expect(ws.getCell(2, problemColumn).value).toBe('问题');
    const id = ws.getCell(5, 9);
    expect(id.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } });
    expect(JSON.stringify(id.note)).toContain('证件号码被 Excel 当成了数字');
    expect(ws.getCell(5, problemColumn).value).toBe('证件号码：证件号码被 Excel 当成了数字；\n贫困户属性：不是可用的选项');
    expect(ws.getCell(4, problemColumn).value).toBe('户主不止一位');
    expect(ws.getCell(4, 9).fill).toBeUndefined();
    expect(ws.getCell(4, 9).value).toBe(ID_HEAD);
  });

  it('marks a large workbook by copying it row by row (memory flat), its merged title kept', async () => {
    const bytes = await workbook((wb) => nationalSheet(wb, '泗城镇'));
    const marked = await markWorkbook({ name: '名单.xlsx', bytes }, [problem('泗城镇', 4, 25, '贫困户属性', '不是可用的选项')], 'zh', {
      inPlaceMaxBytes: 0,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('泗城镇')!;
    expect(ws.getCell(1, 1).value).toBe('凌云县建档立卡贫困人口名单');
    expect(ws.getCell(1, 2).isMerged).toBe(true);
    expect(ws.getCell(2, HEADER.length + 1).value).toBe('问题');
    expect(ws.getCell(4, 25).fill).toMatchObject({ fgColor: { argb: 'FFFF0000' } });
    expect(JSON.stringify(ws.getCell(4, 25).note)).toContain('不是可用的选项');
    expect(ws.getCell(4, HEADER.length + 1).value).toBe('贫困户属性：不是可用的选项');
    expect(ws.getCell(5, 9).value).toBe(ID_WIFE);
    expect(ws.getCell(5, HEADER.length + 1).value).toBeNull();
  });

  it('gives a CSV back as an .xlsx of its rows, marked, in English when asked', async () => {
    const csv = iconv.encode('户编号,姓名,证件号码\n4510271000010001,韦明,45102719680312\n', 'gbk');
    const marked = await markWorkbook({ name: '名单.csv', bytes: csv }, [problem('名单', 2, 3, '证件号码', '证件号码应为 18 位')], 'en');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('名单')!;
    expect(ws.getCell(1, 4).value).toBe('Problems');
    expect(ws.getCell(2, 2).value).toBe('韦明');
    expect(ws.getCell(2, 3).fill).toMatchObject({ fgColor: { argb: 'FFFF0000' } });
    expect(JSON.stringify(ws.getCell(2, 3).note)).toContain('en:证件号码应为 18 位');
    expect(ws.getCell(2, 4).value).toBe('证件号码: en:证件号码应为 18 位');
  });
});

describe('test/support/registerSheet: national-shaped files from the demo county', () => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = (await freshDatabase('demo')).db;
  });

  async function readRegister(file: RegisterFile) {
    const found: { row: RegisterRow; problems: ImportProblem[] }[] = [];
    const sheetProblems: ImportProblem[] = [];
    let sheet: SheetStart | null = null;
    for await (const item of readTable(file, NATIONAL_COLUMNS)) {
      if (item.kind === 'sheet') sheet = item;
      else if (item.kind === 'problem') sheetProblems.push(item.problem);
      else found.push(parseRegisterRow(item, sheet!));
    }
    return { rows: found.map((f) => f.row), problems: [...sheetProblems, ...found.flatMap((f) => f.problems)] };
  }

  /** the member and household rows of the database as the sheet should give them */
  async function databaseRows(personNumbers: string[]) {
    return db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select([
        'township.name as township',
        'village.name as village',
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
        'member.sex',
        'member.birthDate',
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
      .where('member.personNumber', 'in', personNumbers)
      .execute();
  }

  for (const format of ['xlsx', 'csv-utf8', 'csv-utf8-bom', 'csv-gbk'] as const) {
    it(`writes a ${format} file that the reader reads back to exactly what the database holds`, async () => {
      const file = await buildRegisterFile(db, { format, townships: 2, households: 4 });
      if (format === 'csv-utf8-bom') expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      if (format === 'csv-gbk') expect(file.bytes.includes(Buffer.from('户编号'))).toBe(false);
      const { rows: read, problems: found } = await readRegister(file);
      expect(found).toEqual([]);
      const expected = await databaseRows(read.map((r) => r.member.personNumber!));
      expect(read).toHaveLength(file.sheets.reduce((n, s) => n + s.members, 0));
      expect(expected).toHaveLength(read.length);
      const byPerson = new Map(expected.map((e) => [e.personNumber, e]));
      for (const row of read) {
        const e = byPerson.get(row.member.personNumber!)!;
        expect({
          township: row.township,
          village: row.village,
          householdNumber: row.householdNumber,
          ...row.household,
          ...row.member,
          householdPhone: row.household.phone,
          memberPhone: row.member.phone,
        }).toEqual({
          township: e.township,
          village: e.village,
          householdNumber: e.householdNumber,
          attribute: e.attribute,
          status: e.status,
          mainCause: e.mainCause,
          housingDangerLevel: e.housingDangerLevel,
          hasSafeWater: e.hasSafeWater,
          phone: e.memberPhone,
          householdPhone: e.householdPhone,
          memberPhone: e.memberPhone,
          identificationYear: e.identificationYear,
          plannedExitYear: e.plannedExitYear,
          exitYear: e.exitYear,
          personNumber: e.personNumber,
          name: e.name,
          residentId: e.residentId,
          sex: e.sex,
          birthDate: e.birthDate,
          relation: e.relation,
          ethnicity: e.ethnicity,
          education: e.education,
          schoolStatus: e.schoolStatus,
          health: e.health,
          laborAbility: e.laborAbility,
          migrantWorkMonths: e.migrantWorkMonths,
          hasMedicalInsurance: e.hasMedicalInsurance,
        });
      }
      if (format === 'xlsx') expect(new Set(read.map((r) => r.location.sheet))).toEqual(new Set(file.sheets.map((s) => s.name)));
    });
  }

  it('plants each kind of dirt where it says: the reader cleans what it can and reports the rest on the planted cells', async () => {
    const cleaned: Dirt[] = ['idLowerX', 'fullWidthDigits', 'straySpaces', 'dateSerial', 'dateText', 'formulaWithValue'];
    const reported: Dirt[] = ['idAsNumber', 'badIdChecksum', 'unknownLabel', 'formulaWithoutValue'];
    const engines: Dirt[] = ['disagreeingHousehold', 'wrongSize', 'noHead', 'twoHeads', 'unknownVillage', 'unknownTownship'];
    const file = await buildRegisterFile(db, { format: 'xlsx', townships: 2, households: 12, dirt: [...cleaned, ...reported, ...engines] });
    const { rows: read, problems: found } = await readRegister(file);
    const planted = new Map(file.planted.map((p) => [p.dirt, p]));
    expect(found.map((p) => `${p.sheet}!${p.row}:${p.column}`).sort()).toEqual(
      reported.flatMap((d) => planted.get(d)!.rows.map((r) => `${planted.get(d)!.sheet}!${r}:${planted.get(d)!.column}`)).sort(),
    );
    const cell = (dirt: Dirt, key: (r: RegisterRow) => unknown) =>
      read.filter((r) => planted.get(dirt)!.rows.includes(r.location.row) && r.location.sheet === planted.get(dirt)!.sheet).map(key);
    expect(cell('idLowerX', (r) => r.member.residentId)).toEqual([planted.get('idLowerX')!.original]);
    expect(planted.get('idLowerX')!.value).toMatch(/x$/);
    expect(new Set(cell('fullWidthDigits', (r) => r.householdNumber))).toEqual(new Set([planted.get('fullWidthDigits')!.original]));
    expect(cell('straySpaces', (r) => r.member.name)).toEqual([planted.get('straySpaces')!.original]);
    for (const dirt of ['dateSerial', 'dateText'] as const)
      expect(new Set(cell(dirt, (r) => r.household.identificationYear))).toEqual(new Set([Number(planted.get(dirt)!.original)]));
    expect(cell('formulaWithValue', (r) => r.householdSize).every((n) => n === planted.get('formulaWithValue')!.rows.length)).toBe(true);
    expect(cell('unknownVillage', (r) => r.village).every((v) => v === '无此村')).toBe(true);
    const household = (dirt: Dirt) => read.filter((r) => r.householdNumber === planted.get(dirt)!.householdNumber);
    expect(household('twoHeads').filter((r) => r.member.relation === 'HEAD')).toHaveLength(2);
    expect(household('noHead').filter((r) => r.member.relation === 'HEAD')).toHaveLength(0);
    expect(new Set(household('disagreeingHousehold').map((r) => r.household.housingDangerLevel)).size).toBe(2);
    expect(household('wrongSize').every((r) => r.householdSize === household('wrongSize').length + 1)).toBe(true);
    expect(
      found.find((p) => p.row === planted.get('idAsNumber')!.rows[0] && p.sheet === planted.get('idAsNumber')!.sheet)!.message.zh,
    ).toContain('被 Excel 当成了数字');
  });

  it('streams the whole county to a file for the benchmark, a sheet per township', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'register-')), '全县.xlsx');
    const written = await writeRegisterFile(db, path, { format: 'xlsx' });
    const members = await db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(written.rows).toBe(Number(members.n));
    let rowsRead = 0;
    const sheetNames = new Set<string>();
    const found: ImportProblem[] = [];
    let sheet: SheetStart | null = null;
    // every row parsed: Chinese text split across the stream's chunks must come through whole
    for await (const item of readTable({ name: '全县.xlsx', bytes: readFileSync(path) }, NATIONAL_COLUMNS)) {
      if (item.kind === 'row') {
        rowsRead++;
        found.push(...parseRegisterRow(item, sheet!).problems);
      }
      if (item.kind === 'sheet') sheetNames.add((sheet = item).sheet);
      if (item.kind === 'problem') found.push(item.problem);
    }
    expect(found).toEqual([]);
    expect(rowsRead).toBe(written.rows);
    const townships = await db.selectFrom('township').select('name').execute();
    expect(sheetNames).toEqual(new Set(townships.map((t) => t.name)));
  }, 120_000);
});
