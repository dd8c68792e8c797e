/**
 * The admin UI's only HTTP client: GraphQL over HTTP against the hub's `/graphql`, same origin, with the
 * HttpOnly session cookie the browser attaches by itself. The auth provider (and later the data provider)
 * call `graphql()`; nothing else in the UI calls fetch.
 */

/** One entry of a GraphQL response's `errors`, as the hub formats it. */
export interface GraphQLErrorEntry {
  message: string;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions?: {
    /** BAD_USER_INPUT, CONFLICT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INTERNAL_SERVER_ERROR, … */
    code?: string;
    /** the message in both languages (the hub's known errors carry it) */
    messages?: { zh: string; en: string };
    [key: string]: unknown;
  };
}

/**
 * Codes this client gives to failures that never produced a GraphQL response, so callers branch on `code`
 * alone: the hub could not be reached, or answered something that is not a GraphQL response (an HTML error
 * page from a proxy, a 502 while the hub restarts).
 */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const BAD_RESPONSE = 'BAD_RESPONSE';

export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  /** `extensions.code` of the first error, or NETWORK_ERROR / BAD_RESPONSE */
  readonly code: string | undefined;
  /** every error the server returned (empty for NETWORK_ERROR and BAD_RESPONSE) */
  readonly errors: readonly GraphQLErrorEntry[];
  /** the HTTP status, when there was a response */
  readonly status: number | undefined;

  constructor(message: string, options: { code?: string; errors?: readonly GraphQLErrorEntry[]; status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.errors = options.errors ?? [];
    this.status = options.status;
  }

  /** The first error's extensions (e.g. `fields` of BAD_USER_INPUT, the current version of CONFLICT). */
  get extensions(): GraphQLErrorEntry['extensions'] {
    return this.errors[0]?.extensions;
  }
}

export type Variables = Record<string, unknown>;

export interface RequestOptions {
  /** react-query passes one so a superseded request is cancelled */
  signal?: AbortSignal;
}

/**
 * The hub answers its errors in the language of `accept-language` (zh unless it starts with `en`); the
 * i18n provider keeps this in step with the UI's locale so server messages match the screen, whatever
 * language the browser itself prefers.
 */
let acceptLanguage = 'zh-CN';
export function setRequestLanguage(locale: string): void {
  acceptLanguage = locale;
}
/** The UI's language as requests carry it, for picking one of a message's zh/en. */
export function requestLanguage(): string {
  return acceptLanguage;
}

/** Runs one operation and resolves with its `data` (see createGraphQLClient). */
export type GraphQLClient = <TData, TVariables extends Variables = Variables>(
  query: string,
  variables?: TVariables,
  options?: RequestOptions,
) => Promise<TData>;

export interface ClientOptions {
  /**
   * Sends the request; the browser's own fetch of `/graphql` by default. Tests outside a browser pass one
   * that aims at a test server and carries its session cookie.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * A client. Any error in the response rejects, even alongside partial data: the hub's operations are all or
 * nothing, so partial data would only hide a failure.
 */
export function createGraphQLClient(clientOptions: ClientOptions = {}): GraphQLClient {
  const send = clientOptions.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  return async <TData, TVariables extends Variables = Variables>(
    query: string,
    variables?: TVariables,
    options: RequestOptions = {},
  ): Promise<TData> => {
    let response: Response;
    try {
      response = await send('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'accept-language': acceptLanguage,
          // Apollo Server's CSRF prevention accepts a POST only with a header a plain HTML form cannot send.
          'apollo-require-preflight': 'true',
        },
        body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // A cancelled request is not a failure of the hub: let react-query see the AbortError it expects.
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new GraphQLRequestError('The hub could not be reached', { code: NETWORK_ERROR, cause: error });
    }

    const body = await readBody(response, options.signal);
    if (body === undefined) {
      throw new GraphQLRequestError(`The hub answered HTTP ${response.status} without a GraphQL response`, {
        code: BAD_RESPONSE,
        status: response.status,
      });
    }
    const errors = body.errors ?? [];
    const first = errors[0];
    if (first) {
      throw new GraphQLRequestError(first.message, {
        code: first.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : undefined),
        errors,
        status: response.status,
      });
    }
    if (!response.ok || body.data === undefined || body.data === null) {
      throw new GraphQLRequestError(`The hub answered HTTP ${response.status} with no data`, {
        code: BAD_RESPONSE,
        status: response.status,
      });
    }
    return body.data as TData;
  };
}

/**
 * Sends a file to one of the hub's upload routes (`POST /import/<list>`): the raw bytes as the body, the name
 * in `x-file-name`, and `x-hub-import` (a header a plain HTML form cannot send, as for GraphQL above). Resolves
 * with the JSON answer; a refusal (`{ errors: [...] }`, 4xx) rejects with a GraphQLRequestError like a query's.
 */
export async function uploadFile<TAnswer>(path: string, file: File): Promise<TAnswer> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': file.type || 'application/octet-stream',
        accept: 'application/json',
        'accept-language': acceptLanguage,
        'x-file-name': encodeURIComponent(file.name),
        'x-hub-import': '1',
      },
      body: file,
    });
  } catch (error) {
    throw new GraphQLRequestError('The hub could not be reached', { code: NETWORK_ERROR, cause: error });
  }
  const json = /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
  const body = json ? ((await response.json().catch(() => undefined)) as { errors?: unknown } | undefined) : undefined;
  const errors = body && isErrorList(body.errors) ? body.errors : [];
  if (errors.length || !response.ok || typeof body !== 'object' || body === null) {
    throw new GraphQLRequestError(errors[0]?.message ?? `The hub answered HTTP ${response.status}`, {
      code: errors[0]?.extensions?.code ?? BAD_RESPONSE,
      errors,
      status: response.status,
    });
  }
  return body as TAnswer;
}

/** The UI's client: same origin, the browser's session cookie. */
export const graphql: GraphQLClient = createGraphQLClient();

interface GraphQLResponseBody {
  data?: unknown;
  errors?: GraphQLErrorEntry[];
}

/** The parsed body when it is a GraphQL response; undefined for anything else (HTML, text, bad JSON). */
async function readBody(response: Response, signal: AbortSignal | undefined): Promise<GraphQLResponseBody | undefined> {
  if (!/^application\/(graphql-response\+)?json\b/i.test(response.headers.get('content-type') ?? '')) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { data, errors } = parsed as { data?: unknown; errors?: unknown };
  if (errors !== undefined && !isErrorList(errors)) return undefined;
  if (data === undefined && errors === undefined) return undefined;
  return { data, ...(errors === undefined ? {} : { errors }) };
}

function isErrorList(value: unknown): value is GraphQLErrorEntry[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry: unknown) => typeof entry === 'object' && entry !== null && typeof (entry as { message?: unknown }).message === 'string',
    )
  );
}
