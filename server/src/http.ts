import { ApolloServer, HeaderMap, type GraphQLRequestContext, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  DEFAULT_IMPORT_LIMITS,
  ExportAborted,
  NeedsPrimary,
  ImportRefused,
  LIMITS,
  asViewer,
  costAndDepthRule,
  createImportJob,
  hubContext,
  failInterruptedImports,
  importJobGlobalId,
  isDatabaseUnavailable,
  markedWorkbookOf,
  ping,
  prepareExport,
  refuseNul,
  resolveViewer,
  runInBackground,
  schema,
  type ExportFormat,
  type PreparedExport,
  type HubContext,
  type HubDatabase,
  type Locale,
} from '@fupin/schema';
import { GraphQLError, getOperationAST, parse, type GraphQLFormattedError } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { compiledExecutor } from './compiledExecutor';
import { KnownQueries } from './knownQueries';
import { compressingStream, sendAnswer, sendCompressed } from './compress';
import { answerText, withRawJson } from './rawJson';
import { SESSION_COOKIE, readCookie, sessionCookie } from './cookies';
import { serveAdmin } from './staticFiles';

export interface HubServerOptions {
  database: HubDatabase;
  adminDir: string;
  production: boolean;
  secureCookies: boolean;
  /** where unexpected errors are reported (never to the client) */
  logError?: (error: unknown) => void;
  /** how long an export download may make no progress before it is aborted (default EXPORT_STALL_MS) */
  exportStallMs?: number;
  /** fail the imports a previous run left at work (default true; a worker of several leaves it to the primary) */
  recoverImports?: boolean;
  /** answer compiled queries with PostgreSQL's JSON text (default true; false: always execute, for comparing the two) */
  rawAnswers?: boolean;
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

/**
 * Whether a GraphQL request is a query (read-only: an analyst's or partner's may go to the read replica), read
 * from its document before it runs; anything else, or a document that does not parse, goes to the primary,
 * where Apollo answers it as it would.
 */
function isQuery(body: unknown, search: string): boolean {
  const params = new URLSearchParams(search);
  const { query, operationName } = (
    typeof body === 'object' && body !== null ? body : { query: params.get('query'), operationName: params.get('operationName') }
  ) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  const name = typeof operationName === 'string' ? operationName : undefined;
  // clients send the same few documents again and again: each is parsed here once, not on every request
  const key = `${name ?? ''}\u0000${query}`;
  let answer = operationKinds.get(key);
  if (answer === undefined) {
    try {
      answer = getOperationAST(parse(query, { maxTokens: LIMITS.maxTokens }), name)?.operation === 'query';
    } catch {
      answer = false;
    }
    if (operationKinds.size >= 1000) operationKinds.clear();
    // (a document larger than the admin's or a script's is not kept: 1000 of them stay under 20 MB)
    if (key.length <= 20_000) operationKinds.set(key, answer);
  }
  return answer;
}

/** isQuery's answers by operation name and document text (at most 1000, then started afresh) */
const operationKinds = new Map<string, boolean>();

function localeOf(req: IncomingMessage): Locale {
  return /^\s*en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

class BodyTooLarge extends Error {}

/** Carries a request's answer out of its transaction, which is rolled back. */
class RolledBack extends Error {
  constructor(
    readonly answer: HTTPGraphQLResponse,
    readonly mutation: boolean,
  ) {
    super('rolled back');
  }
}

/**
 * After refusing a body as too large, the rest of it is read and thrown away, so that a client still sending
 * gets to read the 413 and may reuse the connection (closing a socket with unread data in it resets the
 * connection, and the client sees ECONNRESET instead of the answer). A client that goes on past this, or
 * takes longer, loses the connection: it cannot hold the server.
 */
const DISCARD_BYTES = 8 * 1024 * 1024;
const DISCARD_MS = 10_000;

function discardRest(req: IncomingMessage): void {
  let left = DISCARD_BYTES;
  const cutOff = () => req.socket.destroy();
  const timer = setTimeout(cutOff, DISCARD_MS);
  const stop = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) {
      stop();
      cutOff();
    }
  });
  req.once('end', stop);
  req.once('close', stop);
}

