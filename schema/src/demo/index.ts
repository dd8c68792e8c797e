import { sql, type Kysely } from 'kysely';
import { createUser } from '../access/users';
import type { Database } from '../db/database';
import { HubError } from '../db/errors';
import { hasData } from '../db/hasData';
import { loadWithoutChangeLog } from '../twinning/changeLog';
import { generateCounties, MAX_DEMO_COUNTIES } from './counties';
import { DEMO_RECORDED_AT, loadDemo } from './load';

export { DEMO, generateDemo, poorAtEndOf } from './generate';
export { demoCounty, generateCounties, MAX_DEMO_COUNTIES } from './counties';

export interface DemoOptions {
  /** scale the county to about this many households (benchmarks); default: the demo county that tells the seed's figures */
  households?: number;
  /** how many counties (issue 16), Lingyun first, each of about `households` households; default 1 */
  counties?: number;
  /** the four demo accounts' password */
  password: string;
  seed?: number;
  onProgress?: (message: string) => void;
}

export interface DemoSummary {
  counties: number;
  townships: number;
  villages: number;
  households: number;
  members: number;
  projects: number;
  pairings: number;
  visitLogs: number;
  ms: number;
}

/**
 * Loads the demo county (Lingyun, 2016) into a migrated, empty database, in one transaction: all of it or
 * nothing. Creates the four demo accounts; nothing else in the hub creates default passwords.
 */
export async function seedDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  if (await hasData(db)) {
    throw new HubError(
      '数据库中已有数据，不能再载入演示县；请换一个空数据库（或删除内置数据库目录）后再试',
      'The database already holds records, so the demo county cannot be loaded; use an empty database (or remove the embedded data folder)',
    );
  }
  const counties = options.counties ?? 1;
  if (!Number.isInteger(counties) || counties < 1 || counties > MAX_DEMO_COUNTIES)
    throw new HubError(
      `县数应为 1 到 ${MAX_DEMO_COUNTIES} 之间的整数`,
      `The number of counties must be a whole number from 1 to ${MAX_DEMO_COUNTIES}`,
    );
  const data = generateCounties(counties, {
    ...(options.households !== undefined ? { households: options.households } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  options.onProgress?.(`generated ${data.household.length} households, ${data.member.length} members in ${Date.now() - started} ms`);
  await db.transaction().execute(async (tx) => {
    await loadWithoutChangeLog(tx);
    await loadDemo(tx, data, options.onProgress);
    const sitownship = data.township.find((t) => t.name === '泗城镇')!;
    const partnerUnit = data.helperUnit.find((u) => u.name === '凌云县财政局') ?? data.helperUnit[0]!;
    await createUser(tx, {
      username: 'admin',
      displayName: '系统管理员',
      role: 'ADMIN',
      password: options.password,
      createdAt: new Date(DEMO_RECORDED_AT),
    });
    await createUser(tx, {
      username: 'clerk',
      displayName: '泗城镇扶贫站录入员',
      role: 'CLERK',
      password: options.password,
      townshipIds: [sitownship.id],
      createdAt: new Date(DEMO_RECORDED_AT),
    });
    await createUser(tx, {
      username: 'analyst',
      displayName: '县扶贫办分析员',
      role: 'ANALYST',
      password: options.password,
      createdAt: new Date(DEMO_RECORDED_AT),
    });
    await createUser(tx, {
      username: 'partner',
      displayName: `${partnerUnit.name}帮扶联络员`,
      role: 'PARTNER',
      password: options.password,
      helperUnitId: partnerUnit.id,
      createdAt: new Date(DEMO_RECORDED_AT),
    });
    // with several counties, each has its administrator: admin.451027 for Lingyun (its 6-digit code)
    if (counties > 1) {
      for (const county of data.county) {
        await createUser(tx, {
          username: `admin.${county.code.slice(0, 6)}`,
          displayName: `${county.name}管理员`,
          role: 'ADMIN',
          password: options.password,
          countyIds: [county.id],
          createdAt: new Date(DEMO_RECORDED_AT),
        });
      }
    }
  });
  // Fresh statistics, so the planner uses the indexes from the first query on; and the visibility map, so
  // that counts are index-only scans at once (at the 10× county a clerk's member page with its total took
  // 91 ms before the first vacuum and 14 ms after: autovacuum gets there, but only minutes later)
  await sql`vacuum analyze`.execute(db);
  return {
    counties: data.county.length,
    townships: data.township.length,
    villages: data.village.length,
    households: data.household.length,
    members: data.member.length,
    projects: data.project.length,
    pairings: data.cadreHouseholdPairing.length,
    visitLogs: data.visitLog.length,
    ms: Date.now() - started,
  };
}
