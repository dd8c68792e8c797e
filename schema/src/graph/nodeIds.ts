/**
 * A record's `id` field answered synchronously. The relay plugin resolves every node's `id` with an async
 * function, so each record of a list became a promise: graphql-js then completes every object through
 * promiseForObject and a round of microtasks, which cost a fifth of the hub's CPU time on a page of 100
 * households with their members (issue 13, `node --cpu-prof` under read A). The global id is the same:
 * the relay plugin's own encoding of the type's name and the row's id.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';

type IdResolver = GraphQLFieldResolver<unknown, unknown, object>;

class NodeIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types['Context'], object>, fieldConfig: PothosOutputFieldConfig<Types>): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.name !== 'id' || fieldConfig.graphqlKind !== 'Object') return resolver;
    const parent = this.buildCache.getTypeConfig(fieldConfig.parentType);
    // the node types' own id option (loadableNodeRef's `id.resolve`), kept by the relay plugin on the type
    const resolveId = (parent.pothosOptions as { id?: { resolve?: IdResolver } }).id?.resolve;
    if (parent.kind !== 'Object' || !parent.interfaces.some((i) => this.buildCache.getTypeConfig(i).name === 'Node') || !resolveId) return resolver;
    const type = parent.name;
    return (row, args, ctx, info) => {
      const id: unknown = resolveId(row, args, ctx, info);
      // an id that is itself a promise takes the plugin's own way
      if (id !== null && typeof id === 'object' && 'then' in id) return resolver(row, args, ctx, info);
      return encodeGlobalID(type, String(id));
    };
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos registers plugins in this global namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      hubNodeIds: NodeIdsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('hubNodeIds', NodeIdsPlugin);

export const nodeIdsPlugin = 'hubNodeIds' as const;
