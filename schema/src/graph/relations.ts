import type { GraphQLResolveInfo } from 'graphql';

/** A to-many link declared by childList / childConnection: what the read compiler follows in SQL. */
export interface ChildRelation {
  kind: 'list' | 'connection';
  child: string;
  /** the child's column holding the parent's id */
  parentColumn: string;
}

/** parent type name → field name → the link */
export const childRelations = new Map<string, Map<string, ChildRelation>>();

export function addChildRelation(parent: string, field: string, relation: ChildRelation): void {
  let fields = childRelations.get(parent);
  if (!fields) childRelations.set(parent, (fields = new Map()));
  fields.set(field, relation);
}

/**
 * A compiled read (compile.ts) puts what a row's links hold under `@` + the field's response key, beside the
 * row's own columns (which never start with `@`). Absent: the link was not compiled, and its resolver loads it.
 */
export function prefetched(row: Record<string, unknown>, info: GraphQLResolveInfo): { value: unknown } | undefined {
  const key = `@${info.path.key}`;
  return key in row ? { value: row[key] } : undefined;
}