/** The request's body, read without destroying the request (a `for await` that throws would, resetting the connection). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      discardRest(req);
      reject(new BodyTooLarge());
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge();
      else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.once('error', reject);
    if (declared > MAX_BODY_BYTES) return tooLarge();
    req.on('data', onData);
    req.once('end', onEnd);
  });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  if (!/^application\/(graphql-response\+)?json\b/i.test(req.headers['content-type'] ?? '')) return text || undefined;
  return text ? JSON.parse(text) : undefined;
}

/** The request's headers as Apollo takes them. */
function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** A browser's session cookie, or a script's bearer token. */
function credentialsOf(req: IncomingMessage): { sessionToken: string | null; bearerToken: string | null } {
  return {
    sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE),
    bearerToken: /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null,
  };
}

const STATUS_OF: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/**
 * The answer when the database went away under a request (a restart, a failover, an administrator ending
 * the connection): 503, retry shortly. The transaction did not commit, so nothing was saved — except when
 * the connection broke during the commit itself, when nobody can know and the client is told to check.
 */
function sendDatabaseUnavailable(res: ServerResponse, commitInDoubt = false): void {
  const messages = commitInDoubt
    ? {
        zh: '数据库连接在提交时中断，本次修改可能已保存也可能未保存，请刷新后核对',
        en: 'The database connection broke while saving: the change may or may not have been saved; reload and check',
      }
    : {
        zh: '数据库暂时不可用，本次请求未完成，没有保存任何修改；请稍后重试',
        en: 'The database is unavailable: the request did not complete and nothing was saved; try again shortly',
      };
  // both languages in the message, as the server's other transport-level answers; `messages` for the admin's choice
  const error = { message: `${messages.zh} / ${messages.en}`, extensions: { code: 'DATABASE_UNAVAILABLE', messages } };
  sendJson(res, 503, { errors: [error] }, { 'retry-after': '5', 'cache-control': 'no-store' });
}

/**
 * The hub's HTTP face: GraphQL at /graphql (Apollo Server, GraphQL over HTTP), /healthz, and the admin UI at /.
 */
