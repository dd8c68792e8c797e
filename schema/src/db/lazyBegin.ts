import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import pg from 'pg';
import { inlineParameters } from './inline';

/**
 * A pg client whose simple-protocol batch (`begin; select …`, several statements in one string without
 * parameters) answers with the LAST statement's result, as a single statement would: pg itself answers a
 * batch with one result per statement, which Kysely cannot read.
 */
export class BatchingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const answer = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(answer instanceof Promise)) return answer as never;
    return answer.then((result: unknown) => (Array.isArray(result) ? result[result.length - 1] : result)) as never;
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
   * While set (a read-only request with a known viewer, rowSecurity.ts), every statement goes as ONE
   * simple-protocol string: this scope-setting statement, then the statement with its parameters inlined.
   * PostgreSQL runs such a string as one implicit transaction, so the transaction-local settings hold for
   * that statement and end with it: no `begin` or `commit`, and nothing left on the pooled connection.
   */
  scopeEach: string | null = null;
  /** the first failure of a statement sent with scopeEach (the caller may tell a stale viewer by it) */
  scopeFailure: unknown = null;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.scopeEach !== null) {
      if (this.pendingBegin !== null) throw new Error('a read-only request’s statements open no transaction');
      try {
        return await this.inner.executeQuery<R>(CompiledQuery.raw(`${this.scopeEach};\n${inlineParameters(query.sql, query.parameters)}`));
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
