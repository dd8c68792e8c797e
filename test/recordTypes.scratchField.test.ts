import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { graphql } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, SCHEMA_QUERY, type HubSchema } from '../admin/src/dataProvider/schema';
import { gridFieldsOf } from '../admin/src/grid/gridFields';
import type * as IdsModule from '../schema/src/graph/ids';
import type * as SchemaModule from '../schema/src/index';
import { smallCounty } from './support/fixtures';
import { copyOfTemplate } from './support/templates';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests
/** the copy has this tree's modules' shape: typed by them, loaded from the copy */
type SchemaPackage = typeof SchemaModule;
type Ids = typeof IdsModule;

const SCHEMA = fileURLToPath(new URL('../schema/', import.meta.url));
// named after every shipped migration, as a new one is (Kysely applies them in name order)
const MIGRATION = '2099-12-31-01-scratch-sanitary-toilet';

/**
 * The copy is loaded into this test's process, so this file must not load the tree's own schema (Pothos keeps
 * its plugins in one registry per process): it opens its database with the copy, and compares the copy's
 * printed schema with the committed schema/schema.graphql (test/schemaFile.test.ts keeps that current).
 *
 * The three touches that add a field to a record type (issue 14): the migration (its SQL, and its line in
 * db/migrate.ts), the table type and one field spec. Each is made to a scratch copy of the schema package
 * by inserting one line after an anchor; an anchor that moved fails here, saying which.
 */
const TOUCHES: { file: string; after: string; insert: string }[] = [
  { file: 'db/migrate.ts', after: 'const MIGRATIONS: Record<string, string> = {\n', insert: `  '${MIGRATION}': 'households',\n` },
  {
    file: 'households/tables.ts',
    after: 'export interface HouseholdTable extends RecordColumns {\n',
    insert: '  hasSanitaryToilet: Generated<boolean>;\n',
  },
  {
    file: 'households/fields.ts',
    after: "export const householdFields = fieldsOf<'household'>()({\n",
    insert: "  hasSanitaryToilet: bool({ zh: '有卫生厕所', en: 'Sanitary toilet' }, { defaultValue: false, filter: true }),\n",
  },
];

const UP = `alter table household add column has_sanitary_toilet boolean not null default false;
--;;
-- filterable: indexed, as every filter the lists offer
create index household_has_sanitary_toilet on household (has_sanitary_toilet);
`;
const DOWN = `drop index household_has_sanitary_toilet;
--;;
alter table household drop column has_sanitary_toilet;
`;

/** Copies schema/ to a temporary folder (its node_modules linked, not copied) and makes the three touches. */
function scratchCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'fupin-scratch-field-'));
  const copy = join(root, 'schema');
  cpSync(join(SCHEMA, 'src'), join(copy, 'src'), { recursive: true });
  cpSync(join(SCHEMA, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(SCHEMA, 'node_modules'), join(copy, 'node_modules'), 'dir');
  writeFileSync(join(copy, 'src/households/migrations', `${MIGRATION}.sql`), UP);
  writeFileSync(join(copy, 'src/households/migrations', `${MIGRATION}.down.sql`), DOWN);
  for (const touch of TOUCHES) {
    const path = join(copy, 'src', touch.file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(touch.after))
      throw new Error(`${touch.file} no longer has the line this test adds a field after: ${JSON.stringify(touch.after)}`);
    writeFileSync(path, text.replace(touch.after, touch.after + touch.insert));
  }
  return root;
}

