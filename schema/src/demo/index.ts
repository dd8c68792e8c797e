import { Kysely, sql } from 'kysely';
import { createUser } from '../access/users';
import type { HubDatabase } from '../db/connect';
import type { Database } from '../db/database';
import { HubError } from '../db/errors';
import { hasData } from '../db/hasData';
import { arrayStager, inImportTransaction, type ImportSession, type Tx } from '../import/session';
import { loadWithoutChangeLog } from '../twinning/changeLog';
import { countiesInPieces, MAX_DEMO_COUNTIES } from './counties';
import type { DemoData } from './data';
import { DEMO_RECORDED_AT, loadDemo, moveSequences } from './load';

export { DEMO, demoPieces, generateDemo, mergePieces, poorAtEndOf, type HeldRows } from './generate';
export type { DemoData } from './data';
export {
  countiesInPieces,
  countiesOneByOne,
  countyAfter,
  demoCounty,
  generateCounties,
  hubPlacement,
  MAX_DEMO_COUNTIES,
  type Placed,
} from './counties';

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
 *
 * Counties are generated and loaded one at a time (COPY on PostgreSQL given as a HubDatabase), so memory
 * holds one county whatever their number: a province of a hundred demo counties seeds in bounded memory.
 */
export async function seedDemo(target: Kysely<Database> | HubDatabase, options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const db = target instanceof Kysely ? target : target.db;
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
  const generation = countiesInPieces(counties, {
    ...(options.households !== undefined ? { households: options.households } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const summary: DemoSummary = {
    counties: 0,
    townships: 0,
    villages: 0,
    households: 0,
    members: 0,
    projects: 0,
    pairings: 0,
    visitLogs: 0,
    ms: 0,
  };
  const places: { id: number; code: string; name: string }[] = [];
  // what the demo accounts name, from the first county (Lingyun)
  let first: Pick<DemoData, 'township' | 'helperUnit'> | undefined;
  const inTransaction = <T>(work: (session: ImportSession) => Promise<T>): Promise<T> =>
    target instanceof Kysely
      ? target.transaction().execute((tx) => work({ tx, stage: (table, columns) => Promise.resolve(arrayStager(tx, table, columns)) }))
      : inImportTransaction(target, work);
  // One transaction a county, the last one with the accounts: a seed of one county is all or nothing, and a
  // province's seed (an hour at 100 counties) does not hold one transaction open for its whole length — that
  // would hold back every partner's sync (it hands out changes older than the cluster's oldest transaction)
  // and vacuum, on every database of the cluster.
  let index = 0;
  for (const pieces of generation) {
    // the county's first piece (its divisions, projects and units) is made before its transaction begins: the
    // pass over its households that it takes is the longest part of the generation
    const iterator = pieces[Symbol.iterator]();
    const head = iterator.next().value as DemoData;
    const county = head.county[0]!;
    const last = ++index === counties;
    first ??= { township: head.township, helperUnit: head.helperUnit };
    places.push({ id: county.id, code: county.code, name: county.name });
    const before = { ...summary };
    await inTransaction(async ({ tx, stage }) => {
      await loadWithoutChangeLog(tx);
      let villages = 0;
      for (let piece: DemoData | undefined = head; piece;) {
        await loadDemo(stage, piece);
        count(summary, piece);
        // one county: a line every tenth of its villages (a piece each); many: a line a county
        if (counties === 1 && piece.household.length && ++villages % 10 === 0)
          options.onProgress?.(`${county.name}: ${summary.households - before.households} households loaded (${Date.now() - started} ms)`);
        const next = iterator.next();
        piece = next.done ? undefined : next.value;
      }
      if (last) await addAccounts(tx);
    }).catch((error: unknown) => {
      Object.assign(summary, before);
      if (index === 1) throw error;
      throw new HubError(
        `载入第 ${index} 个县（${county.name}）时出错，前 ${index - 1} 个县已载入：请删除该数据库后重新载入。${String(error)}`,
        `Loading county ${index} (${county.name}) failed after ${index - 1} counties were loaded: drop the database and seed again. ${String(error)}`,
      );
    });
    options.onProgress?.(
      `${county.name}: ${summary.households - before.households} households, ${summary.members - before.members} members loaded (${Date.now() - started} ms)`,
    );
  }
  /** The sequences past the ids used, and the demo accounts (the county administrators' with several counties). */
  async function addAccounts(tx: Tx) {
    await moveSequences(tx);
    const sitownship = first!.township.find((t) => t.name === '泗城镇')!;
    const partnerUnit = first!.helperUnit.find((u) => u.name === '凌云县财政局') ?? first!.helperUnit[0]!;
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
      for (const county of places) {
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
  }
  // Fresh statistics, so the planner uses the indexes from the first query on; and the visibility map, so
  // that counts are index-only scans at once (at the 10× county a clerk's member page with its total took
  // 91 ms before the first vacuum and 14 ms after: autovacuum gets there, but only minutes later)
  await sql`vacuum analyze`.execute(db);
  return { ...summary, ms: Date.now() - started };
}

/** Adds a piece's rows to the summary. */
function count(summary: DemoSummary, piece: DemoData): void {
  summary.counties += piece.county.length;
  summary.townships += piece.township.length;
  summary.villages += piece.village.length;
  summary.households += piece.household.length;
  summary.members += piece.member.length;
  summary.projects += piece.project.length;
  summary.pairings += piece.cadreHouseholdPairing.length;
  summary.visitLogs += piece.visitLog.length;
}
