import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The field names selected directly in a selection set, through fragments and inline fragments. */
function namesIn(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: Set<string>, under?: string[]): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (!under?.length) into.add(selection.name.value);
      else if (selection.name.value === under[0]) namesIn(selection.selectionSet, info, into, under.slice(1));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      namesIn(selection.selectionSet, info, into, under);
    } else {
      namesIn(info.fragments[selection.name.value]?.selectionSet, info, into, under);
    }
  }
}

function collect(info: GraphQLResolveInfo, paths: string[][]): Set<string> {
  const names = new Set<string>();
  for (const node of info.fieldNodes as FieldNode[]) for (const path of paths) namesIn(node.selectionSet, info, names, path);
  return names;
}

/** The fields asked of each record in a connection field (under `nodes` and `edges { node }`). */
export function fieldsOfConnection(info: GraphQLResolveInfo): Set<string> {
  return collect(info, [['nodes'], ['edges', 'node']]);
}

/** The fields asked of each record in a list field. */
export function fieldsOfList(info: GraphQLResolveInfo): Set<string> {
  return collect(info, [[]]);
}

/** The fields asked under a path of this field's selection (`['sum']` in `{ count sum { wages } }`). */
export function fieldsAt(info: GraphQLResolveInfo, path: string[]): Set<string> {
  return collect(info, [path]);
}
