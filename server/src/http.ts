import { ApolloServer, HeaderMap, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { DEFAULT_IMPORT_LIMITS, ImportRefused, LIMITS, asViewer, costAndDepthRule, createImportJob, failInterruptedImports, importJobGlobalId, markedWorkbookOf, ping, prepareExport, resolveViewer, runInBackground, schema, type ExportFormat, type HubContext, type HubDatabase, type Locale } from '@fupin/schema';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SESSION_COOKIE, readCookie, sessionCookie } from './cookies';
import { serveAdmin } from './staticFiles';

export interface HubServerOptions {
  database: HubDatabase;
  adminDir: string;
  production: boolean;
  secureCookies: boolean;
  /** where unexpected errors are reported (never to the client) */
  logError?: (error: unknown) => void;
}

/** Bodies larger than this are refused before parsing: a pasted grid range is far smaller. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function localeOf(req: IncomingMessage): Locale {
  return /^\s*en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

class BodyTooLarge extends Error {}

/** Carries a request's answer out of its transaction, which is rolled back. */
class RolledBack extends Error {
  constructor(
    readonly answer: Awaited<ReturnType<ApolloServer<HubContext>['executeHTTPGraphQLRequest']>>,
    readonly mutation: boolean,
  ) {
    super('rolled back');
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/^application\/(graphql-response\+)?json\b/i.test(req.headers['content-type'] ?? '')) return text || undefined;
  return text ? JSON.parse(text) : undefined;
}

/** A browser's session cookie, or a script's bearer token. */
function credentialsOf(req: IncomingMessage): { sessionToken: string | null; bearerToken: string | null } {
  return {
    sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE),
    bearerToken: /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null,
  };
}

const STATUS_OF: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413 };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * The hub's HTTP face: GraphQL at /graphql (Apollo Server, GraphQL over HTTP), /healthz, and the admin UI at /.
 */