describe('a field added to households in a scratch copy of the schema', () => {
  let root: string;
  let hub: SchemaPackage;
  let ids: Ids;
  let database: Awaited<ReturnType<SchemaPackage['connect']>>;
  let viewer: NonNullable<Awaited<ReturnType<SchemaPackage['viewerNamed']>>>;
  let applied: string[];
  let households: { id: number; householdNumber: string }[];

  /** A GraphQL request to the scratch schema, as the administrator, in one transaction as the hub runs it. */
  const ask = async (source: string, variableValues: Any = {}, locale: 'zh' | 'en' = 'zh') => {
    const answer = await hub.asViewer(database, { viewer }, (db) =>
      graphql({ schema: hub.schema, source, variableValues, contextValue: hub.hubContext({ db, viewer, locale }) }),
    );
    expect(answer.errors).toBeUndefined();
    return answer.data as Any;
  };

  /** The households list exported as CSV by the administrator, as lines. */
  const exported = async (locale: 'zh' | 'en', columns?: string[]) => {
    const job = await hub.asViewer(database, { viewer }, (db) =>
      hub.prepareExport(hub.hubContext({ db, viewer, locale }), { resource: 'households', format: 'csv', ...(columns ? { columns } : {}) }),
    );
    const chunks: Buffer[] = [];
    const out = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
    await job.write(database, out);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
  };
  const toilets = async () =>
    (
      await database.db
        .selectFrom('household')
        .select(['householdNumber', sql<boolean>`has_sanitary_toilet`.as('toilet')])
        .orderBy('id')
        .execute()
    ).map((h) => [h.householdNumber, h.toilet]);

  beforeAll(async () => {
    root = scratchCopy();
    hub = (await import(join(root, 'schema/src/index.ts'))) as SchemaPackage;
    ids = (await import(join(root, 'schema/src/graph/ids.ts'))) as Ids;
    // a database migrated by the shipped migrations, as every county's is; the copy's migrator adds the new one
    database = await hub.connect({ databaseUrl: await copyOfTemplate('empty') });
    applied = await hub.migrateToLatest(database.db);
    const county = await smallCounty(database.db, { villages: 1, households: 2, members: 1 });
    households = county.households;
    await hub.createUser(database.db, { username: 'root', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    viewer = (await hub.viewerNamed(database.db, 'root'))!;
  });

  afterAll(async () => {
    await database?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('migrates a database that ran the shipped migrations', () => {
    expect(applied).toEqual([MIGRATION]);
  });

  it('shows in the printed schema: the type, its filter, its create and patch inputs, and nothing else changes', () => {
    const count = (text: string) => text.split('\n').reduce((m, line) => m.set(line, (m.get(line) ?? 0) + 1), new Map<string, number>());
    const before = count(readFileSync(join(SCHEMA, 'schema.graphql'), 'utf8'));
    const after = count(hub.printHubSchema());
    const added = [...after]
      .flatMap(([line, n]) => Array<string>(Math.max(0, n - (before.get(line) ?? 0))).fill(line))
      .filter((l) => l.trim());
    const removed = [...before].filter(([line, n]) => n > (after.get(line) ?? 0)).map(([line]) => line);
    expect(removed).toEqual([]);
    // the field's lines, and its descriptions (its label)
    expect(added.filter((l) => !/hasSanitaryToilet|有卫生厕所/.test(l))).toEqual([]);
    expect(added.filter((l) => l.includes('hasSanitaryToilet')).sort()).toEqual([
      '  hasSanitaryToilet: Boolean',
      '  hasSanitaryToilet: Boolean',
      '  hasSanitaryToilet: Boolean!',
      '  hasSanitaryToilet: BooleanFilter',
    ]);
    const block = (start: string) => hub.printHubSchema().split(`\n${start} `)[1]!.split('\n}')[0]!;
    expect(block('type Household')).toContain('hasSanitaryToilet: Boolean!');
    expect(block('input HouseholdFilter')).toContain('hasSanitaryToilet: BooleanFilter');
    expect(block('input HouseholdPatch')).toContain('hasSanitaryToilet: Boolean');
    expect(block('input CreateHouseholdInput')).toContain('hasSanitaryToilet: Boolean');
  });

  it('is written, filtered on and kept in the history through the graph', async () => {
    const [first] = households;
    const id = ids.globalId('Household', first!.id);
    const found = await ask(`query ($id: ID!) { node(id: $id) { ... on Household { version hasSanitaryToilet } } }`, { id });
    expect(found.node.hasSanitaryToilet).toBe(false);
    const updated = await ask(
      `mutation ($id: ID!, $version: Int!) { updateHousehold(input: { id: $id, version: $version, patch: { hasSanitaryToilet: true } }) { household { hasSanitaryToilet } } }`,
      { id, version: found.node.version },
    );
    expect(updated.updateHousehold.household.hasSanitaryToilet).toBe(true);
    const listed = await ask(`{ households(filter: { hasSanitaryToilet: { eq: true } }) { totalCount nodes { householdNumber } } }`);
    expect(listed.households).toEqual({ totalCount: 1, nodes: [{ householdNumber: first!.householdNumber }] });
    const history = await ask(
      `query ($id: ID!) { node(id: $id) { ... on Household { history { nodes { operation changedFields after } } } } }`,
      { id },
    );
    expect(history.node.history.nodes[0]).toMatchObject({
      operation: 'UPDATE',
      changedFields: ['hasSanitaryToilet'],
      after: { hasSanitaryToilet: true },
    });
  });

  it('is described by recordTypes, and the admin’s grid offers it as a column, in both languages', async () => {
    const schemaIn = async (locale: 'zh' | 'en'): Promise<HubSchema> =>
      buildSchema((await ask(SCHEMA_QUERY, {}, locale)) as Parameters<typeof buildSchema>[0]);
    const described = await schemaIn('zh');
    expect(described.resources.households!.fields.find((f) => f.name === 'hasSanitaryToilet')).toMatchObject({
      kind: 'boolean',
      label: { zh: '有卫生厕所', en: 'Sanitary toilet' },
      editable: true,
      creatable: true,
      requiredOnCreate: false,
      derived: false,
      sensitive: false,
      filterName: 'hasSanitaryToilet',
    });
    const column = (zh: boolean) => gridFieldsOf(described, 'households', zh)!.find((f) => f.source === 'hasSanitaryToilet');
    expect(column(true)).toMatchObject({
      input: 'hasSanitaryToilet',
      label: '有卫生厕所',
      kind: 'boolean',
      editable: true,
      required: false,
    });
    expect(column(false)).toMatchObject({ label: 'Sanitary toilet' });
  });

  it('is a column of the list’s export, with its label as the header and its values as the reader reads them', async () => {
    await database.db
      .updateTable('household')
      .set({ hasSanitaryToilet: true } as never)
      .where('id', '=', households[0]!.id)
      .execute();
    const [header, ...rows] = await exported('zh', ['householdNumber', 'hasSanitaryToilet']);
    expect(header).toBe('户编号,有卫生厕所,版本,记录标识');
    expect(rows.map((r) => r.split(',').slice(0, 2))).toEqual(
      expect.arrayContaining([
        [households[0]!.householdNumber, '是'],
        [households[1]!.householdNumber, '否'],
      ]),
    );
    expect((await exported('en'))[0]!.split(',')).toContain('Sanitary toilet');
  });

  it('comes back in from the list’s export, edited: the import reads its column by its label and writes it', async () => {
    const before = await toilets();
    const [header, ...rows] = await exported('zh', ['householdNumber', 'hasSanitaryToilet']);
    const second = households[1]!.householdNumber;
    expect(before).toContainEqual([second, false]);
    const edited = [header, ...rows.map((r) => (r.startsWith(`${second},`) ? r.replace(',否,', ',是,') : r))].join('\n');
    let job = await hub.createImportJob(database, viewer, {
      list: 'households',
      fileName: '贫困户.csv',
      content: Buffer.from(edited),
      atOnce: true,
      locale: 'zh',
    });
    job = await hub.runImport(database, job.id);
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ status: 'APPLIED' });
    expect(job.counts.find((c) => c.recordType === 'Household')).toMatchObject({ updated: 1 });
    // that household's value and no other changed
    expect(await toilets()).toEqual(before.map(([number, toilet]) => [number, number === second ? true : toilet]));
  });
});
