import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { createRequire } from 'node:module';
import pg from 'pg';

/** pg's own conversion of a JS value to the text it sends as a parameter (not in pg's type declarations) */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

/** A statement prepared once per connection (by `name`), run with `values`: one of a scoped read's preludes. */
export interface PreparedStatement {
  name: string;
  /** its SQL, with $1, $2 … for `values`; the parameters' types are what PostgreSQL infers from it */
  text: string;
  values: readonly unknown[];
}

/** every prelude's text by name (definePrelude): a connection prepares them all at once, the first time it needs one */
const preludeTexts = new Map<string, string>();

/**
 * Declares a prelude (its name and text, the same for the life of the process). The first scoped read on a
 * connection prepares every declared prelude in one round trip, so that a connection serving both kinds of
 * callers (a viewer from memory, checked; a viewer given) never spends a second one on it.
 */
export function definePrelude(name: string, text: string): { name: string; text: string } {
  const known = preludeTexts.get(name);
  if (known !== undefined && known !== text) throw new Error(`the prelude ${name} is defined twice, differently`);
  preludeTexts.set(name, text);
  return { name, text };
}

/**
 * A statement's parameters carrying the preludes to run before it in the same implicit transaction (see
 * LazyBeginConnection.scopeEach): how a scoped read reaches BatchingClient through Kysely's PostgreSQL
 * connection, which hands a statement's parameters to the client as they are. The client marks them taken,
 * and the connection refuses an answer whose preludes were not (they would have been left out).
 */
class ScopedParameters extends Array<unknown> {
  taken = false;
  constructor(
    readonly preludes: readonly PreparedStatement[],
    values: readonly unknown[],
  ) {
    super();
    this.push(...values);
  }

  // map, slice and the like make plain arrays, which carry no preludes
  static override get [Symbol.species]() {
    return Array;
  }
}

/** statements of scoped reads prepared on one connection at most; the least recently used is closed first */
const PREPARED_PER_CONNECTION = 64;
/** the names of scoped reads' statements, by text: `hub_q<n>`, never reused by another text */
const statementNames = new Map<string, string>();
let statementCount = 0;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    // a process that meets ever new texts starts its names afresh (n keeps counting: no name is reused)
    if (statementNames.size >= 10_000) statementNames.clear();
    statementNames.set(text, (name = `hub_q${++statementCount}`));
  }
  return name;
}

type PgConnection = pg.Connection & {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  describe(message: { type: 'P'; name: string }): void;
  close(message: { type: 'S'; name: string }): void;
  parse(message: { name: string; text: string; types: never[] }): void;
  bind(message: { statement: string; values: (string | Buffer | null)[] }): void;
  execute(message: { portal: string }): void;
};

/**
 * One round trip of the extended protocol: each prelude bound and executed (its rows ignored), then the
 * statement — parsed under its name the first time on this connection, so PostgreSQL plans it once and keeps
 * the plan — bound, described and executed, and one Sync. Everything before a Sync is one implicit
 * transaction: the preludes' transaction-local settings (a viewer's scope) hold for the statement and end
 * with it, and a prelude that fails (or a parameter that does not convert) means the statement does not run.
 * Its answer is the statement's result alone, as pg gives a query's.
 */
class ScopedQuery extends pg.Query {
  /** preludes not yet complete: their rows and completion are not the statement's */
  #preludesLeft: number;
  readonly #bound: { preludes: (string | Buffer | null)[][]; values: (string | Buffer | null)[] };

  constructor(
    readonly preludes: readonly PreparedStatement[],
    readonly statement: string,
    text: string,
    values: readonly unknown[],
    /** whether this connection must parse the statement first; prepared statements to close first (evicted) */
    parse: boolean,
    readonly closing: readonly string[],
  ) {
    // with a name only when parsing: pg then records the statement as parsed on this connection once it is
    super({ text, ...(parse ? { name: statement } : {}) });
    this.#preludesLeft = preludes.length;
    // converted before anything is written, so a value that does not convert fails the query with nothing sent
    this.#bound = { preludes: preludes.map((p) => p.values.map(prepareValue)), values: values.map(prepareValue) };
  }

