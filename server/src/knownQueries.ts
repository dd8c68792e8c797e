/**
 * The short route of a query the hub has seen before (issue 13: the fixed cost of a small read). Clients send
 * the same few documents again and again (the admin's grids, a script's sync, a detail page by each id); once
 * Apollo has parsed, validated and resolved a query's document, a request repeating it is run here with the
 * compiled executor and answered with what Apollo would answer — `{"data":…}` and its content type — without
 * Apollo's per-request pipeline (header map, CSRF and body checks, query hash, plugin hooks, context cloning,
 * response head merging): about a third of the hub's CPU on node by id (docs/benchmarks.md).
 *
 * Only what cannot answer otherwise through Apollo takes it: a POST whose body is JSON (`content-type:
 * application/json`, which no cross-site form can send, so Apollo's CSRF check would let it through) holding
 * only `query`, `variables` (an object or null) and `operationName`, with an Accept header whose content type
 * Apollo has already chosen once (none at all: JSON), asked by a signed-in caller, and answered without errors.
 * Anything else — a first request, GET, another content type, extensions, an anonymous caller — goes to Apollo
 * as before; so does a result with errors, handed over (compiledExecutor.ts `handOver`) so that Apollo
 * formats it, sets its status and logs what it logs, without running the operation a second time.
 */
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationRequest } from './compiledExecutor';

/** A query document as Apollo validated and resolved it, by its text and operation name. */
interface Known {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
}

/** A request that may take the short route: its operation and the content type of its answer. */
export interface KnownRequest {
  request: OperationRequest;
  contentType: string;
}

/** Apollo's content type when the request has no Accept header (MEDIA_TYPES.APPLICATION_JSON) */
const JSON_UTF8 = 'application/json; charset=utf-8';
/** documents kept: their texts' length together at most this (the parsed documents are some ten times larger) */
const MAX_SOURCE_CHARS = 2_000_000;
/** Accept headers remembered at most (browsers and scripts send a handful) */
const MAX_ACCEPTS = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

// (no operation name and an empty one are told apart: Apollo resolves the first, refuses the second)
const keyOf = (source: string, operationName: string | null | undefined) =>
  `${operationName == null ? '' : `=${operationName}`}\u0000${source}`;

export class KnownQueries {
  /** how many requests were answered by the short route (tests and benchmarks read it) */
  answered = 0;
  readonly #documents = new Map<string, Known>();
  #sourceChars = 0;
  /** Accept header → the content type Apollo answered a query with for it */
  readonly #contentTypes = new Map<string, string>();

  /** A document Apollo has validated and resolved (its didResolveOperation hook): kept when it is a query. */
  learn(
    source: string | undefined,
    operationName: string | null | undefined,
    document: DocumentNode | undefined,
    operation: OperationDefinitionNode | undefined,
  ): void {
    if (source === undefined || !document || operation?.operation !== 'query') return;
    const key = keyOf(source, operationName);
    if (this.#documents.has(key) || key.length > MAX_SOURCE_CHARS / 100) return;
    if (this.#sourceChars + key.length > MAX_SOURCE_CHARS) {
      this.#documents.clear();
      this.#sourceChars = 0;
    }
    this.#documents.set(key, { document, operation, operationName: operationName ?? null });
    this.#sourceChars += key.length;
  }

  /** The content type Apollo chose for a query's answer (status 200) to this Accept header. */
  learnContentType(accept: string | undefined, contentType: string | undefined): void {
    if (accept === undefined || contentType === undefined || this.#contentTypes.has(accept)) return;
    if (this.#contentTypes.size >= MAX_ACCEPTS) this.#contentTypes.clear();
    this.#contentTypes.set(accept, contentType);
  }

  /** Whether the request may take the short route (see the header), and with what; null: Apollo's way. */
  match(method: string | undefined, headers: IncomingHttpHeaders, body: unknown): KnownRequest | null {
    if (method !== 'POST' || !/^application\/json\s*(;.*)?$/i.test(headers['content-type'] ?? '') || !isRecord(body)) return null;
    const { query, variables, operationName } = body;
    for (const key in body) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return null;
    if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string')) return null;
    if (variables != null && !isRecord(variables)) return null;
    const accept = headers.accept;
    const contentType = accept === undefined ? JSON_UTF8 : this.#contentTypes.get(accept);
    const known = contentType && this.#documents.get(keyOf(query, operationName));
    if (!known) return null;
    return { request: { ...known, variables: variables ?? undefined }, contentType };
  }
}
