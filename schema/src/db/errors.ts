/**
 * A failure a person can fix (bad CLI argument, unreachable database, incompatible data folder): one line
 * in Chinese and English saying what is wrong and what to do. Never carries a stack to the user.
 */
export class HubError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(`${zh} / ${en}`, options);
    this.name = 'HubError';
  }
}

/**
 * SQLSTATE classes and codes that mean the connection or the server went away, not that the request was
 * wrong: connection exceptions (08), an administrator or a restart ending the backend (57P01–57P03), the
 * idle-in-transaction backstop (25P03), and an insufficient-resources or operator-intervention state.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[1-5]|25P03|53300)$/;
/** what pg and pg-pool say when the socket dies or no connection can be had */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|connection has been discarded|Client was closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/;

/**
 * True when a failure comes from losing the database (its connection ended, or none could be opened), as
 * opposed to a bug or a refused statement: the request can be retried once the database is back. Follows
 * `cause` and GraphQL's `originalError`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const { code, message, cause, originalError } = e as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_MESSAGES.test(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    e = originalError ?? cause;
  }
  return false;
}