export async function createHubServer(
  options: HubServerOptions,
): Promise<{ server: Server; stop(): Promise<void>; /** requests answered by the short route so far */ shortRouteAnswers(): number }> {
  const { database } = options;
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const httpServer = createServer();
  /** the transactions of requests that met an unexpected failure, to roll back (true: a mutation, whose answer is withdrawn) */
  const failed = new WeakMap<object, boolean>();
  /** the transactions whose connection was lost, and those of mutations (whose commit may then be in doubt) */
  const lost = new WeakSet<object>();
  const mutations = new WeakSet<object>();
  /** the transactions (on the read replica) of requests that must run again on the primary */
  const needsPrimary = new WeakMap<object, NeedsPrimary>();

  const executor = compiledExecutor(schema, { raw: options.rawAnswers ?? true });
  /** queries Apollo has validated, which a request repeating them runs without Apollo's pipeline (knownQueries.ts) */
  const known = new KnownQueries();

  const apollo = new ApolloServer<HubContext>({
    // graphql-jit instead of graphql-js's execute (compiledExecutor.ts): the schema comes through the gateway hook
    gateway: executor.gateway,
    csrfPrevention: true,
    // Introspection is on: analysts' tools need it. In production an anonymous caller gets none (see below).
    introspection: true,
    allowBatchedHttpRequests: false,
    // the CLI stops on SIGINT/SIGTERM itself (cli.ts serve): Apollo's own handler would re-raise the signal
    // once stopped and end the process before the database is closed (the embedded one's lock left behind)
    stopOnTerminationSignals: false,
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
              if (ctx.operation?.operation === 'mutation') mutations.add(ctx.contextValue.db);
              if (options.production && !ctx.contextValue.viewer && /\b__(schema|type)\b/.test(ctx.source ?? '')) {
                throw new GraphQLError('请先登录再查看接口结构 / Sign in to introspect the schema', {
                  extensions: { code: 'UNAUTHENTICATED' },
                });
              }
              known.learn(ctx.source, ctx.request.operationName, ctx.document, ctx.operation);
            },
            async didEncounterErrors(ctx: GraphQLRequestContext<HubContext>) {
              for (const error of ctx.errors ?? []) {
                // a read the replica cannot serve yet: the request runs again on the primary (see handleGraphQL)
                if (error.originalError instanceof NeedsPrimary) {
                  needsPrimary.set(ctx.contextValue.db, error.originalError);
                  continue;
                }
                const code = error.extensions?.code;
                if (typeof code !== 'string' || !KNOWN_CODES.has(code)) {
                  logError(error.originalError ?? error);
                  if (ctx.contextValue && isDatabaseUnavailable(error)) lost.add(ctx.contextValue.db);
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
        if (at)
          return {
            ...formatted,
            extensions: { ...formatted.extensions, fields: [{ field: at.split('.').pop(), path: at, message: formatted.message }] },
          };
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
    const setCookies: string[] = [];
    const { sessionToken, bearerToken } = credentialsOf(req);
    const short = known.match(req.method, req.headers, body);
    const query = short !== null || isQuery(body, search);
    const secure = options.secureCookies || req.headers['x-forwarded-proto'] === 'https';

    // The whole request in one transaction as its viewer (row-level security backs up the scopes); an
    // unexpected failure rolls it back, and a mutation's answer then says that nothing was saved.
    let withdrawn = false;
    /** the request's transaction once open, and whether its work is done and committing */
    const state: { db: object | null; committing: boolean } = { db: null, committing: false };
    let response;
    /** the short route's answer (its content type and text), when it gave one */
    let shortAnswer: { contentType: string; text: string } | null = null;
    try {
      response = await asViewer(
        database,
        { sessionToken, bearerToken },
        async (db, viewer) => {
          state.db = db;
          // (asViewer may run this again after a stale viewer: only the last run's answer counts)
          shortAnswer = null;
          const context = hubContext({
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
          });
          let answer: HTTPGraphQLResponse | undefined;
          // a signed-in caller repeating a query Apollo has validated: run here (knownQueries.ts), Apollo only for errors
          if (short && viewer) {
            const result = await executor.execute(short.request, context);
            if (result.errors) executor.handOver(db, result);
            else {
              known.answered++;
              shortAnswer = { contentType: short.contentType, text: `${answerText(result.data)}\n` };
              answer = {
                headers: new HeaderMap([['content-type', shortAnswer.contentType]]),
                body: { kind: 'complete', string: shortAnswer.text },
              };
            }
          }
          answer ??= await apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers: headerMapOf(req), search, body },
            context: async () => context,
          });
          if (needsPrimary.has(db)) throw needsPrimary.get(db)!;
          if (failed.has(db)) throw new RolledBack(answer, failed.get(db)!);
          state.committing = true;
          return answer;
        },
        // a query's statements each go in one round trip with the viewer's scope, once the viewer is known
        // (rowSecurity.ts); mutations keep their transaction
        { readOnly: query, oneRoundTrip: query },
      ).catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
        withdrawn = error.mutation;
        return error.answer;
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return sendDatabaseUnavailable(res, state.committing && state.db !== null && mutations.has(state.db));
    }
    if (state.db && lost.has(state.db)) return sendDatabaseUnavailable(res);
    if (withdrawn) {
      setCookies.length = 0;
      sendJson(res, 500, {
        errors: [
          {
            message: '服务器内部错误，本次修改均未保存 / Internal server error; nothing was saved',
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      return;
    }
    // the short route's answer with its headers at once (a query sets no cookie); the same headers as below
    if (shortAnswer !== null && !setCookies.length) {
      const { contentType, text } = shortAnswer as { contentType: string; text: string };
      return sendAnswer(
        req,
        res,
        200,
        [
          ['content-type', contentType],
          ['cache-control', 'no-store'],
        ],
        text,
      );
    }
    // the content type Apollo chose for this Accept header, which the short route then answers with
    if (query && !short && (response.status ?? 200) === 200)
      known.learnContentType(req.headers.accept, response.headers.get('content-type'));
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (setCookies.length) res.setHeader('set-cookie', setCookies);
    res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return sendCompressed(req, res, withRawJson(response.body.string, state.db ?? undefined));
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /**
   * `GET /export/<list>.<csv|xlsx>?filter=<json>&columns=a,b,c&locale=zh|en`: the admin's export button
   * (which sends the grid's visible columns and the UI's language; without `locale`, Accept-Language says).
   * The schema package does the work (columns, scope, masking, audit); this only authenticates, sets the
   * download's headers and streams.
   */
  async function handleExport(
    req: IncomingMessage,
    res: ServerResponse,
    list: string,
    format: ExportFormat,
    params: URLSearchParams,
  ): Promise<void> {
    const refuse = (code: string, message: string) =>
      sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
    if (req.method !== 'GET') return refuse('BAD_REQUEST', '导出只接受 GET / Exports are fetched with GET');
    const asked = params.get('locale');
    if (asked !== null && asked !== 'zh' && asked !== 'en')
      return refuse('BAD_USER_INPUT', `locale 应为 zh 或 en，而不是 "${asked}" / locale must be zh or en, not "${asked}"`);
    const locale = asked ?? localeOf(req);
    const columnsText = params.get('columns');
    const columns = columnsText === null ? undefined : columnsText.split(',').map((c) => c.trim());
    if (columns?.some((c) => c === ''))
      return refuse(
        'BAD_USER_INPUT',
        'columns 应为以逗号分隔的字段名，不能为空 / columns must be field names separated by commas, none empty',
      );
    const filterText = params.get('filter');
    let filter: unknown;
    try {
      filter = filterText ? JSON.parse(filterText) : undefined;
    } catch {
      return refuse('BAD_USER_INPUT', '筛选条件 filter 不是有效的 JSON / The filter is not valid JSON');
    }
    try {
      // before the download starts: once its headers are out, a refusal can only cut it short
      refuseNul(filter, 'filter', locale);
    } catch (error) {
      const { message, extensions } = error as GraphQLError;
      return sendJson(res, 400, { errors: [{ message, extensions }] });
    }
    // checked in a short transaction of its own; the export then audits and streams in transactions of its own
    let job: PreparedExport;
    try {
      job = await asViewer(
        database,
        credentialsOf(req),
        async (db, viewer) =>
          prepareExport(hubContext({ db, viewer, locale, clientAddress: req.socket.remoteAddress ?? null }), {
            resource: list,
            format,
            filter,
            ...(columns ? { columns } : {}),
          }),
        { readOnly: true },
      );
    } catch (error) {
      if (!(error instanceof GraphQLError) || typeof error.extensions.code !== 'string') throw error;
      return sendJson(res, STATUS_OF[error.extensions.code] ?? 400, { errors: [{ message: error.message, extensions: error.extensions }] });
    }
    const { body, headers: encoding } = compressingStream(req, res, job.contentType);
    const headers = {
      'content-type': job.contentType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(job.fileName)}`,
      'cache-control': 'no-store',
      ...encoding,
    };
    try {
      await job.write(database, body, { stallMs: options.exportStallMs, onStart: () => res.writeHead(200, headers) });
    } catch (error) {
      // the client went away or stopped reading: the audit says so; close the connection, nothing to log
      if (!(error instanceof ExportAborted)) throw error;
      res.destroy();
    }
  }

  /**
   * `POST /import/<list>`: the raw file as the body, its name in `x-file-name`, and `x-hub-import: 1` (a
   * header a cross-site form cannot send). Starts the preview in the background and answers 202 with the job's id.
   */
  async function handleImport(req: IncomingMessage, res: ServerResponse, list: string, deleteMissing: boolean): Promise<void> {
    const refuse = (code: string, message: string) =>
      sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
    const locale = localeOf(req);
    if (req.method !== 'POST') return refuse('BAD_REQUEST', '导入须用 POST 上传文件 / Imports are uploaded with POST');
    if (req.headers['x-hub-import'] !== '1')
      return refuse('BAD_REQUEST', '缺少请求头 x-hub-import: 1 / The x-hub-import: 1 header is missing');
    const viewer = await resolveViewer(database.db, credentialsOf(req));
    if (!viewer) return refuse('UNAUTHENTICATED', '请先登录 / Sign in first');
    let fileName = 'import';
    try {
      fileName = decodeURIComponent(String(req.headers['x-file-name'] ?? 'import'));
    } catch {
      return refuse('BAD_USER_INPUT', 'x-file-name 须经 encodeURIComponent 编码 / x-file-name must be encoded with encodeURIComponent');
    }
    const tooLarge = () =>
      refuse(
        'PAYLOAD_TOO_LARGE',
        `文件超过 ${DEFAULT_IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB 的上限 / The file is larger than the ${DEFAULT_IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB limit`,
      );
    if (Number(req.headers['content-length'] ?? 0) > DEFAULT_IMPORT_LIMITS.maxFileBytes) {
      discardRest(req);
      return tooLarge();
    }
    try {
      // the body streams to disk as it comes (createImportJob): a county's workbook is never held in memory
      const job = await createImportJob(database, viewer, { list, fileName, content: req, deleteMissing, locale });
      runInBackground(database, job.id, logError);
      sendJson(res, 202, { id: importJobGlobalId(job.id) });
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      if (!req.readableEnded) discardRest(req);
      if (error.code === 'PAYLOAD_TOO_LARGE') return tooLarge();
      refuse(error.code, error.text[locale]);
    }
  }

  /** `GET /import/<job id>/marked.xlsx`: the file given back with its problems marked, for its owner or an administrator. */
  async function handleMarked(req: IncomingMessage, res: ServerResponse, jobId: string): Promise<void> {
    const refuse = (code: string, message: string) =>
      sendJson(res, STATUS_OF[code] ?? 400, { errors: [{ message, extensions: { code } }] });
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
  if (options.recoverImports ?? true) await failInterruptedImports(database);

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // most requests are GraphQL's, at /graphql exactly: no URL to parse for them
    if (req.url === '/graphql') return void handleGraphQL(req, res, '').catch((error: unknown) => failed500(res, error));
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const exported = /^\/export\/([A-Za-z]+)\.(csv|xlsx)$/.exec(url.pathname);
    const marked = /^\/import\/([^/]+)\/marked\.xlsx$/.exec(url.pathname);
    const imported = /^\/import\/([A-Za-z]+)$/.exec(url.pathname);
    const route =
      url.pathname === '/graphql'
        ? handleGraphQL(req, res, url.search)
        : exported
          ? handleExport(req, res, exported[1]!, exported[2] as ExportFormat, url.searchParams)
          : marked
            ? handleMarked(req, res, marked[1]!)
            : imported
              ? handleImport(req, res, imported[1]!, url.searchParams.get('deleteMissing') === 'true')
              : url.pathname === '/healthz'
                ? ping(database.db).then((ok) =>
                    sendJson(res, ok ? 200 : 503, {
                      status: ok ? 'ok' : 'database unreachable',
                      ...(database.replica ? { replica: database.replica.status() } : {}),
                    }),
                  )
                : Promise.resolve(serveAdmin(options.adminDir, req, res, url.pathname));
    route.catch((error: unknown) => failed500(res, error));
  });

  /** A request whose handling failed unexpectedly: logged, and answered 500 (or cut short, once its answer began). */
  function failed500(res: ServerResponse, error: unknown): void {
    logError(error);
    if (!res.headersSent && isDatabaseUnavailable(error)) sendDatabaseUnavailable(res);
    else if (!res.headersSent)
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    // a download cut short must not look complete
    else res.destroy();
  }

  return {
    server: httpServer,
    shortRouteAnswers: () => known.answered,
    async stop() {
      await apollo.stop();
    },
  };
}
