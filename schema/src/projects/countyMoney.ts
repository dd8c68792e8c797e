import { sql, type RawBuilder } from 'kysely';
import type { TableName } from '../graph/fields';
import type { ComputedField } from '../graph/recordShape';
import { recordType, type RecordTypeSpec } from '../graph/recordType';
import type { Villages } from '../graph/resource';
import type { Text } from '../errors';

/*
 * Where projects and their money sit in the division tree (for the townshipId/villageId shortcuts and a
 * clerk's scope): a project lies in the villages of its sites, and so do its allocations; a disbursement
 * lies where its payee household or village collective is, and a payment to a cooperative or a contractor
 * where the project is. Fund sources are county money and lie in no division: clerks do not see them.
 */

/** A county's projects (issue 16: a project names its county). */
export const projectsOfCounty = (countyId: number) => sql`select p.id from project p where p.county_id = ${countyId}`;

/** Projects with a site in those villages. */
export const projectsIn = (villages: Villages) => sql`select s.project_id from project_site s where s.village_id in (${villages})`;

/** A sum of money as an exact decimal string with two places ("0.00" when there is nothing to add up). */
export const money = (sum: RawBuilder<unknown>) => sql`round(coalesce(${sum}, 0), 2)::text`;

/** An amount of money worked out from other rows ("0.00" when there are none), as a field of the record. */
export const moneyField = (label: Text, sum: (table: string) => RawBuilder<unknown>): ComputedField => ({
  type: 'Decimal',
  label,
  nullable: false,
  sql: sum,
});

/** The county's money: partner units see their pairings, not the county's money (security.md). */
export function countyMoney<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>) {
  return recordType(name, zh, en, { partner: null, ...spec });
}

export const LABEL_ALLOCATED = { zh: '已分配金额（元）', en: 'Allocated (yuan)' };
export const LABEL_DISBURSED = { zh: '已拨付金额（元）', en: 'Disbursed (yuan)' };
