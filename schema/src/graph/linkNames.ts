/**
 * Links written as names, as a clerk types or pastes them into the grid: a village by its name (unique within
 * a township, or "乡镇/村" where one name is used in two townships), a member's household by its 户编号, a
 * cadre by name. Looked up within the writer's scope, ONE statement per link field for a whole pasted range
 * (plus one for the parents' names when a name is qualified or shared), never one per cell.
 */
import { sql } from 'kysely';
import type { HubContext } from '../context';
import type { Text } from '../errors';
import { columnOf, type FieldSpec } from './fields';
import { parseAnyId } from './ids';
import { resources } from './registry';
import { columnValue, type Row } from './recordShape';
import { inputName, type Resource } from './resource';
import { readAs } from './scope';

/** What names a linked record in a cell: its name, number or code, else its ID. */
export function nameColumnOf(target: Resource): string | null {
  const fields = target.config.fields;
  const named = ['name', 'householdNumber', 'code'].find((f) => fields[f]?.kind === 'string');
  const entry = named
    ? ([named, fields[named]!] as const)
    : Object.entries(fields).find(([, spec]) => spec.kind === 'string' && spec.required);
  return entry ? columnOf(entry[0], entry[1]) : null;
}

/** A record a name may stand for: its id and name, and the further columns asked (its parents' ids). */
export type NamedRecord = { id: number; name: string; row: Row };

/**
 * The records of `target` that `ctx`'s reader sees whose `column` is one of `values` (their names, or their ids),
 * each with its name (`nameColumn`) and the `columns` asked. One statement.
 */
export async function namedRecords(
  ctx: HubContext,
  target: Resource,
  nameColumn: string,
  column: string,
  values: readonly (string | number)[],
  columns: readonly string[] = [],
): Promise<NamedRecord[]> {
  const table = target.config.table;
  const rows = await target
    .from(ctx)
    .select([
      sql.ref(`${table}.id`).as('id'),
      sql.ref(`${table}.${nameColumn}`).as('name'),
      ...columns.map((c) => sql.ref(`${table}.${c}`).as(c)),
    ])
    .where(sql.ref(`${table}.${column}`), 'in', values)
    .execute();
  return rows.map((row: Row) => ({ id: columnValue<number>(row, 'id')!, name: String(row.name), row }));
}

/** What a typed name stands for: one record, or why none. */
export type LinkResolution = { id: number } | { problem: Text };
/** input name (`villageId`) → text as typed → what it names */
export type ResolvedLinks = Map<string, Map<string, LinkResolution>>;

/** "泗城镇/那坡村", "泗城镇／那坡村": a name qualified by its parent's name (the village's township). */
const QUALIFIER = /\s*[/／]\s*/;

/** A reference cell's text that is not already the ID of a record of the target type: a name to look up. */
export function isLinkName(spec: FieldSpec, raw: unknown): raw is string {
  if (spec.kind !== 'reference' || typeof raw !== 'string' || raw.trim() === '') return false;
  return parseAnyId(raw.trim())?.type !== spec.target;
}

/** The record a link field's target hangs under and that names it apart (a village's township), if any. */
function parentOf(
  target: Resource,
): { spec: Extract<FieldSpec, { kind: 'reference' }>; resource: Resource; nameColumn: string } | undefined {
  for (const spec of Object.values(target.config.fields)) {
    if (spec.kind !== 'reference') continue;
    const resource = resources.get(spec.target);
    const nameColumn = resource && nameColumnOf(resource);
    if (resource && nameColumn) return { spec, resource, nameColumn };
  }
  return undefined;
}

/** The writer's scope as a clerk names it (her townships and villages), or '' for those who see everything. */
async function scopeName(ctx: HubContext): Promise<string> {
  const viewer = ctx.viewer;
  if (viewer?.role !== 'CLERK') return '';
  const names = async (type: string, ids: readonly number[]) =>
    ids.length ? (await namedRecords(ctx, resources.get(type)!, 'name', 'id', ids)).map((r) => r.name) : [];
  return [...(await names('Township', viewer.townshipIds)), ...(await names('Village', viewer.villageIds))].join('、');
}

/**
 * Resolves the names typed into the link fields of `patches` (keys as the API names them: `villageId`).
 * IDs are left to the caller; only the other texts are looked up.
 */
