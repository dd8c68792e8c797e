import { GraphQLError } from 'graphql';

/** Chinese first; English when the client asks for it. */
export type Locale = 'zh' | 'en';

/** A message in both languages; the request's locale picks which one is the error's `message`. */
export interface Text {
  zh: string;
  en: string;
}

/** The failures a client can act on, as in shared/docs/api.md. Anything else is INTERNAL_SERVER_ERROR. */
export type ErrorCode = 'BAD_USER_INPUT' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'RATE_LIMITED';

/**
 * The one error type the schema throws for a known failure. `extensions.code` says which, `extensions.messages`
 * carries both languages, and `details` adds what the code needs (per-field messages, the current version…).
 */
export class HubGraphQLError extends GraphQLError {
  constructor(code: ErrorCode, text: Text, locale: Locale, details: Record<string, unknown> = {}) {
    super(text[locale], { extensions: { code, messages: text, ...details } });
  }
}
