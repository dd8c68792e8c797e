import { sql, type RawBuilder } from 'kysely';

/**
 * 人均纯收入: a household's net income of a year shared among its members, to the fen; none without members.
 * The one definition: the income record's computed field, the exit check's measure and the national sheet's check use it.
 */
export function perCapitaNetIncome(netIncome: RawBuilder<unknown>, members: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`round(${netIncome} / nullif(${members}, 0), 2)`;
}