  override submit = (connection: pg.Connection): Error | null => {
    const c = connection as PgConnection;
    c.stream.cork?.();
    try {
      for (const name of this.closing) c.close({ type: 'S', name });
      this.preludes.forEach((prelude, i) => {
        c.bind({ statement: prelude.name, values: this.#bound.preludes[i]! });
        c.execute({ portal: '' });
      });
      if ((this as { name?: string }).name) c.parse({ name: this.statement, text: (this as unknown as { text: string }).text, types: [] });
      c.bind({ statement: this.statement, values: this.#bound.values });
      c.describe({ type: 'P', name: '' });
      c.execute({ portal: '' });
      c.sync();
    } finally {
      c.stream.uncork?.();
    }
    return null;
  };

  handleDataRow(message: unknown): void {
    if (this.#preludesLeft === 0) (pg.Query.prototype as unknown as { handleDataRow(m: unknown): void }).handleDataRow.call(this, message);
  }

  handleCommandComplete(message: unknown, connection: unknown): void {
    if (this.#preludesLeft > 0) this.#preludesLeft--;
    else
      (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(
        this,
        message,
        connection,
      );
  }
}

/**
 * A pg client whose simple-protocol batch (`begin; select …`, several statements in one string without
 * parameters) answers with the LAST statement's result, as a single statement would: pg itself answers a
 * batch with one result per statement, which Kysely cannot read. A statement whose parameters carry preludes
 * (ScopedParameters) runs as a ScopedQuery.
 */
export class BatchingClient extends pg.Client {
  /** the scoped reads' statements prepared on this connection, least recently used first */
  readonly #prepared = new Set<string>();
  /** the preludes prepared on this connection */
  readonly #preludes = new Set<string>();

  override query(...args: unknown[]): never {
    if (args[1] instanceof ScopedParameters) return this.#scoped(args[0] as string, args[1]) as never;
    const answer = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(answer instanceof Promise)) return answer as never;
    return answer.then((result: unknown) => (Array.isArray(result) ? result[result.length - 1] : result)) as never;
  }

  async #scoped(text: string, parameters: ScopedParameters): Promise<pg.QueryResult> {
    parameters.taken = true;
    if (parameters.preludes.some((prelude) => !this.#preludes.has(prelude.name))) {
      // once per connection, every declared prelude (and any undeclared one asked for) in one round trip of its own
      const texts = new Map(preludeTexts);
      for (const prelude of parameters.preludes) texts.set(prelude.name, prelude.text);
      for (const name of this.#preludes) texts.delete(name);
      await super.query([...texts].map(([name, text]) => `prepare ${name} as ${text}`).join(';\n'));
      for (const name of texts.keys()) this.#preludes.add(name);
    }
    const connection = (this as unknown as { connection: PgConnection }).connection;
    const name = statementName(text);
    const parse = connection.parsedStatements[name] !== text;
    const closing: string[] = [];
    this.#prepared.delete(name);
    if (parse) {
      for (const old of this.#prepared) {
        if (this.#prepared.size < PREPARED_PER_CONNECTION) break;
        this.#prepared.delete(old);
        delete connection.parsedStatements[old];
        closing.push(old);
      }
    }
    this.#prepared.add(name);
    const query = new ScopedQuery(parameters.preludes, name, text, [...parameters], parse, closing);
    return new Promise((resolve, reject) => {
      (query as unknown as { callback: (error: Error | undefined, result: pg.QueryResult) => void }).callback = (error, result) =>
        error ? reject(error) : resolve(result);
      super.query(query);
    });
  }
}

/**
 * A connection whose transaction has been asked for but not yet sent: `begin` travels with the transaction's
 * first statement, in one simple-protocol batch when that statement has no parameters (one round trip instead
 * of two), or just before it otherwise. A transaction that never runs a statement costs nothing.
 */
export class LazyBeginConnection implements DatabaseConnection {
  pendingBegin: string | null = null;
  /**
   * While set (a read-only request with a known viewer, rowSecurity.ts), every statement goes in ONE round
   * trip behind these preludes (the statements checking the viewer and setting its scope), all prepared
   * statements in one implicit transaction (ScopedQuery): the transaction-local settings hold for that
   * statement and end with it, no `begin` or `commit`, nothing left on the pooled connection, and PostgreSQL
   * plans each statement once per connection instead of on every request.
   */
  scopeEach: readonly PreparedStatement[] | null = null;
  /** the first failure of a statement sent with scopeEach (the caller may tell a stale viewer by it) */
  scopeFailure: unknown = null;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.scopeEach !== null) {
      if (this.pendingBegin !== null) throw new Error('a read-only request’s statements open no transaction');
      try {
        const parameters = new ScopedParameters(this.scopeEach, query.parameters);
        const result = await this.inner.executeQuery<R>({ ...query, parameters });
        // never an answer that did not go behind its scope (a driver that copied the parameters would drop it)
        if (!parameters.taken) throw new Error('a scoped read reached PostgreSQL without its scope');
        return result;
      } catch (error) {
        this.scopeFailure ??= error;
        throw error;
      }
    }
    const begin = this.pendingBegin;
    if (begin === null) return this.inner.executeQuery<R>(query);
    this.pendingBegin = null;
    if (query.parameters.length === 0) return this.inner.executeQuery<R>(CompiledQuery.raw(`${begin};\n${query.sql}`));
    await this.inner.executeQuery(CompiledQuery.raw(begin));
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    // a cursor needs a transaction around it: exports keep the transaction path
    if (this.scopeEach !== null) throw new Error('a read-only request’s statements cannot be streamed');
    await this.flush();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }

  async flush(): Promise<void> {
    if (this.pendingBegin === null) return;
    const begin = this.pendingBegin;
    this.pendingBegin = null;
    await this.inner.executeQuery(CompiledQuery.raw(begin));
  }
}

/**
 * Kysely's PostgreSQL driver with the `begin` deferred to the transaction's first statement (above). Commit,
 * savepoints and their kin go through the deferring connection, so Kysely's query log (the statement-count
 * tests read it) shows one entry per round trip: the first statement (carrying `begin`), the rest, `commit`.
 */
class LazyBeginDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, LazyBeginConnection>();
  constructor(readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    let connection = this.#wrapped.get(inner);
    if (!connection) this.#wrapped.set(inner, (connection = new LazyBeginConnection(inner)));
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const lazy = connection as LazyBeginConnection;
    const modes = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? ''].filter(Boolean);
    lazy.pendingBegin = modes.length ? `start transaction ${modes.join(' ')}` : 'begin';
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lazy = connection as LazyBeginConnection;
    if (lazy.pendingBegin !== null) {
      lazy.pendingBegin = null; // nothing was sent: there is no transaction to commit
      return;
    }
    await this.inner.commitTransaction(lazy);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lazy = connection as LazyBeginConnection;
    if (lazy.pendingBegin !== null) {
      lazy.pendingBegin = null;
      return;
    }
    // the inner connection: the driver marks it for discarding when even the rollback fails
    await this.inner.rollbackTransaction(lazy.inner);
  }

  // savepoints are statements on the deferring connection: the first one carries a pending `begin`
  savepoint: Driver['savepoint'] = (...args) => this.inner.savepoint!(...args);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (...args) => this.inner.rollbackToSavepoint!(...args);
  releaseSavepoint: Driver['releaseSavepoint'] = (...args) => this.inner.releaseSavepoint!(...args);

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lazy = connection as LazyBeginConnection;
    lazy.pendingBegin = null;
    lazy.scopeEach = null;
    lazy.scopeFailure = null;
    await this.inner.releaseConnection(lazy.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PostgreSQL for the hub: Kysely's dialect with the deferred `begin`; its pool must use BatchingClient. */
export class LazyBeginPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new LazyBeginDriver(super.createDriver());
  }
}
