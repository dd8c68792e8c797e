import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSchema, SCHEMA_QUERY } from '../admin/src/dataProvider/schema';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

const ROLES = ['admin', 'clerk', 'analyst', 'partner'] as const;
type User = (typeof ROLES)[number];

/** `recordTypes` as the admin asks for it (SCHEMA_QUERY), the parts read here. */
interface Answer {
  recordTypes: {
    list: string;
    defaultSort: { field: string; direction: 'ASC' | 'DESC' }[];
    fields: { name: string; input: string | null; sortField: string | null; access: { masked: boolean } }[];
  }[];
}
type SchemaAnswer = Parameters<typeof buildSchema>[0];

/**
 * `recordTypes { defaultSort }`, the order the admin's grid opens each list in (dataProvider/schema.ts, `order`):
 * every key names a field of the list by its name in inputs, and the first one, the grid's order, is a field
 * each role may sort that list on; the grid opens each list in that order, and in the records' ids only when
 * the hub's first key is not one it can sort on.
 */
describe('each list’s default order', () => {
  let server: TestServer;
  const answers: Partial<Record<User, Answer>> = {};

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database);
    for (const user of ROLES) {
      const cookie = await server.signIn(user, inject('demoPassword'));
      const answer = await server.graphql<Answer>(SCHEMA_QUERY, {}, { cookie });
      expect(answer.errors).toBeUndefined();
      answers[user] = answer.data!;
    }
  });

  it.each(ROLES)('names fields of the list, the first one sortable by %s, and is the order the grid opens it in', (user) => {
    const answer = answers[user]!;
    expect(answer.recordTypes.length).toBeGreaterThan(20);
    const unnamed: string[] = [];
    const unsortable: string[] = [];
    for (const type of answer.recordTypes) {
      expect(type.defaultSort.length, type.list).toBeGreaterThan(0);
      for (const key of type.defaultSort) {
        if (!type.fields.some((f) => (f.input ?? f.name) === key.field)) unnamed.push(`${type.list}.${key.field}`);
      }
      const first = type.fields.find((f) => (f.input ?? f.name) === type.defaultSort[0]!.field);
      if (!first?.sortField || first.access.masked) unsortable.push(`${type.list}.${type.defaultSort[0]!.field}`);
    }
    expect(unnamed).toEqual([]);
    expect(unsortable).toEqual([]);

    const schema = buildSchema(answer as unknown as SchemaAnswer);
    for (const type of answer.recordTypes) {
      const [first] = type.defaultSort;
      expect(schema.resources[type.list]!.order, type.list).toEqual({ field: first!.field, order: first!.direction });
    }
  });

  it('falls back in the grid to the records’ ids when the first key is no field it can sort on', () => {
    const answer = structuredClone(answers.admin!);
    const households = answer.recordTypes.find((t) => t.list === 'households')!;
    const visitLogs = answer.recordTypes.find((t) => t.list === 'visitLogs')!;
    const projects = answer.recordTypes.find((t) => t.list === 'projects')!;
    expect(households.defaultSort[0]).toEqual({ field: 'householdNumber', direction: 'ASC' });
    expect(visitLogs.defaultSort[0]).toEqual({ field: 'visitedOn', direction: 'DESC' });
    // a field the lists do not sort on; a name no field has
    households.fields.find((f) => f.input === 'householdNumber')!.sortField = null;
    visitLogs.defaultSort = [{ field: 'noSuchField', direction: 'DESC' }];
    const resources = buildSchema(answer as unknown as SchemaAnswer).resources;
    expect(resources.households!.order).toEqual({ field: 'id', order: 'ASC' });
    expect(resources.visitLogs!.order).toEqual({ field: 'id', order: 'ASC' });
    // the others keep theirs
    expect(resources.projects!.order).toEqual({ field: 'year', order: 'DESC' });
    expect(projects.defaultSort[0]).toEqual({ field: 'year', direction: 'DESC' });
  });
});
