/**
 * The hub's own exports brought back (edited in Excel or WPS): rows keyed by 记录标识 (Record ID) with the
 * version the export carried, through the one write path (its checks, scope and audit), in batches. An edit
 * made in the hub since the export is a CONFLICT on that row; a cell still showing a masked value is left as
 * it is; links are named as the export names them (a village's name), looked up within the importer's scope;
 * a row without an ID is a new record. The preview is the same run, rolled back. A name shared by villages of
 * several counties (issue 16) is the one in the row's county: its 县 cell, else the importer's own county.
 */
import { sql } from 'kysely';
import { hubContext } from '../context';
import { countyDays, viewerDays } from '../divisions/dayOfRecord';
import type { Text } from '../errors';
import { enterScope } from '../access/rowSecurity';
import { formatOf, unneutralised } from '../export/format';
import { nameColumnOf, namedRecords } from '../graph/linkNames';
import { columnValue, type Row } from '../graph/recordShape';
import { columnOf, type FieldSpec } from '../graph/fields';
import { parseAnyId } from '../graph/ids';
import { COUNTY_NAME } from '../graph/place';
import { maskValue } from '../graph/mask';
import { resources } from '../graph/registry';
import type { Resource } from '../graph/resource';
import { coerceCell } from '../graph/validation';
import {
  WriteRefused,
  checkEachStatement,
  createRecord,
  fieldValues,
  finishBatch,
  startBatch,
  updateRecord,
  type FieldError,
} from '../graph/write';
import type { ImportProblem } from './contract';
import { importableList } from './importer';
import type { EngineRun, ImportOutcome } from './engine';
import { readTable, type CellValue, type ColumnSpec, type DataRow, type SheetStart } from './read/index';
import { Rollback, importTimeouts, inImportTransaction } from './session';
import type { ImportCount } from './tables';

const BATCH = 500;
const VERSION_HEADERS = ['版本', 'Version'];
const ID_HEADERS = ['记录标识', 'Record ID'];

/**
 * The columns of the list's export, as the reader looks for them: every field by its Chinese and English name,
 * the county's name where the type has it (it tells apart villages of the same name), the version and the ID.
 */
export function exportColumns(resource: Resource): ColumnSpec[] {
  const county = resource.config.computed?.[COUNTY_NAME];
  return [
    ...Object.entries(resource.config.fields).map(([field, spec]) => ({ key: field, headers: [spec.label.zh, spec.label.en] })),
    ...(county ? [{ key: COUNTY_NAME, headers: [county.label.zh, county.label.en] }] : []),
    { key: 'version', headers: VERSION_HEADERS },
    { key: 'recordId', headers: ID_HEADERS },
  ];
}

