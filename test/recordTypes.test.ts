import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../schema/src/schema';
import { globalId } from '../schema/src/graph/ids';
import { resources } from '../schema/src/graph/registry';
import { freshDatabase } from './support/database';
import { upload } from './support/importJobs';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const ROLES = ['admin', 'clerk', 'analyst', 'partner'] as const;
type User = (typeof ROLES)[number];

const RECORD_TYPES = `{ recordTypes {
  name list access { read create update delete export import }
  fields { name input kind requiredOnCreate sensitive codeTable { entries { value } } reference { type list } access { masked editable revealable } }
} }`;

/**
 * `recordTypes` against what the hub does, for each demo account and every record type: what it says a user
 * may do is exactly what the mutations, lists and imports let them do, and the fields it says they read
 * masked come masked.
 */
describe('the record types’ metadata, checked against enforcement', () => {
  let server: TestServer;
  const sessions: Partial<Record<User, string>> = {};
  const described: Partial<Record<User, Any[]>> = {};

  beforeAll(async () => {
    const database = await freshDatabase('demo');
    server = await startServer(database);
    for (const user of ROLES) {
      sessions[user] = await server.signIn(user, inject('demoPassword'));
      const answer = await server.graphql<Any>(RECORD_TYPES, {}, { cookie: sessions[user] });
      expect(answer.errors).toBeUndefined();
      described[user] = answer.data!.recordTypes;
    }
  });

  const as = (user: User, query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie: sessions[user] });
  /**
   * A value of the field's kind that GraphQL takes, so that a create gets past the input's own checks to the
   * hub's; a link points at a record the user sees (one outside her scope is refused as FORBIDDEN too).
   */
  const sample = async (user: User, field: Any): Promise<unknown> => {
    switch (field.kind) {
      case 'INT':
        return 2016;
      case 'DECIMAL':
        return '1';
      case 'DATE':
        return '2016-01-01';
      case 'BOOLEAN':
        return false;
      case 'ENUM':
        return field.codeTable.entries[0].value;
      case 'ENUM_LIST':
        return [field.codeTable.entries[0].value];
      case 'REFERENCE': {
        const seen = await as(user, `{ ${field.reference.list}(first: 1) { nodes { id } } }`);
        return seen.data?.[field.reference.list].nodes[0]?.id ?? globalId(field.reference.type, 1);
      }
      default:
        return '1';
    }
  };
  /**
   * Refused for the user's role (before the input is read). A role that may write can still be refused one row
   * as FORBIDDEN, when it lies outside her scope (a sample link the row-level rules do not let her make): that
   * is the row's refusal, not the type's, and says so.
   */
  const forbidden = (result: { errors?: { extensions?: { code?: string; messages?: { en: string } } }[] }) => {
    const error = result.errors?.[0]?.extensions;
    if (error?.code !== 'FORBIDDEN') return false;
    if (/^Your role may not/.test(error.messages!.en)) return true;
    expect(error.messages!.en).toMatch(/outside your scope/);
    return false;
  };

  it('describes every record type the graph has, to every role', () => {
    for (const user of ROLES) expect(described[user]!.map((t) => t.name).sort()).toEqual([...resources.keys()].sort());
  });

  it('offers create, update and delete exactly where the mutations are not refused as FORBIDDEN', async () => {
    for (const user of ROLES) {
      for (const type of described[user]!) {
        const { name, access } = type;
        const input = Object.fromEntries(
          await Promise.all(type.fields.filter((f: Any) => f.requiredOnCreate).map(async (f: Any) => [f.input, await sample(user, f)])),
        );
        const missing = globalId(name, 2_000_000_000);
        const create = await as(user, `mutation ($input: Create${name}Input!) { create${name}(input: $input) { __typename } }`, { input });
        const update = await as(user, `mutation ($input: Update${name}Input!) { update${name}(input: $input) { __typename } }`, {
          input: { id: missing, version: 1, patch: {} },
        });
        const remove = await as(user, `mutation ($input: Delete${name}Input!) { delete${name}(input: $input) { __typename } }`, {
          input: { id: missing, version: 1 },
        });
        if (resources.get(name)!.config.editable === false) {
          // no mutations at all: the hub alone writes these
          expect({ user, name, create: access.create, update: access.update, delete: access.delete }).toEqual({
            user,
            name,
            create: false,
            update: false,
            delete: false,
          });
          continue;
        }
        expect({ user, name, create: !forbidden(create), update: !forbidden(update), delete: !forbidden(remove) }).toEqual({
          user,
          name,
          create: access.create,
          update: access.update,
          delete: access.delete,
        });
        // every refusal the metadata does not predict is the input's (a sample value), never an unknown input field
        expect({ user, name, code: create.errors?.[0]?.extensions?.code ?? 'OK' }).toEqual({
          user,
          name,
          code: expect.stringMatching(/^(OK|FORBIDDEN|BAD_USER_INPUT|NOT_FOUND|CONFLICT)$/),
        });
        // a field is editable only where the type may be updated
        if (!access.update) expect(type.fields.filter((f: Any) => f.access.editable).map((f: Any) => f.name)).toEqual([]);
      }
    }
  }, 120_000);

  it('never hides a list the user sees records of, and offers to export what it offers to read', async () => {
    for (const user of ROLES) {
      for (const { name, list, access } of described[user]!) {
        const result = await as(user, `{ ${list} { totalCount } }`);
        expect(result.errors).toBeUndefined();
        // (a list offered may still be empty for this user: a partner unit with no work team, say)
        if (result.data![list].totalCount > 0) expect({ user, name, read: access.read }).toEqual({ user, name, read: true });
        expect({ user, name, export: access.export }).toEqual({ user, name, export: access.read });
      }
    }
    // those who read every row are offered every list
    for (const user of ['admin', 'analyst'] as const) expect(described[user]!.filter((t) => !t.access.read)).toEqual([]);
  });

  it('offers an import exactly where the hub takes the file and may write its rows', async () => {
    for (const user of ROLES) {
      for (const { name, list, access } of described[user]!) {
        if (!access.create) {
          expect({ user, name, import: access.import }).toEqual({ user, name, import: false });
          continue;
        }
        const started = await upload(server, sessions[user]!, list, 'empty.csv', '');
        expect({ user, name, accepted: started.status === 202 }).toEqual({ user, name, accepted: access.import });
        if (started.status !== 202) expect([400, 403]).toContain(started.status);
      }
    }
    // roles that import nothing are refused by the import itself, whatever the list
    for (const user of ['analyst', 'partner'] as const) {
      expect(described[user]!.some((t) => t.access.import)).toBe(false);
      expect((await upload(server, sessions[user]!, 'households', 'empty.csv', '')).status).toBe(403);
    }
  });

  it('marks masked the fields a user reads masked, and only those', async () => {
    const checked: Record<User, number> = { admin: 0, clerk: 0, analyst: 0, partner: 0 };
    for (const user of ROLES) {
      for (const { name, list, fields, access } of described[user]!) {
        const sensitive = fields.filter((f: Any) => f.sensitive);
        if (!access.read || !sensitive.length) continue;
        const result = await as(user, `{ ${list}(first: 50) { nodes { ${sensitive.map((f: Any) => f.name).join(' ')} } } }`);
        expect(result.errors).toBeUndefined();
        for (const field of sensitive) {
          const values = (result.data![list].nodes as Any[]).map((n) => n[field.name]).filter((v) => typeof v === 'string' && v !== '');
          checked[user] += values.length;
          // phones and ID numbers never hold a star of their own: a star is the mask
          for (const value of values)
            expect({ user, name, field: field.name, masked: value.includes('*') }).toEqual({
              user,
              name,
              field: field.name,
              masked: field.access.masked,
            });
        }
      }
    }
    expect(Object.values(checked).every((n) => n > 0)).toBe(true);
    // analysts and partners read every sensitive field masked; administrators and clerks the resident ID only
    const maskedFields = (user: User) =>
      described[user]!.flatMap((t) => t.fields.filter((f: Any) => f.access.masked).map((f: Any) => `${t.name}.${f.name}`));
    const sensitiveFields = described.admin!.flatMap((t) =>
      t.fields.filter((f: Any) => f.sensitive).map((f: Any) => `${t.name}.${f.name}`),
    );
    expect(maskedFields('analyst')).toEqual(sensitiveFields);
    expect(maskedFields('partner')).toEqual(sensitiveFields);
    expect(maskedFields('admin')).toContain('Member.residentId');
    expect(maskedFields('admin')).not.toContain('Household.phone');
  });

  it('offers a reveal exactly where revealResidentId gives the full number', async () => {
    for (const user of ROLES) {
      const revealable = described[user]!.flatMap((t) =>
        t.fields.filter((f: Any) => f.access.revealable).map((f: Any) => `${t.name}.${f.name}`),
      );
      const seen = await as(user, `{ members(first: 1) { nodes { id } } }`);
      const member = seen.data?.members.nodes[0];
      if (!member) continue;
      const revealed = await as(user, `mutation ($id: ID!) { revealResidentId(memberId: $id) }`, { id: member.id });
      const given = !revealed.errors && /^\d{17}[\dX]$/.test(String(revealed.data?.revealResidentId));
      expect({ user, revealable, given }).toEqual({ user, revealable: given ? ['Member.residentId'] : [], given });
    }
    // administrators and clerks may; analysts and partners, who read it withheld, may not
    const residentId = (user: User) =>
      described[user]!.find((t) => t.name === 'Member')!.fields.find((f: Any) => f.name === 'residentId').access.revealable;
    expect(ROLES.map(residentId)).toEqual([true, true, false, false]);
  });
});
