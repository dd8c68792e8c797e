import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/src/index';

/**
 * What direct counts of the rows give and the tallies the database keeps (household_size, household_tally:
 * migration 2026-12-06-03) do not, and the reverse: nothing, when they are exact.
 */
export async function tallyDrift(db: Kysely<Database>): Promise<unknown[]> {
  const sizes = await sql`
    select h.id, s.household_id from household h
      left join household_size s on s.household_id = h.id
      left join (select household_id, count(*)::int as members, (count(*) filter (where has_medical_insurance))::int as insured,
                   (count(*) filter (where school_status = 'DROPPED_OUT'))::int as dropouts from member group by household_id) m on m.household_id = h.id
    where (s.members, s.insured, s.dropouts, s.village_id, s.status, s.identification_year, s.exit_year, s.return_year)
      is distinct from (coalesce(m.members, 0), coalesce(m.insured, 0), coalesce(m.dropouts, 0), h.village_id, h.status, h.identification_year, h.exit_year, h.return_year)
    union all
    select null, s.household_id from household_size s where not exists (select 1 from household h where h.id = s.household_id)`.execute(db);
  const counted = sql`select h.village_id, h.status, h.identification_year, h.exit_year, h.return_year, count(*)::int as households,
      sum((select count(*) from member m where m.household_id = h.id))::int as people
    from household h group by 1, 2, 3, 4, 5`;
  const kept = sql`select village_id, status, identification_year, exit_year, return_year, households, people from household_tally`;
  const tally = await sql`(${kept} except ${counted}) union all (${counted} except ${kept})`.execute(db);
  return [...sizes.rows, ...tally.rows];
}