/** A cell as the text a person typed (dates as ISO dates, numbers as written). */
function cellText(value: CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? '是' : '否';
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** The same value, however it is held (a decimal as text or number, a list in any order): for "did it change". */
function same(spec: FieldSpec, a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (spec.kind === 'decimal') return Number(a) === Number(b);
  if (spec.kind === 'enumList') return JSON.stringify([...(a as string[])].sort()) === JSON.stringify([...(b as string[])].sort());
  return String(a) === String(b);
}

/** A record a link's name may mean, with its own links (a group's village). */
interface Candidate {
  id: number;
  parents: Map<string, number | null>;
  /** the county's name, for a name that records of several counties share (a village's) */
  county?: string;
}

interface PendingRow {
  sheet: SheetStart;
  row: DataRow;
  id: number | null;
  version: number | null;
  /** field → the cell's text, for the fields the file has (masked cells left out) */
  cells: Map<string, string | null>;
  /** the row's 县 cell, when the file has one */
  county: string | null;
}

/** Why a link's name stands for several records: with their counties when they lie in several (issue 16). */
function sharedAcrossCounties(label: Text, text: string, candidates: Candidate[]): Text {
  const counties = [...new Set([...candidates].sort((a, b) => a.id - b.id).flatMap((c) => (c.county ? [c.county] : [])))];
  if (counties.length < 2)
    return {
      zh: `${label.zh}「${text}」有 ${candidates.length} 条同名记录，无法确定是哪一条`,
      en: `${label.en} “${text}” names ${candidates.length} records; which one is meant is unclear`,
    };
  return {
    zh: `${label.zh}「${text}」在 ${counties.join('、')} 都有，无法确定是哪一个；请在“县”列写明所属县`,
    en: `${label.en} “${text}” is in ${counties.join(', ')}; which one is meant is unclear: name its county in the “County” column`,
  };
}

export async function importHubExport(run: EngineRun): Promise<ImportOutcome> {
  const { database, job, viewer, locale } = run;
  const resource = importableList(job.list);
  const { config } = resource;
  const editable = Object.entries(config.fields).filter(([, spec]) => !spec.readOnly);
  const problems: ImportProblem[] = [];
  const count: ImportCount = { recordType: config.name, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  let rowsChecked = 0;
  // a CSV export put an apostrophe before text that starts like a formula: the text comes back without it
  const csv = formatOf(job.fileName) === 'csv';
  const fieldText = (value: CellValue) => {
    const text = cellText(value);
    return csv && text !== null ? unneutralised(text) : text;
  };

  const at = (sheet: SheetStart, row: number, key: string | null, value: string | null, message: Text): ImportProblem => {
    const column = key ? sheet.columns[key] : undefined;
    return { sheet: sheet.sheet, row, column: column?.column ?? null, header: column?.header ?? null, value, message };
  };

  const outcome = (): ImportOutcome => ({ counts: [count], problems, problemCount: problems.length, missing: [], dataDate: null });

  return inImportTransaction(database, async ({ tx }) => {
    await enterScope(tx, viewer, importTimeouts(database));
    // refused on that row and field, in the preview too, instead of failing the whole apply at its commit and
    // passing unseen in a preview that is rolled back
    await checkEachStatement(tx);
    const ctx = hubContext({ db: tx, viewer, locale, importJobId: job.id });
    // the counties the importer reads, and her own, when her records lie in one (a clerk's, a county's administrator's)
    const counties = await tx.selectFrom('county').select(['id', 'name']).execute();
    const home = await countyDays(tx, viewerDays(viewer));
    const homeCounty = home.length === 1 ? (counties.find((c) => c.id === home[0]!.countyId)?.name ?? null) : null;

    /** The county of each record a name shared by several stands for (a village's, where names repeat across counties). */
    const countiesOf = async (target: Resource, byName: Map<string, Candidate[]>) => {
      const county = target.config.computed?.[COUNTY_NAME];
      const shared = [...byName.values()].filter((c) => c.length > 1).flat();
      if (!county || !shared.length || counties.length < 2) return;
      const { table } = target.config;
      const rows = await target
        .from(ctx)
        .select([sql.ref(`${table}.id`).as('id'), county.sql(table, ctx).as('countyName')])
        .where(sql.ref(`${table}.id`), 'in', [...new Set(shared.map((c) => c.id))])
        .execute();
      const names = new Map(rows.map((row: Row) => [columnValue<number>(row, 'id'), String(row.countyName)]));
      for (const candidate of shared) candidate.county = names.get(candidate.id);
    };

    /**
     * The records a batch's links name, within the importer's scope, with their own links: a name that two
     * records share (a group 一组 in every village) is narrowed by the row's other links (its village).
     */
    const resolveLinks = async (rows: PendingRow[]) => {
      const links = new Map<string, Map<string, Candidate[]>>();
      for (const [field, spec] of editable) {
        if (spec.kind !== 'reference') continue;
        const names = [...new Set(rows.map((r) => r.cells.get(field)).filter((n): n is string => !!n))];
        const target = resources.get(spec.target)!;
        const nameColumn = nameColumnOf(target);
        const parentColumns = Object.entries(target.config.fields).flatMap(([, s]) =>
          s.kind === 'reference' ? [[s.target, s.column] as const] : [],
        );
        const byName = new Map<string, Candidate[]>();
        if (names.length && nameColumn) {
          const found = await namedRecords(
            ctx,
            target,
            nameColumn,
            nameColumn,
            names,
            parentColumns.map(([, column]) => column),
          );
          for (const f of found) {
            const candidate = {
              id: f.id,
              parents: new Map(parentColumns.map(([type, column]) => [type, columnValue<number>(f.row, column)])),
            };
            byName.set(f.name, [...(byName.get(f.name) ?? []), candidate]);
          }
          await countiesOf(target, byName);
        }
        links.set(field, byName);
      }
      return links;
    };

    /** The row's fields as values, or its problems. */
    const valuesOf = (
      pending: PendingRow,
      links: Map<string, Map<string, Candidate[]>>,
      current: Row | undefined,
    ): Record<string, unknown> | null => {
      const values: Record<string, unknown> = {};
      let ok = true;
      // links first, the ones that need no narrowing before those that do
      const ambiguous = ([field, text]: [string, string | null]) =>
        text !== null && (links.get(field)?.get(text)?.length ?? 0) > 1 ? 1 : 0;
      const cells = [...pending.cells].sort((a, b) => ambiguous(a) - ambiguous(b));
      for (const [field, text] of cells) {
        const spec = config.fields[field]!;
        if (spec.kind === 'reference') {
          if (text === null) values[field] = null;
          else {
            let candidates = links.get(field)?.get(text) ?? [];
            if (candidates.length > 1) {
              // narrowed by the row's other links: the group of the row's village
              for (const [other, otherSpec] of editable) {
                if (other === field || otherSpec.kind !== 'reference' || typeof values[other] !== 'number') continue;
                const narrowed = candidates.filter((c) => c.parents.get(otherSpec.target) === values[other]);
                if (narrowed.length) candidates = narrowed;
              }
            }
            // a name shared across counties (one county's 坡洪村 and another's): the record's own link, unchanged
            if (candidates.length > 1 && current) {
              const kept = candidates.filter((c) => c.id === current[columnOf(field, spec)]);
              if (kept.length) candidates = kept;
            }
            // a name shared across counties, for a new row: the one in the row's county, else in the importer's
            const county = pending.county ?? homeCounty;
            if (candidates.length > 1 && county) {
              const inCounty = candidates.filter((c) => c.county === county);
              if (inCounty.length) candidates = inCounty;
            }
            const ids = candidates.map((c) => c.id);
            if (ids.length === 1) values[field] = ids[0];
            else if (!ok && ids.length > 1)
              continue; // not narrowed because another link of the row is wrong: that one is reported
            else {
              ok = false;
              problems.push(
                at(
                  pending.sheet,
                  pending.row.row,
                  field,
                  text,
                  ids.length
                    ? sharedAcrossCounties(spec.label, text, candidates)
                    : {
                        zh: `${spec.label.zh}「${text}」不存在或不在您的管辖范围内`,
                        en: `${spec.label.en} “${text}” does not exist or is outside your scope`,
                      },
                ),
              );
            }
          }
          continue;
        }
        // a cell still showing the masked value (as the export wrote it) is not a new value
        if ((spec.sensitive || spec.revealOnly) && text !== null && text.includes('*')) {
          if (current && maskValue(current[columnOf(field, spec)]) === text) continue;
          ok = false;
          problems.push(
            at(pending.sheet, pending.row.row, field, text, {
              zh: `${spec.label.zh}是脱敏后的值，不能导入；请填写完整的值或保持导出时的原样`,
              en: `${spec.label.en} is a masked value and cannot be imported; give the full value or leave the cell as exported`,
            }),
          );
          continue;
        }
        if (text === null && 'defaultValue' in spec && spec.defaultValue !== undefined) {
          // an empty cell of a field that is never empty: empty text, or (a number, a yes/no) left as it is
          if (spec.kind === 'string') values[field] = spec.defaultValue;
          continue;
        }
        values[field] = text === null ? (spec.kind === 'enumList' ? [] : null) : coerceCell(spec, text);
      }
      return ok ? values : null;
    };

    const refusedFields = (pending: PendingRow, fields: FieldError[]) => {
      const byInput = new Map(
        Object.entries(config.fields).map(([field, spec]) => [spec.kind === 'reference' ? `${field}Id` : field, field]),
      );
      for (const f of fields) {
        const field = byInput.get(f.field) ?? f.field;
        const key = field in pending.sheet.columns ? field : null;
        problems.push(at(pending.sheet, pending.row.row, key, key ? (pending.cells.get(field) ?? null) : null, f.messages));
      }
    };

    const writeBatch = async (rows: PendingRow[]) => {
      const links = await resolveLinks(rows);
      const ids = [...new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])))];
      const batch = await startBatch(tx, ctx, resource, ids);
      const updated: number[] = [];
      for (const pending of rows) {
        const current = pending.id === null ? undefined : batch.locked.get(pending.id);
        if (pending.id !== null && !current) {
          problems.push(
            at(pending.sheet, pending.row.row, 'recordId', pending.row.cells.recordId?.toString() ?? null, {
              zh: `找不到该${config.label.zh}（已删除或不在您的管辖范围内）`,
              en: `No such ${config.label.en} (deleted, or outside your scope)`,
            }),
          );
          continue;
        }
        if (current && pending.version !== null && current.version !== pending.version) {
          problems.push(
            at(pending.sheet, pending.row.row, 'version', String(pending.version), {
              zh: `冲突：导出之后这条${config.label.zh}已在平台中被修改（导出时版本 ${pending.version}，现在 ${current.version}），请重新导出再修改`,
              en: `CONFLICT: this ${config.label.en} was edited in the hub after the export (version ${pending.version} then, ${current.version} now); export again and redo the edit`,
            }),
          );
          continue;
        }
        const values = valuesOf(pending, links, current);
        if (!values) continue;
        try {
          if (!current) {
            await createRecord(tx, ctx, resource, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
            count.created++;
            continue;
          }
          const before = fieldValues(resource, current);
          const patch = Object.fromEntries(
            Object.entries(values).filter(([field, value]) => !same(config.fields[field]!, value, before[field])),
          );
          if (Object.keys(patch).length === 0) {
            count.unchanged++;
            continue;
          }
          await updateRecord(tx, ctx, resource, current.id, current.version, patch, batch);
          updated.push(current.id);
          count.updated++;
        } catch (error) {
          if (!(error instanceof WriteRefused)) throw error;
          const failure = error.failure;
          if (failure.kind === 'invalid') refusedFields(pending, failure.fields);
          else
            problems.push(
              at(
                pending.sheet,
                pending.row.row,
                null,
                null,
                failure.kind === 'outOfScope'
                  ? { zh: '这一行会把记录放到您的管辖范围之外', en: 'This row would put the record outside your scope' }
                  : { zh: '这条记录不能修改', en: 'This record cannot be changed' },
              ),
            );
        }
      }
      await finishBatch(tx, ctx, batch, updated);
      rowsChecked += rows.length;
      run.progress({ rowsChecked, rowsWritten: run.apply ? rowsChecked : 0 });
    };

    let pending: PendingRow[] = [];
    let sheet: SheetStart | null = null;
    for await (const item of readTable(job.file, exportColumns(resource), { onRow: (rowsRead) => run.progress({ rowsRead }) })) {
      if (item.kind === 'problem') {
        problems.push(item.problem);
        continue;
      }
      if (item.kind === 'sheet') {
        sheet = item;
        if (!('recordId' in item.columns)) {
          problems.push(
            at(item, item.headerRow, null, null, {
              zh: `工作表缺少“记录标识”列：只能导入本平台导出的${config.label.zh}表`,
              en: `The sheet has no “Record ID” column: only the hub's own ${config.label.en} export can be imported here`,
            }),
          );
        }
        continue;
      }
      if (!sheet) continue;
      const idText = cellText(item.cells.recordId ?? null);
      const parsedId = idText ? parseAnyId(idText) : null;
      if (idText && (!parsedId || parsedId.type !== config.name)) {
        problems.push(
          at(sheet, item.row, 'recordId', idText, {
            zh: `不是本表（${config.label.zh}）的记录标识`,
            en: `Not the ID of a ${config.label.en} record`,
          }),
        );
        continue;
      }
      const versionText = cellText(item.cells.version ?? null);
      const version = versionText === null ? null : Number(versionText);
      if (version !== null && !Number.isInteger(version)) {
        problems.push(
          at(sheet, item.row, 'version', versionText, {
            zh: '版本应为整数（导出时的值）',
            en: 'The version must be the whole number the export wrote',
          }),
        );
        continue;
      }
      const cells = new Map<string, string | null>();
      for (const [field] of editable) if (field in sheet.columns) cells.set(field, fieldText(item.cells[field] ?? null));
      const county = COUNTY_NAME in sheet.columns ? fieldText(item.cells[COUNTY_NAME] ?? null) : null;
      pending.push({ sheet, row: item, id: parsedId?.id ?? null, version, cells, county });
      if (pending.length >= BATCH) {
        await writeBatch(pending);
        pending = [];
      }
    }
    if (pending.length) await writeBatch(pending);
    run.progress({ rowsTotal: rowsChecked });
    if (problems.length || !run.apply) throw new Rollback(outcome());
    return outcome();
  });
}
