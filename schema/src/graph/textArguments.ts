/**
 * Every GraphQL field's arguments pass one check before the field runs: no text holding a NUL character
 * (see nulPath). A Pothos plugin, so login, users, tokens, record inputs, pastes, filters and analytics
 * arguments all meet the same rule without each resolver remembering it.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Locale } from '../context';
import { HubGraphQLError } from '../errors';
import { nulPath, nulText } from './validation';

/** BAD_USER_INPUT naming the argument (`field`: its last name, `path`: where it sits) if some text holds a NUL. */
export function refuseNul(value: unknown, path: string, locale: Locale): void {
  const found = nulPath(value, path);
  if (!found) return;
  const text = nulText(found);
  const field = /([A-Za-z_][A-Za-z0-9_]*)(\[[0-9]+\])*$/.exec(found)?.[1] ?? found;
  throw new HubGraphQLError('BAD_USER_INPUT', text, locale, { fields: [{ field, path: found, message: text[locale], messages: text }] });
}

class TextArgumentsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, ctx, info) => {
      refuseNul(args, '', (ctx as { locale: Locale }).locale);
      return resolver(parent, args, ctx, info);
    };
  }
}

declare global {
  // Pothos registers plugins in this global namespace (no-namespace is off for this file: eslint.config.js)
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      hubTextArguments: TextArgumentsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('hubTextArguments', TextArgumentsPlugin);

export const textArgumentsPlugin = 'hubTextArguments' as const;
