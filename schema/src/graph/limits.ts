/**
 * Limits on what one GraphQL request may ask for (OWASP GraphQL Cheat Sheet): depth, aliases and an
 * estimated cost in which page sizes multiply. Checked at validation, before anything runs, with errors
 * that say which limit and by how much.
 */
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  valueFromASTUntyped,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

export const LIMITS = {
  /** deeper than any screen or report needs (the standard introspection query is 13) */
  maxDepth: 15,
  maxAliases: 50,
  /** estimated records: every list multiplies what is below it by its page size */
  maxCost: 100_000,
  /** a parsed document of more tokens is refused before validation */
  maxTokens: 5_000,
} as const;

/** Types that hold one page of `first` records: Relay connections, and the partner sync's pages. */
const isPage = (name: string) => name.endsWith('Connection') || name === 'TwinningChangesPage';

/** What a plain list (a household's members) is assumed to hold, for the estimate. */
const PLAIN_LIST_SIZE = 10;

function limitError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

function pageSize(field: FieldNode, variables: Record<string, unknown>): number {
  for (const name of ['first', 'last']) {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (arg) {
      const value = valueFromASTUntyped(arg.value, variables);
      // an out-of-range page size is refused with its own message when the field runs; count it at the maximum here
      if (typeof value === 'number') return Math.min(Math.max(value, 0), MAX_PAGE_SIZE);
    }
  }
  return DEFAULT_PAGE_SIZE;
}

interface Measure {
  depth: number;
  cost: number;
}

function measure(
  schema: GraphQLSchema,
  type: GraphQLCompositeType | undefined,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  seen: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fieldDef = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
      const nullable = fieldDef ? getNullableType(fieldDef.type) : undefined;
      const named = fieldDef ? getNamedType(fieldDef.type) : undefined;
      let multiplier = 1;
      if (named && isPage(named.name)) multiplier = pageSize(selection, variables);
      // a connection's nodes and edges (a sync page's changes) are the page already counted by the field that returns it
      else if (nullable && isListType(nullable) && !(type && isPage(type.name))) multiplier = PLAIN_LIST_SIZE;
      if (selection.selectionSet) {
        // each object costs one, and a list multiplies what is below it: the estimate counts records
        const inner = measure(schema, named as GraphQLCompositeType, selection.selectionSet, fragments, variables, seen);
        depth = Math.max(depth, inner.depth + 1);
        cost += multiplier * (1 + inner.cost);
      } else {
        depth = Math.max(depth, 1);
      }
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
      const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : type;
      const next = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      const inner = measure(schema, condition, fragment.selectionSet, fragments, variables, next);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** Depth and cost of each operation, estimated from the document (variables are not known at validation; the page-size defaults stand in). */
export const costAndDepthRule: ValidationRule = (context: ValidationContext) => ({
  Document(document) {
    const schema = context.getSchema();
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    let aliases = 0;
    const countAliases = (set: SelectionSetNode | undefined): void => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD && s.alias) aliases++;
        if (s.kind !== Kind.FRAGMENT_SPREAD) countAliases(s.selectionSet);
      }
    };
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) countAliases(definition.selectionSet);
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      countAliases(definition.selectionSet);
      const root =
        definition.operation === 'query'
          ? schema.getQueryType()
          : definition.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      const { depth, cost } = measure(schema, root ?? undefined, definition.selectionSet, fragments, {}, new Set());
      if (depth > LIMITS.maxDepth) {
        context.reportError(
          limitError(
            `查询嵌套 ${depth} 层，超过上限 ${LIMITS.maxDepth} 层 / The query is ${depth} levels deep; the limit is ${LIMITS.maxDepth}`,
            { limit: 'depth', value: depth, max: LIMITS.maxDepth },
          ),
        );
      }
      if (cost > LIMITS.maxCost) {
        context.reportError(
          limitError(
            `查询估计返回 ${cost} 条记录，超过上限 ${LIMITS.maxCost}：请减小每页条数或嵌套 / The query could return about ${cost} records, more than ${LIMITS.maxCost}: ask for smaller pages or less nesting`,
            {
              limit: 'cost',
              value: cost,
              max: LIMITS.maxCost,
            },
          ),
        );
      }
    }
    if (aliases > LIMITS.maxAliases) {
      context.reportError(
        limitError(
          `查询使用了 ${aliases} 个别名，超过上限 ${LIMITS.maxAliases} / The query uses ${aliases} aliases; the limit is ${LIMITS.maxAliases}`,
          { limit: 'aliases', value: aliases, max: LIMITS.maxAliases },
        ),
      );
    }
  },
});
