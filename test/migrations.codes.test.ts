import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../schema/src/index';
import { AUDIT_OPERATIONS, ROLES } from '../schema/src/access/codes';
import type { Locale } from '../schema/src/context';
import { BOOLEAN_MEASURES } from '../schema/src/exit/codes';
import { columnOf } from '../schema/src/graph/fields';
import { resources } from '../schema/src/graph/registry';
import { IMPORT_KINDS, IMPORT_STATUSES } from '../schema/src/import/codes';
import { freshDatabase } from './support/database';

/**
 * The code tables in TypeScript (the GraphQL enums, the admin's dropdowns) and the database's CHECK
 * constraints must agree. The constraints are literal SQL in migrations that never change, so a new code
 * needs a new migration that drops and re-adds its constraint (docs/migrations.md); this test fails until
 * it exists, naming the table, the column and the code.
 */
interface CodeColumn {
  table: string;
  column: string;
  codes: readonly string[];
}

interface Constraint {
  table: string;
  name: string;
  definition: string;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every column a record type's field spec gives a code table (enum or list of enums). */
function recordTypeCodeColumns(): CodeColumn[] {
  void schema; // importing the schema registers every record type
  return [...resources.values()].flatMap((resource) =>
    Object.entries(resource.config.fields).flatMap(([name, spec]) =>
      spec.kind === 'enum' || spec.kind === 'enumList'
        ? [{ table: snake(resource.config.table), column: snake(columnOf(name, spec)), codes: spec.codes.map((c) => c.value) }]
        : [],
    ),
  );
}

// Every locale the Locale type allows: a new one fails to typecheck here until it is listed.
const LOCALES = Object.keys({ zh: true, en: true } satisfies Record<Locale, true>);

/** Columns whose codes live outside the record types' field specs (users, the audit log, import jobs). */
const OTHER_CODE_COLUMNS: CodeColumn[] = [
  { table: 'app_user', column: 'role', codes: ROLES.map((c) => c.value) },
  { table: 'audit_log', column: 'operation', codes: AUDIT_OPERATIONS.map((c) => c.value) },
  { table: 'import_job', column: 'kind', codes: IMPORT_KINDS },
  { table: 'import_job', column: 'status', codes: IMPORT_STATUSES },
  { table: 'import_job', column: 'locale', codes: LOCALES },
];

/**
 * A constraint that holds a column to a closed list, as PostgreSQL prints it: `col in (…)` becomes
 * `col = ANY (ARRAY[…])`, and a list column's `col <@ array[…]` stays. Checks that mix a list with
 * other conditions are rules, not code tables, and are not matched.
 */
function closedList(definition: string): { column: string; codes: string[] } | null {
  const match = /^CHECK \(\((\w+) (?:= ANY \(|<@ )ARRAY\[(.*)\]\)?\)\)$/.exec(definition);
  if (!match) return null;
  return { column: match[1]!, codes: [...match[2]!.matchAll(/'([^']*)'::\w+/g)].map((m) => m[1]!) };
}

function disagreements(typescript: CodeColumn[], constraints: Constraint[]): string[] {
  const lists = new Map<string, { name: string; codes: string[] }>();
  for (const { table, name, definition } of constraints) {
    const list = closedList(definition);
    if (list) lists.set(`${table}.${list.column}`, { name, codes: list.codes });
  }
  const found: string[] = [];
  const described = new Set<string>();
  for (const { table, column, codes } of typescript) {
    const key = `${table}.${column}`;
    described.add(key);
    const list = lists.get(key);
    if (!list) {
      found.push(
        `${key}: 数据库没有限定取值的约束 / has a code table in TypeScript but no CHECK constraint holding it to the codes in the database.`,
      );
      continue;
    }
    for (const code of codes.filter((c) => !list.codes.includes(c))) {
      found.push(
        `${key}: 代码 ${code} 需要一个新迁移 / the code ${code} of ${table}.${column} is in TypeScript but the database's constraint ${list.name} refuses it: ` +
          `add a migration that drops and re-adds ${list.name} with it (docs/migrations.md).`,
      );
    }
    for (const code of list.codes.filter((c) => !codes.includes(c))) {
      found.push(
        `${key}: 代码 ${code} 已从 TypeScript 删除 / the database's constraint ${list.name} accepts ${code} for ${table}.${column} but TypeScript no longer knows it: ` +
          `add a migration that moves rows off it and re-adds ${list.name} without it, or keep the code.`,
      );
    }
  }
  for (const key of [...lists.keys()].filter((k) => !described.has(k))) {
    found.push(
      `${key}: 数据库限定了取值，TypeScript 没有对应的代码表 / the database holds ${key} to a list of codes (${lists.get(key)!.name}) that no TypeScript code table describes.`,
    );
  }
  return found;
}

describe('code tables and the database', () => {
  let constraints: Constraint[];

  beforeAll(async () => {
    const database = await freshDatabase();
    ({ rows: constraints } = await sql<Constraint>`
      select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace order by 1, 2`.execute(database.db));
  });

  it('agree: every code in TypeScript is one the migrated database accepts, and no other', () => {
    const typescript = [...recordTypeCodeColumns(), ...OTHER_CODE_COLUMNS];
    expect(typescript.length).toBeGreaterThan(30);
    expect(disagreements(typescript, constraints)).toEqual([]);
  });

  it('name the table, column and code when a code is added without a migration, or one is left out', () => {
    const added = 'A_CODE_WITH_NO_MIGRATION';
    let removed = '';
    const typescript = [...recordTypeCodeColumns(), ...OTHER_CODE_COLUMNS].map((c) => {
      if (c.table === 'household' && c.column === 'status') return { ...c, codes: [...c.codes, added] };
      if (c.table !== 'member' || c.column !== 'sex') return c;
      removed = c.codes.at(-1)!;
      return { ...c, codes: c.codes.slice(0, -1) };
    });
    expect(disagreements(typescript, constraints)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^household\\.status: .*the code ${added} of household\\.status is in TypeScript but the database's constraint household_status_check refuses it: add a migration`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^member\\.sex: .*member_sex_check accepts ${removed} for member\\.sex but TypeScript no longer knows it`),
      ),
    ]);
    const withoutRoles = typescript.filter((c) => c.table !== 'app_user');
    expect(disagreements(withoutRoles, constraints).at(-1)).toMatch(/app_user\.role.*app_user_role_check.*no TypeScript code table/);
  });

  it('agree on the yes/no exit measures (a rule on them is "= 0 or 1")', () => {
    const yesNo = constraints.find((c) => c.name === 'exit_criterion_yes_no');
    const listed = /measure <> ALL \(ARRAY\[([^\]]*)\]\)/.exec(yesNo?.definition ?? '')?.[1] ?? '';
    const inDatabase = [...listed.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    expect(inDatabase.sort(), 'exit_criterion_yes_no must list BOOLEAN_MEASURES (exit/codes.ts): a change is a new migration').toEqual(
      [...BOOLEAN_MEASURES].sort(),
    );
  });
});