export async function resolveLinkNames(
  ctx: HubContext,
  resource: Resource,
  patches: readonly Record<string, unknown>[],
): Promise<ResolvedLinks> {
  const resolved: ResolvedLinks = new Map();
  let scope: string | undefined;
  for (const [field, spec] of Object.entries(resource.config.fields)) {
    if (spec.kind !== 'reference' || spec.readOnly) continue;
    const key = inputName(field, spec);
    const texts = [...new Set(patches.flatMap((patch) => (isLinkName(spec, patch[key]) ? [patch[key].trim()] : [])))];
    if (!texts.length) continue;
    const target = resources.get(spec.target)!;
    const nameColumn = nameColumnOf(target);
    const byText = new Map<string, LinkResolution>();
    resolved.set(key, byText);
    if (!nameColumn) {
      const problem = { zh: `${spec.label.zh}“%s”只能从下拉列表中选择`, en: `${spec.label.en} “%s” can only be picked from the list` };
      for (const text of texts) byText.set(text, { problem: { zh: problem.zh.replace('%s', text), en: problem.en.replace('%s', text) } });
      continue;
    }
    const parent = parentOf(target);
    const parts = new Map(
      texts.map((text) => {
        const split = parent ? text.split(QUALIFIER) : [text];
        return [text, split.length === 2 ? { qualifier: split[0]!, name: split[1]! } : { qualifier: null, name: text }] as const;
      }),
    );
    const parentColumn = parent ? columnOf(Object.entries(target.config.fields).find(([, s]) => s === parent.spec)![0], parent.spec) : null;
    // a clerk reads every village of the county but files her households only under her own
    const found = (
      await namedRecords(
        readAs(ctx, 'divisions'),
        target,
        nameColumn,
        nameColumn,
        [...new Set([...parts.values()].map((p) => p.name))],
        parentColumn ? [parentColumn] : [],
      )
    ).map((f) => ({ ...f, parent: parentColumn ? columnValue<number>(f.row, parentColumn) : null }));
    // the parents' names, to narrow a qualified name and to say which records a shared name means
    const parentIds = [...new Set(found.flatMap((f) => (f.parent === null ? [] : [f.parent])))];
    const parentNames = new Map<number, string>();
    if (parent && parentIds.length) {
      for (const row of await namedRecords(ctx, parent.resource, parent.nameColumn, 'id', parentIds)) parentNames.set(row.id, row.name);
    }
    const nameLabel =
      target.config.fields[Object.keys(target.config.fields).find((f) => columnOf(f, target.config.fields[f]!) === nameColumn)!]!.label;
    for (const [text, { qualifier, name }] of parts) {
      const candidates = found.filter(
        (f) => f.name === name && (qualifier === null || (f.parent !== null && parentNames.get(f.parent) === qualifier)),
      );
      if (candidates.length === 1) {
        byText.set(text, { id: candidates[0]!.id });
        continue;
      }
      if (candidates.length > 1) {
        const where = candidates.map((c) => (c.parent === null ? undefined : parentNames.get(c.parent)) ?? '?');
        const hint = parent
          ? {
              zh: `，请写成“${where[0]}/${name}”这样带${parent.resource.config.label.zh}的名称，或从下拉列表中选择`,
              en: `; write it with its ${parent.resource.config.label.en.toLowerCase()}, as “${where[0]}/${name}”, or pick it from the list`,
            }
          : { zh: '，请从下拉列表中选择', en: '; pick it from the list' };
        byText.set(text, {
          problem: {
            zh: `有 ${candidates.length} 个名为“${name}”的${target.config.label.zh}（${where.join('、')}）${hint.zh}`,
            en: `${candidates.length} ${target.config.label.en} records are named “${name}” (${where.join(', ')})${hint.en}`,
          },
        });
        continue;
      }
      scope ??= await scopeName(ctx);
      const named =
        nameColumn === 'name' ? { zh: '名为', en: 'named' } : { zh: `${nameLabel.zh}为`, en: `with ${nameLabel.en.toLowerCase()}` };
      byText.set(text, {
        problem: {
          zh: `${scope}没有${named.zh}“${text}”的${target.config.label.zh}`,
          en: `No ${target.config.label.en} ${named.en} “${text}”${scope ? ` in ${scope}` : ''}`,
        },
      });
    }
  }
  return resolved;
}
