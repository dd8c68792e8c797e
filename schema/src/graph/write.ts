/**
 * The one write path for every record type: validate, check the version, write, audit — in the caller's
 * transaction. Used by createX/updateX/deleteX and by applyChanges (many rows, all or nothing).
 */
import { sql } from 'kysely';
import { auditRow } from '../access/audit';
import type { HubContext, Locale } from '../context';
import { byName, type Tx } from '../db/database';
import { HubGraphQLError, type Text } from '../errors';
import { columnOf, type FieldSpec } from './fields';
import { decodeId } from './ids';
import { isLinkName, type ResolvedLinks } from './linkNames';
import { maskValue } from './mask';
import { policy } from './scope';
import { resources } from './registry';
import { inputName, type Resource } from './resource';
import { coerceCell, validateRecord, type FieldIssue } from './validation';

/** A record as the write path reads and writes it, whatever its table: by column name, with the id and version every record table has (RecordColumns). */
type Row = Record<string, unknown> & { id: number; version: number };

/** What PostgreSQL tells of a refused statement (node-postgres' DatabaseError). */
interface DatabaseRefusal {
  code?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

/** A problem with one input field, as clients receive it in `extensions.fields`. */
export interface FieldError {
  field: string;
  message: string;
  messages: Text;
  /** for batch input: which change (0-based) and which record */
  row?: number;
  id?: string;
}

/** What went wrong with one write, before it becomes a GraphQL error. */
export type WriteFailure =
  | { kind: 'invalid'; fields: FieldError[] }
  | { kind: 'conflict'; currentVersion: number; current: Row }
  | { kind: 'notFound' }
  /** the record would land outside the writer's scope */
  | { kind: 'outOfScope' };

export class WriteRefused extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.kind);
  }
}

function fieldError(issue: FieldIssue, locale: Locale): FieldError {
  return { field: issue.field, message: issue.text[locale], messages: issue.text };
}

/** Field name → value, from a database row (references by their column). */
export function fieldValues(resource: Resource, row: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource.config.fields).map(([field, spec]) => [field, row[columnOf(field, spec)]]));
}

/**
 * Input (keys as the API names them: `villageId` for a reference) → field values. Global IDs are decoded,
 * and with `coerce` (cells pasted as text) numbers, 是/否 and labels are understood.
 */
export function inputToFields(
  resource: Resource,
  input: Record<string, unknown>,
  locale: Locale,
  options: { coerce?: boolean; links?: ResolvedLinks } = {},
): { values: Record<string, unknown>; errors: FieldError[] } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const byInputName = new Map(
    Object.entries(resource.config.fields).map(([field, spec]) => [inputName(field, spec), [field, spec] as [string, FieldSpec]]),
  );
  for (const [key, raw] of Object.entries(input)) {
    const entry = byInputName.get(key);
    if (!entry || entry[1].readOnly) {
      const text = {
        zh: `${resource.config.label.zh}没有可修改的字段 ${key}`,
        en: `${resource.config.label.en} has no editable field ${key}`,
      };
      errors.push({ field: key, message: text[locale], messages: text });
      continue;
    }
    const [field, spec] = entry;
    if (raw === undefined) continue;
    if (spec.kind === 'reference') {
      const named = isLinkName(spec, raw) ? options.links?.get(key)?.get(raw.trim()) : undefined;
      if (raw === null || raw === '') values[field] = null;
      else if (named) {
        // a name typed or pasted into the grid (resolveLinkNames)
        if ('id' in named) values[field] = named.id;
        else errors.push({ field: key, message: named.problem[locale], messages: named.problem });
      } else {
        try {
          values[field] = decodeId(String(raw), spec.target, locale, key);
        } catch {
          const what = resources.get(spec.target)?.config.label ?? { zh: spec.target, en: spec.target };
          const text = {
            zh: `${spec.label.zh}：“${String(raw)}”不是任何${what.zh}的记录标识`,
            en: `${spec.label.en}: “${String(raw)}” is not the ID of any ${what.en}`,
          };
          errors.push({ field: key, message: text[locale], messages: text });
        }
      }
      continue;
    }
    // a cleared cell of text that is never null (a note): empty text, as the form saves it
    if (raw === null && spec.kind === 'string' && 'defaultValue' in spec && spec.defaultValue !== undefined)
      values[field] = spec.defaultValue;
    else values[field] = options.coerce ? coerceCell(spec, raw) : raw;
  }
  return { values, errors };
}

