/**
 * Records' `id` fields answered synchronously. The relay plugin resolves every node's `id` with an async
 * function, so each record of a list became a promise: graphql-js then completed every object through
 * promiseForObject and a round of microtasks, which cost a fifth of the hub's CPU time on a page of 100
 * households with their members (issue 13, `node --cpu-prof` under read A). The global id is the same: the
 * relay plugin's own encoding of the type's name and what the type's `id.resolve` option gives.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

type IdResolver = GraphQLFieldResolver<unknown, unknown>;

export function answerNodeIdsSynchronously(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    // the node type's own option (loadableNodeRef's `id.resolve`), which Pothos keeps in the type's extensions
    const resolveId = (type.extensions as { pothosOptions?: { id?: { resolve?: IdResolver } } }).pothosOptions?.id?.resolve;
    const field = type.getFields().id;
    if (!resolveId || !field?.resolve) continue;
    const pluginResolve = field.resolve;
    const name = type.name;
    field.resolve = (row, args, ctx, info) => {
      const id: unknown = resolveId(row, args, ctx, info);
      // an id that is itself a promise takes the plugin's own way
      if (id !== null && typeof id === 'object' && 'then' in id) return pluginResolve(row, args, ctx, info);
      // a row's numeric key: ASCII, so btoa gives the plugin's base64 of UTF-8 bytes, four times faster than a Buffer
      return typeof id === 'number' ? btoa(`${name}:${id}`) : encodeGlobalID(name, String(id));
    };
  }
  return schema;
}
