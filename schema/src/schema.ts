import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder';
import { answerNodeIdsSynchronously } from './graph/nodeIds';
// Each area registers its types, queries and mutations on import.
import './access/graphql';
import './access/apiTokensGraphql';
import './access/usersGraphql';
import './divisions/graphql';
import './households/graphql';
import './projects/graphql';
import './twinning/graphql';
import './twinning/sync';
import './analytics/graphql';
import './exit/graphql';
import './exit/alerts';
import './graph/codeTables';
import './graph/recentChanges';
import './graph/nodes';
import './import/graphql';
import './graph/recordTypes';

export const schema = answerNodeIdsSynchronously(builder.toSchema());

/** The SDL committed as schema/schema.graphql, so every change to the public contract shows in review. */
export function printHubSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}