export async function createHubServer(options: HubServerOptions): Promise<{ server: Server; stop(): Promise<void> }> {
  const { database } = options;
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const httpServer = createServer();
  /** the transactions of requests that met an unexpected failure, to roll back (true: a mutation, whose answer is withdrawn) */
  const failed = new WeakMap<object, boolean>();

  const apollo = new ApolloServer<HubContext>({
    schema,
    csrfPrevention: true,
    // Introspection is on: analysts' tools need it. In production an anonymous caller gets none (see below).
    introspection: true,
    allowBatchedHttpRequests: false,
    validationRules: [costAndDepthRule],
    parseOptions: { maxTokens: LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      {
        // Unexpected failures are logged here with their cause, and reach the client only as INTERNAL_SERVER_ERROR.
        async requestDidStart() {
          return {
            async didResolveOperation(ctx: GraphQLRequestContext<HubContext>) {
              if (options.production && !ctx.contextValue.viewer && /\b__(schema|type)\b/.test(ctx.source ?? '')) {
                throw new GraphQLError('请先登录再查看接口结构 / Sign in to introspect the schema', { extensions: { code: 'UNAUTHENTICATED' } });
              }
            },
            async didEncounterErrors(ctx: GraphQLRequestContext<HubContext>) {
              for (const error of ctx.errors ?? []) {
                const code = error.extensions?.code;
                if (typeof code !== 'string' || !KNOWN_CODES.has(code)) {
                  logError(error.originalError ?? error);
                  if (ctx.contextValue) failed.set(ctx.contextValue.db, ctx.operation?.operation === 'mutation');
                }
              }
            },
          };
        },
      },
    ],
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = formatted.extensions?.code;
      if (code === 'BAD_USER_INPUT' && !formatted.extensions?.fields) {
        // A value refused while reading the variables (a date that is not a date): name the field as every refusal does.
        const at = /at "([^"]+)"/.exec(formatted.message)?.[1];
        if (at) return { ...formatted, extensions: { ...formatted.extensions, fields: [{ field: at.split('.').pop(), path: at, message: formatted.message }] } };
      }
      if (typeof code === 'string' && KNOWN_CODES.has(code)) return formatted;
      return { message: '服务器内部错误 / Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
  });
  await apollo.start();

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      sendJson(res, tooLarge ? 413 : 400, {
        errors: [
          {
            message: tooLarge
              ? `请求体超过 ${MAX_BODY_BYTES / 1024 / 1024} MB / Request body larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`
              : '请求体不是有效的 JSON / Request body is not valid JSON',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const setCookies: string[] = [];
    const { sessionToken, bearerToken } = credentialsOf(req);
    const secure = options.secureCookies || req.headers['x-forwarded-proto'] === 'https';

    // The whole request in one transaction as its viewer (row-level security backs up the scopes); an
    // unexpected failure rolls it back, and a mutation's answer then says that nothing was saved.
    let withdrawn = false;
    const response = await asViewer(database, { sessionToken, bearerToken }, async (db, viewer) => {
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search, body },
        context: async (): Promise<HubContext> => ({
          db,
          viewer,
          locale: localeOf(req),
          clientAddress: req.socket.remoteAddress ?? null,
          database,
          session: {
            token: sessionToken,
            start: (token, expiresAt) => setCookies.push(sessionCookie(token, { expiresAt, secure })),
            end: () => setCookies.push(sessionCookie(null, { secure })),
          },
        }),
      });
      if (failed.has(db)) throw new RolledBack(answer, failed.get(db)!);
      return answer;
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
      withdrawn = error.mutation;
      return error.answer;
    });
    if (withdrawn) {
      setCookies.length = 0;
      sendJson(res, 500, { errors: [{ message: '服务器内部错误，本次修改均未保存 / Internal server error; nothing was saved', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      return;
    }
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (setCookies.length) res.setHeader('set-cookie', setCookies);
    res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /**
   * `GET /export/<list>.<csv|xlsx>?filter=<json>`: the admin's export button. The schema package does the
   * work (scope, masking, audit); this only authenticates, sets the download's headers and streams.
   */
  async function handleExport(req: IncomingMessage, res: ServerResponse, list: string, format: ExportFormat, filterText: string | null): Promise<void> {
    const refuse = (code: string, message: string) => sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
    if (req.method !== 'GET') return refuse('BAD_REQUEST', '导出只接受 GET / Exports are fetched with GET');
    let filter: unknown;
    try {
      filter = filterText ? JSON.parse(filterText) : undefined;
    } catch {
      return refuse('BAD_USER_INPUT', '筛选条件 filter 不是有效的 JSON / The filter is not valid JSON');
    }
    await asViewer(database, credentialsOf(req), async (db, viewer) => {
      const context: HubContext = { db, viewer, locale: localeOf(req), clientAddress: req.socket.remoteAddress ?? null, session: { token: null, start: () => {}, end: () => {} } };
      let job;
      try {
        job = prepareExport(context, { resource: list, format, filter });
      } catch (error) {
        if (!(error instanceof GraphQLError) || typeof error.extensions.code !== 'string') throw error;
        return sendJson(res, STATUS_OF[error.extensions.code] ?? 400, { errors: [{ message: error.message, extensions: error.extensions }] });
      }
      res.writeHead(200, { 'content-type': job.contentType, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(job.fileName)}`, 'cache-control': 'no-store' });
      await job.write(res);
    });
  }

  /**
   * `POST /import/<list>`: the raw file as the body, its name in `x-file-name`, and `x-hub-import: 1` (a
   * header a cross-site form cannot send). Starts the preview in the background and answers 202 with the job's id.
   */
  async function handleImport(req: IncomingMessage, res: ServerResponse, list: string, deleteMissing: boolean): Promise<void> {
    const refuse = (code: string, message: string) => sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
    const locale = localeOf(req);
    if (req.method !== 'POST') return refuse('BAD_REQUEST', '导入须用 POST 上传文件 / Imports are uploaded with POST');
    if (req.headers['x-hub-import'] !== '1') return refuse('BAD_REQUEST', '缺少请求头 x-hub-import: 1 / The x-hub-import: 1 header is missing');
    const viewer = await resolveViewer(database.db, credentialsOf(req));
    if (!viewer) return refuse('UNAUTHENTICATED', '请先登录 / Sign in first');
    let fileName = 'import';
    try {
      fileName = decodeURIComponent(String(req.headers['x-file-name'] ?? 'import'));
    } catch {
      return refuse('BAD_USER_INPUT', 'x-file-name 须经 encodeURIComponent 编码 / x-file-name must be encoded with encodeURIComponent');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > DEFAULT_IMPORT_LIMITS.maxFileBytes) return refuse('PAYLOAD_TOO_LARGE', `文件超过 ${DEFAULT_IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB 的上限 / The file is larger than the ${DEFAULT_IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB limit`);
      chunks.push(chunk as Buffer);
    }
    try {
      const job = await createImportJob(database, viewer, { list, fileName, bytes: Buffer.concat(chunks), deleteMissing, locale });
      runInBackground(database, job.id, logError);
      sendJson(res, 202, { id: importJobGlobalId(job.id) });
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      refuse(error.code, error.text[locale]);
    }
  }

  /** `GET /import/<job id>/marked.xlsx`: the file given back with its problems marked, for its owner or an administrator. */
  async function handleMarked(req: IncomingMessage, res: ServerResponse, jobId: string): Promise<void> {
    const refuse = (code: string, message: string) => sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
    const viewer = await resolveViewer(database.db, credentialsOf(req));
    if (!viewer) return refuse('UNAUTHENTICATED', '请先登录 / Sign in first');
    try {
      const marked = await markedWorkbookOf(database, viewer, decodeURIComponent(jobId), localeOf(req));
      res.writeHead(200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(marked.fileName)}`,
        'cache-control': 'no-store',
      });
      res.end(marked.bytes);
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      refuse(error.code, error.text[localeOf(req)]);
    }
  }

  // jobs left at work by a previous run of the server will not finish
  await failInterruptedImports(database);

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const exported = /^\/export\/([A-Za-z]+)\.(csv|xlsx)$/.exec(url.pathname);
    const marked = /^\/import\/([^/]+)\/marked\.xlsx$/.exec(url.pathname);
    const imported = /^\/import\/([A-Za-z]+)$/.exec(url.pathname);
    const route =
      url.pathname === '/graphql'
        ? handleGraphQL(req, res, url.search)
        : exported
          ? handleExport(req, res, exported[1]!, exported[2] as ExportFormat, url.searchParams.get('filter'))
          : marked
          ? handleMarked(req, res, marked[1]!)
          : imported
          ? handleImport(req, res, imported[1]!, url.searchParams.get('deleteMissing') === 'true')
          : url.pathname === '/healthz'
          ? ping(database.db).then((ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'database unreachable' }))
          : Promise.resolve(serveAdmin(options.adminDir, req, res, url.pathname));
    route.catch((error: unknown) => {
      logError(error);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      // a download cut short must not look complete
      else res.destroy();
    });
  });

  return {
    server: httpServer,
    async stop() {
      await apollo.stop();
    },
  };
}
