import { sql, type RawBuilder } from 'kysely';
import type { ComputedField } from '../graph/recordShape';

/**
 * 人均纯收入: a household's net income of a year shared among its members, to the fen; none without members.
 * The one definition: the income record's computed field, the exit check's measure and the national sheet's check use it.
 */
export function perCapitaNetIncome(netIncome: RawBuilder<unknown>, members: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`round(${netIncome} / nullif(${members}, 0), 2)`;
}

/** The income record's field: the year's net income over the household's members, as exact decimal text. */
export const perCapitaNetIncomeField: ComputedField = {
  type: 'Decimal',
  label: { zh: '人均纯收入', en: 'Per-capita net income' },
  sql: (t) =>
    sql`${perCapitaNetIncome(sql.ref(`${t}.netIncome`), sql`(select count(*) from member m where m.household_id = ${sql.ref(`${t}.householdId`)})`)}::text`,
};
