import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { DateScalar } from './graph/date';
import { DecimalScalar } from './graph/decimal';
import { textArgumentsPlugin } from './graph/textArguments';
import type { HubContext } from './context';

/** The one schema builder: plugins, context and scalars. Types live beside their area, not here. */
export const builder = new SchemaBuilder<{
  Context: HubContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    /** ISO calendar date, YYYY-MM-DD */
    Date: { Input: string; Output: string };
    /** exact decimal (money, areas) as a string, never a float */
    Decimal: { Input: string; Output: string };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
}>({
  plugins: [RelayPlugin, DataloaderPlugin, textArgumentsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // graph/nodes.ts defines node/nodes: an ID that is not a record's is refused as BAD_USER_INPUT there
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('Date', DateScalar);
builder.addScalarType('Decimal', DecimalScalar);
builder.addScalarType('JSONObject', JSONObjectResolver);

builder.queryType({});
builder.mutationType({});
