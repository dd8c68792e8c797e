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
