import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  getVariableValues,
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type ExecutionResult,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { rawAnswer, type HubContext } from '@fupin/schema';
import { rawJson } from './rawJson';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * What graphql-jit is told every variable is: a value graphql-js has already coerced, taken as it is. graphql-jit
 * would otherwise compile its own coercion of each variable's type, which for the hub's filters (inputs that
 * nest `and`/`or`/`not` and other types' filters) grows without bound, and which words its errors otherwise.
 */
const COERCED = new GraphQLScalarType({
  name: 'HubCoercedVariable',
  parseValue: (value) => value,
  parseLiteral: () => undefined,
  serialize: (value) => value,
});

/** A Boolean stays one: graphql-jit checks that `@skip`/`@include` get a Boolean, and coercing true again keeps it true. */
const isBoolean = (type: TypeNode): boolean => (type.kind === Kind.NAMED_TYPE ? type.name.value === 'Boolean' : isBoolean(type.type));

function withCoercedVariables(document: DocumentNode): DocumentNode {
  const coerced = (definition: VariableDefinitionNode): VariableDefinitionNode =>
    isBoolean(definition.type)
      ? definition
      : { ...definition, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: COERCED.name } }, defaultValue: undefined };
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.variableDefinitions?.length
        ? { ...definition, variableDefinitions: definition.variableDefinitions.map(coerced) }
        : definition,
    ),
  };
}

/**
 * graphql-jit's errors as graphql-js makes them: graphql-jit leaves `extensions` undefined on an error whose
 * cause has none (a database failure), where Apollo, reading its code, would fail and answer in English only.
 */
function asGraphQLJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((e) => {
    const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
    return Object.assign(error, { locations: e.locations });
  });
  return { ...result, errors };
}

/** An operation to run: the parsed document (as Apollo keeps it), its resolved operation and the request's variables. */
export interface OperationRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
}

export interface CompiledExecutor {
  /** Apollo's gateway hook (`gateway` in its options) */
  gateway: Gateway;
  /** runs an operation as the gateway's executor does, for a request that does not go through Apollo (http.ts, knownQueries.ts) */
  execute(request: OperationRequest, context: object): Promise<ExecutionResult>;
  /**
   * Hands a result computed by `execute` to the request that Apollo is about to run with this context's `db`: Apollo's
   * executor call answers it instead of running the operation again, and Apollo formats it as its own (errors).
   */
  handOver(db: object, result: ExecutionResult): void;
}

/** A document's fragments by name, as an executor's info has them (kept per parsed document). */
const fragmentsOf = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();
function fragments(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let found = fragmentsOf.get(document);
  if (!found) {
    found = {};
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) found[definition.name.value] = definition;
    fragmentsOf.set(document, found);
  }
  return found;
}

/**
 * Apollo Server's documented hook for a custom executor (the gateway interface: `load()` gives the schema and
 * the executor), here executing with graphql-jit instead of graphql-js: an operation is compiled once into
 * JavaScript that walks its own selection, instead of graphql-js interpreting the selection for every record
 * (about a fifth of the hub's CPU on a nested read, docs/benchmarks.md). Apollo still parses, validates (the
 * cost and depth limits included) and caches documents; graphql-js still coerces the variables (its errors,
 * BAD_USER_INPUT, are what clients know); the compiled operation is kept with the parsed document Apollo
 * keeps, so it lives as long as that does.
 *
 * `raw` (default on): a query answered whole by PostgreSQL's JSON (schema/src/graph/rawAnswer.ts) skips
 * execution, its `data` spliced into the response as text (rawJson.ts); off, every operation executes.
 */
export function compiledExecutor(schema: GraphQLSchema, options: { raw?: boolean } = {}): CompiledExecutor {
  const config = schema.toConfig();
  const executable = new GraphQLSchema({ ...config, types: [...config.types, COERCED], assumeValid: true });
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | ExecutionResult>>();
  const compiledOf = (document: DocumentNode, operationName: string | null) => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let found = byName.get(operationName);
    if (!found) byName.set(operationName, (found = compileQuery(executable, withCoercedVariables(document), operationName ?? undefined)));
    return found;
  };
  const handedOver = new WeakMap<object, ExecutionResult>();
  const execute = async ({ document, operation, operationName, variables }: OperationRequest, context: object) => {
    const query = compiledOf(document, operationName);
    // an operation that does not compile (an operation name not in the document) answers its errors
    if (!isCompiledQuery(query)) return query;
    const { coerced, errors } = getVariableValues(schema, operation?.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
    if (errors) return { errors };
    if (options.raw !== false && operation?.operation === 'query') {
      const ctx = context as HubContext;
      const data = await rawAnswer(ctx, { schema, operation, fragments: fragments(document), variableValues: coerced });
      // the placeholder stands for the data object; the server writes the text in its place (the request is
      // known by its transaction: Apollo hands the executor a copy of the context)
      if (data !== null) return { data: rawJson(ctx.db, data) as unknown as Record<string, unknown> };
    }
    return asGraphQLJsErrors(await query.query(undefined, context, coerced));
  };
  return {
    execute,
    handOver: (db, result) => handedOver.set(db, result),
    gateway: {
      async load() {
        return {
          executor: async ({ document, operation, request, context }) => {
            const db = (context as { db?: object }).db;
            const result = db && handedOver.get(db);
            if (result) {
              handedOver.delete(db);
              return result;
            }
            return execute({ document, operation, operationName: request.operationName ?? null, variables: request.variables }, context);
          },
        };
      },
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => {};
      },
      async stop() {},
    },
  };
}