function toColumns(resource: Resource, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    const spec = resource.config.fields[field];
    if (spec && !spec.readOnly)
      row[columnOf(field, spec)] = spec.kind === 'enumList' && Array.isArray(value) ? sql`${value}::text[]` : value;
  }
  return row;
}

/** Maps a database error of one statement to the field it concerns, or rethrows what we cannot explain. */
function explainDatabaseError(resource: Resource, thrown: unknown, locale: Locale): FieldError[] {
  const error = thrown as DatabaseRefusal | undefined;
  const constraint = error?.constraint;
  const known = constraint ? resource.config.constraintMessages?.[constraint] : undefined;
  if (known) {
    const spec = resource.config.fields[known.field];
    return [{ field: spec ? inputName(known.field, spec) : known.field, message: known.text[locale], messages: known.text }];
  }
  if (error?.code === '23505') {
    const entry = Object.entries(resource.config.fields).find(([, spec]) => spec.uniqueConstraint === constraint);
    const [field, spec] = entry ?? ['id', undefined];
    const label = spec?.label ?? resource.config.label;
    const text = spec?.uniqueMessage ?? { zh: `${label.zh}与已有记录重复`, en: `${label.en} is already taken by another record` };
    return [{ field: spec ? inputName(field, spec) : field, message: text[locale], messages: text }];
  }
  if (error?.code === '23503') {
    const text = { zh: '引用的记录不存在', en: 'A referenced record does not exist' };
    const entry = Object.entries(resource.config.fields).find(
      ([, spec]) => spec.kind === 'reference' && constraint?.includes(spec.column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
    );
    return [{ field: entry ? inputName(entry[0], entry[1]) : 'id', message: text[locale], messages: text }];
  }
  if (error?.code === '23502') {
    // a field that may not be empty (one with a default, cleared): say which
    const entry = Object.entries(resource.config.fields).find(
      ([field, spec]) => columnOf(field, spec).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === error?.column,
    );
    const label = entry?.[1].label ?? resource.config.label;
    const text = { zh: `${label.zh}不能为空`, en: `${label.en} cannot be empty` };
    return [{ field: entry ? inputName(entry[0], entry[1]) : 'id', message: text[locale], messages: text }];
  }
  if (error?.code === '23514' || error?.code === '22003' || error?.code === '22001') {
    const text = {
      zh: `数据不符合${resource.config.label.zh}的规则（${constraint ?? error.code}）`,
      en: `The values break a rule of ${resource.config.label.en} (${constraint ?? error.code})`,
    };
    return [{ field: 'id', message: text[locale], messages: text }];
  }
  throw thrown;
}

/** The write path's audit row: the record as Kysely returns it before and after, tied to the request's import if any. */
function auditOf(
  ctx: HubContext,
  operation: 'CREATE' | 'UPDATE' | 'DELETE',
  resource: Resource,
  id: number,
  before: Row | null,
  after: Row | null,
) {
  return auditRow(ctx.viewer!, {
    operation,
    recordType: resource.config.name,
    recordId: id,
    before,
    after,
    importJobId: ctx.importJobId ?? null,
  });
}

/** Writes one audit row of the write path in the change's own transaction. */
async function audit(tx: Tx, row: ReturnType<typeof auditOf>) {
  await tx.insertInto('auditLog').values(row).execute();
}

/**
 * Many updates (and creations) of one record type in one transaction (a pasted range): the rows are locked in one statement
 * up front, their audit rows written in one at the end and the records read back in one, so a pasted
 * range of 100 rows costs about 300 statements rather than 600. Each row's own update still runs in its
 * savepoint, so a refused row is reported and the others go on.
 */
export interface UpdateBatch {
  resource: Resource;
  /** id → the row as locked (then as updated, so a second change of the same record sees its new version) */
  locked: Map<number, Row>;
  audits: ReturnType<typeof auditOf>[];
}

export async function startBatch(tx: Tx, ctx: HubContext, resource: Resource, ids: number[]): Promise<UpdateBatch> {
  const rows: Row[] = ids.length
    ? await resource
        .from({ ...ctx, db: tx })
        .selectAll()
        .where(sql.ref(`${resource.config.table}.id`), 'in', ids)
        .orderBy(sql.ref(`${resource.config.table}.id`))
        .forUpdate()
        .$castTo<Row>()
        .execute()
    : [];
  return { resource, locked: new Map(rows.map((row) => [row.id, row])), audits: [] };
}

/** Writes the batch's audit rows and reads its records back as readers see them; ids the writer can no longer see are missing. */
export async function finishBatch(tx: Tx, ctx: HubContext, batch: UpdateBatch, ids: number[]): Promise<Map<number, Row>> {
  if (batch.audits.length) await tx.insertInto('auditLog').values(batch.audits).execute();
  const table = batch.resource.config.table;
  const rows: Row[] = ids.length
    ? await batch.resource
        .select({ ...ctx, db: tx })
        .where(sql.ref(`${table}.id`), 'in', ids)
        .$castTo<Row>()
        .execute()
    : [];
  return new Map(rows.map((row) => [row.id, row]));
}

/** Runs one statement inside a savepoint, so a refused row leaves the transaction usable for the next. */
async function guarded<T>(tx: Tx, resource: Resource, locale: Locale, run: () => Promise<T>): Promise<T> {
  await sql`savepoint hub_write`.execute(tx);
  try {
    const result = await run();
    await sql`release savepoint hub_write`.execute(tx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint hub_write`.execute(tx);
    // row-level security refused the row (the backstop caught what the scope checks should have): out of scope
    if ((error as { code?: string })?.code === '42501') throw new WriteRefused({ kind: 'outOfScope' });
    throw new WriteRefused({ kind: 'invalid', fields: explainDatabaseError(resource, error, locale) });
  }
}

/** A row as the writer may see it in an error: sensitive values masked as the fields would show them. */
function visibleRow(ctx: HubContext, resource: Resource, row: Row): Row {
  const copy = { ...row };
  const { masked } = policy(ctx, resource.config);
  for (const [field, spec] of Object.entries(resource.config.fields)) {
    if (masked.has(field)) copy[columnOf(field, spec)] = maskValue(copy[columnOf(field, spec)]);
  }
  return copy;
}

async function reload(tx: Tx, ctx: HubContext, resource: Resource, id: number): Promise<Row> {
  const row = await resource
    .select({ ...ctx, db: tx })
    .where(sql.ref(`${resource.config.table}.id`), '=', id)
    .$castTo<Row>()
    .executeTakeFirst();
  // The write put the record where the writer cannot see it (another township): refuse, the transaction rolls back.
  if (!row) throw new WriteRefused({ kind: 'outOfScope' });
  return row;
}

/** The current row, locked, if it exists and the writer may see it. */
function lockInScope(tx: Tx, ctx: HubContext, resource: Resource, id: number): Promise<Row | undefined> {
  return resource
    .from({ ...ctx, db: tx })
    .selectAll()
    .where(sql.ref(`${resource.config.table}.id`), '=', id)
    .forUpdate()
    .$castTo<Row>()
    .executeTakeFirst();
}

/**
 * The record to change, locked (a batch locked it already), at the version the writer read: else not found,
 * or a conflict that shows the record as it is now.
 */
async function lockedAt(tx: Tx, ctx: HubContext, resource: Resource, id: number, version: number, batch?: UpdateBatch): Promise<Row> {
  const before = batch ? batch.locked.get(id) : await lockInScope(tx, ctx, resource, id);
  if (!before) throw new WriteRefused({ kind: 'notFound' });
  if (before.version !== version)
    throw new WriteRefused({
      kind: 'conflict',
      currentVersion: before.version,
      current: visibleRow(ctx, resource, await reload(tx, ctx, resource, id)),
    });
  return before;
}

/**
 * A writer may only link to records it can see: a clerk cannot pair a household of her township with a
 * cadre, or file it under a village, that her scope does not reach. Checks the references being set.
 */
async function checkReferences(tx: Tx, ctx: HubContext, resource: Resource, values: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(values)) {
    const spec = resource.config.fields[field];
    if (!spec || spec.kind !== 'reference' || value === null || value === undefined) continue;
    const target = resources.get(spec.target);
    if (!target) continue;
    const visible = await target
      .from({ ...ctx, db: tx })
      .select(sql<number>`1`.as('one'))
      .where(sql.ref(`${target.config.table}.id`), '=', value as number)
      .executeTakeFirst();
    if (!visible) {
      const text = { zh: `${spec.label.zh}不存在或不在您的管辖范围内`, en: `${spec.label.en} does not exist or is outside your scope` };
      errors.push({ field: inputName(field, spec), message: text[ctx.locale], messages: text });
    }
  }
  return errors;
}

/** Creates one record. In a batch (applyChanges) its audit row waits for the batch's and the caller reads the record back. */
export async function createRecord(
  tx: Tx,
  ctx: HubContext,
  resource: Resource,
  values: Record<string, unknown>,
  batch?: UpdateBatch,
): Promise<Row> {
  const defaults = Object.fromEntries(
    Object.entries(resource.config.fields).flatMap(([field, spec]): [string, unknown][] =>
      'defaultValue' in spec && spec.defaultValue !== undefined
        ? [[field, spec.defaultValue]]
        : spec.kind === 'enumList'
          ? [[field, []]]
          : [],
    ),
  );
  const record = { ...defaults, ...values };
  const issues = validateRecord(resource.config.fields, record, resource.config.rules);
  if (issues.length)
    throw new WriteRefused({ kind: 'invalid', fields: issues.map((i) => fieldError(renameIssue(resource, i), ctx.locale)) });
  const unreachable = await checkReferences(tx, ctx, resource, record);
  if (unreachable.length) throw new WriteRefused({ kind: 'invalid', fields: unreachable });
  const inserted: Row = await guarded(tx, resource, ctx.locale, () =>
    byName(tx)
      .insertInto(resource.config.table)
      .values(toColumns(resource, record))
      .returningAll()
      .$castTo<Row>()
      .executeTakeFirstOrThrow(),
  );
  if (batch) {
    batch.audits.push(auditOf(ctx, 'CREATE', resource, inserted.id, null, inserted));
    return inserted;
  }
  await audit(tx, auditOf(ctx, 'CREATE', resource, inserted.id, null, inserted));
  return reload(tx, ctx, resource, inserted.id);
}

/** Updates one record at the version the writer read. In a batch (applyChanges) the row comes locked and the caller reads the record back. */
export async function updateRecord(
  tx: Tx,
  ctx: HubContext,
  resource: Resource,
  id: number,
  version: number,
  patch: Record<string, unknown>,
  batch?: UpdateBatch,
): Promise<Row> {
  const table = resource.config.table;
  const before = await lockedAt(tx, ctx, resource, id, version, batch);
  const record = { ...fieldValues(resource, before), ...patch };
  const issues = validateRecord(resource.config.fields, record, resource.config.rules);
  if (issues.length)
    throw new WriteRefused({ kind: 'invalid', fields: issues.map((i) => fieldError(renameIssue(resource, i), ctx.locale)) });
  if (Object.keys(patch).length === 0) return batch ? before : reload(tx, ctx, resource, id);
  const unreachable = await checkReferences(tx, ctx, resource, patch);
  if (unreachable.length) throw new WriteRefused({ kind: 'invalid', fields: unreachable });
  const after: Row = await guarded(tx, resource, ctx.locale, () =>
    byName(tx)
      .updateTable(table)
      .set(toColumns(resource, patch))
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .$castTo<Row>()
      .executeTakeFirstOrThrow(),
  );
  if (batch) {
    batch.locked.set(id, after);
    batch.audits.push(auditOf(ctx, 'UPDATE', resource, id, before, after));
    return after;
  }
  await audit(tx, auditOf(ctx, 'UPDATE', resource, id, before, after));
  return reload(tx, ctx, resource, id);
}

export async function deleteRecord(tx: Tx, ctx: HubContext, resource: Resource, id: number, version: number): Promise<void> {
  const table = resource.config.table;
  const before = await lockedAt(tx, ctx, resource, id, version);
  await sql`savepoint hub_write`.execute(tx);
  try {
    await byName(tx).deleteFrom(table).where('id', '=', id).execute();
    await sql`release savepoint hub_write`.execute(tx);
  } catch (error: unknown) {
    await sql`rollback to savepoint hub_write`.execute(tx);
    if ((error as DatabaseRefusal | undefined)?.code !== '23503') throw error;
    // Which records still point here? Name their type, so the clerk knows what to remove first.
    const referencing = [...resources.values()].find((r) => r.config.table === tableOfConstraint(error));
    const what = referencing?.config.label ?? { zh: '其他记录', en: 'other records' };
    const text = {
      zh: `不能删除：仍有${what.zh}引用这条${resource.config.label.zh}，请先处理这些记录`,
      en: `Cannot delete: ${what.en} records still refer to this ${resource.config.label.en}; deal with them first`,
    };
    throw new WriteRefused({ kind: 'invalid', fields: [{ field: 'id', message: text[ctx.locale], messages: text }] });
  }
  await audit(tx, auditOf(ctx, 'DELETE', resource, id, before, null));
}

function tableOfConstraint(error: unknown): string | undefined {
  // PostgreSQL names the referencing table in `table` for 23503 on delete.
  const table = (error as DatabaseRefusal | undefined)?.table;
  return table?.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function renameIssue(resource: Resource, issue: FieldIssue): FieldIssue {
  const spec = resource.config.fields[issue.field];
  return spec ? { ...issue, field: inputName(issue.field, spec) } : issue;
}

/** What a write to a record the writer cannot find (or see) is told. */
export function notFoundText(resource: Resource): Text {
  return { zh: `找不到该${resource.config.label.zh}`, en: `No such ${resource.config.label.en}` };
}

/** The GraphQL error for a refused write. */
export function refusal(failure: WriteFailure, resource: Resource, locale: Locale, where?: { row: number; id?: string }): HubGraphQLError {
  switch (failure.kind) {
    case 'invalid': {
      const fields = failure.fields.map((f) => ({ ...f, ...where }));
      const first = fields[0];
      const text = {
        zh: `${where ? `第 ${where.row + 1} 行：` : ''}${first?.messages.zh ?? '输入有误'}${fields.length > 1 ? `（另有 ${fields.length - 1} 处问题）` : ''}`,
        en: `${where ? `Row ${where.row + 1}: ` : ''}${first?.messages.en ?? 'Invalid input'}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}`,
      };
      return new HubGraphQLError('BAD_USER_INPUT', text, locale, { fields });
    }
    case 'conflict':
      return new HubGraphQLError(
        'CONFLICT',
        {
          zh: `${resource.config.label.zh}已被他人修改（当前版本 ${failure.currentVersion}），请刷新后再改`,
          en: `This ${resource.config.label.en} was changed by someone else (now version ${failure.currentVersion}); reload and apply your edit again`,
        },
        locale,
        { currentVersion: failure.currentVersion, current: failure.current, ...where },
      );
    case 'outOfScope':
      return new HubGraphQLError(
        'FORBIDDEN',
        {
          zh: `不能把${resource.config.label.zh}放到您的管辖范围之外`,
          en: `You may not put a ${resource.config.label.en} outside your scope`,
        },
        locale,
        { ...where },
      );
    case 'notFound':
      return new HubGraphQLError('NOT_FOUND', notFoundText(resource), locale, { ...where });
  }
}

/**
 * The transaction's deferred checks (money within its source, a project's records in its county) fire at each
 * statement, so each refusal is attributed to its row and field: for writes a row at a time (the grid's, the
 * import of the hub's own exports), not for set-based ones, which the checks see whole at commit.
 */
export async function checkEachStatement(tx: Tx): Promise<void> {
  await sql`set constraints all immediate`.execute(tx);
}

/** Runs writes in one transaction whose deferred checks fire per statement (checkEachStatement). */
export function writeTransaction<T>(ctx: HubContext, run: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (tx) => {
    await checkEachStatement(tx);
    return run(tx);
  });
}
