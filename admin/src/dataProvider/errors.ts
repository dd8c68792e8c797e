import { HttpError } from 'ra-core';
import { GraphQLRequestError, requestLanguage, type GraphQLErrorEntry } from '../graphql';

/** One refused field, as BAD_USER_INPUT's `extensions.fields` names it (with `row` and `id` in a batch). */
export interface FieldError {
  field: string;
  message: string;
  messages?: { zh: string; en: string };
  row?: number;
  id?: string;
}

/** What a failed call's HttpError carries in `body`, for views that act on it (the grid marks cells, a conflict offers a reload). */
export interface HubErrorBody {
  /** BAD_USER_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, NETWORK_ERROR… */
  code: string | undefined;
  extensions: GraphQLErrorEntry['extensions'];
  /** BAD_USER_INPUT: every refused field, in the UI's language */
  fields: FieldError[];
  /** react-admin's form shows these under their inputs (single-record writes only) */
  errors?: Record<string, string>;
  /** CONFLICT: the version and values now stored */
  currentVersion?: number;
  current?: Record<string, unknown>;
}

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

function inLanguage(messages: { zh: string; en: string } | undefined, fallback: string): string {
  if (!messages) return fallback;
  return requestLanguage().startsWith('en') ? messages.en : messages.zh;
}

/**
 * The hub's failure as react-admin's HttpError, so its notifications and forms work: the message in the UI's
 * language, `body` with the code and details. `formErrors`: the refused fields go to the form too (not for a
 * batch, whose rows are no form's).
 */
export function toHttpError(error: unknown, options: { formErrors?: boolean } = {}): unknown {
  if (!(error instanceof GraphQLRequestError)) return error;
  const extensions = error.extensions ?? {};
  const fields = ((extensions.fields as FieldError[] | undefined) ?? []).map((f) => ({ ...f, message: inLanguage(f.messages, f.message) }));
  const body: HubErrorBody = { code: error.code, extensions, fields };
  if (options.formErrors && fields.length) {
    body.errors = Object.fromEntries(fields.map((f) => [f.field, f.message]));
  }
  if (error.code === 'CONFLICT') {
    body.currentVersion = extensions.currentVersion as number;
    body.current = extensions.current as Record<string, unknown>;
  }
  const status = STATUS[error.code ?? ''] ?? (error.status && error.status >= 400 ? error.status : 503);
  return new HttpError(inLanguage(extensions.messages, error.message), status, body);
}

/** "No such household" as a failed read answers, for a record the hub did not return. */
export function notFound(what: { zh: string; en: string }): HttpError {
  const messages = { zh: `找不到该${what.zh}`, en: `No such ${what.en}` };
  const body: HubErrorBody = { code: 'NOT_FOUND', extensions: { code: 'NOT_FOUND', messages }, fields: [] };
  return new HttpError(inLanguage(messages, messages.zh), 404, body);
}
