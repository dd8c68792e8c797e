import type { Kysely } from 'kysely';
import type { Database } from '../../schema/src/index';
import { makeResidentId } from '../../schema/src/households/residentId';

/** The county and its two townships (泗城镇, 逻楼镇), nothing below them. */
export async function countyAndTownships(db: Kysely<Database>) {
  const county = await db.insertInto('county').values({ code: '451027000000', name: '凌云县' }).returning('id').executeTakeFirstOrThrow();
  const townships = await db
    .insertInto('township')
    .values([
      { countyId: county.id, code: '451027100000', name: '泗城镇' },
      { countyId: county.id, code: '451027101000', name: '逻楼镇' },
    ])
    .returning('id')
    .execute();
  return { county, townships };
}

/**
 * A small county written straight to the database: `villages` villages in two townships, each with
 * `households` households of `members` members. For tests that need rows, not the demo's story.
 */
export async function smallCounty(db: Kysely<Database>, options: { villages: number; households: number; members: number }) {
  const { county, townships } = await countyAndTownships(db);
  const villages = await db
    .insertInto('village')
    .values(
      Array.from({ length: options.villages }, (_, i) => ({
        townshipId: townships[i % 2]!.id,
        code: `45102710${i % 2}${String(i + 1).padStart(3, '0')}`,
        name: `试验${i + 1}村`,
        ruralPopulation: 1000,
        isPoorVillage: i % 3 === 0,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  let sequence = 1;
  const households = await db
    .insertInto('household')
    .values(
      villages.flatMap((v) =>
        Array.from({ length: options.households }, (_, j) => ({
          householdNumber: `${v.code}${String(j + 1).padStart(4, '0')}`,
          villageId: v.id,
          attribute: 'GENERAL' as const,
          status: j % 2 ? ('POOR' as const) : ('EXITED' as const),
          identificationYear: 2014,
          exitYear: j % 2 ? null : 2015,
          mainCause: 'NO_CAPITAL' as const,
          phone: `139${String(sequence++).padStart(8, '0')}`,
        })),
      ),
    )
    .returning(['id', 'householdNumber'])
    .execute();
  if (options.members > 0) {
    await db
      .insertInto('member')
      .values(
        households.flatMap((h) =>
          Array.from({ length: options.members }, (_, k) => {
            const n = sequence++;
            const male = k % 2 === 0;
            const birthDate = `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`;
            return {
              householdId: h.id,
              personNumber: `${h.householdNumber}${String(k + 1).padStart(2, '0')}`,
              residentId: makeResidentId('451027', birthDate, (n % 500) * 2 + (male ? 1 : 0)),
              name: `${['黄', '罗', '韦', '岑'][n % 4]}${k === 0 ? '主' : '员'}${n}`,
              sex: male ? ('MALE' as const) : ('FEMALE' as const),
              birthDate,
              ethnicity: '08' as const,
              relation: k === 0 ? ('HEAD' as const) : ('OTHER' as const),
              education: 'JUNIOR' as const,
              laborAbility: 'NORMAL' as const,
            };
          }),
        ),
      )
      .execute();
  }
  return { county, townships, villages, households };
}
