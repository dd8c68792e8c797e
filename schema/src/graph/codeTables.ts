import { builder } from '../builder';
import { ROLES } from '../access/codes';
import type { CodeTable } from '../db/codeTable';
import { resources } from './registry';

interface NamedTable {
  name: string;
  entries: CodeTable;
}

const CodeEntry = builder.objectRef<CodeTable[number]>('CodeEntry').implement({
  fields: (t) => ({
    value: t.exposeString('value'),
    zh: t.exposeString('zh', { description: '中文名称' }),
    en: t.exposeString('en', { description: 'English label' }),
  }),
});

export const CodeTableRef = builder.objectRef<NamedTable>('CodeTable').implement({
  description: '代码表：枚举值及其中英文名称 / a code table: values with their Chinese and English labels',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'the GraphQL enum (or code) name, e.g. HouseholdStatus' }),
    entries: t.field({ type: [CodeEntry], resolve: (table) => [...table.entries] }),
  }),
});

/** Every code table any record type uses, gathered from the field specs, so the admin's dropdowns never drift. */
function allCodeTables(): NamedTable[] {
  const tables = new Map<string, CodeTable>([['Role', ROLES]]);
  for (const resource of resources.values()) {
    for (const spec of Object.values(resource.config.fields)) {
      if (spec.kind === 'enum' || spec.kind === 'enumList') tables.set(spec.enumName, spec.codes);
    }
  }
  // record types by name (an audit entry's recordType, a global ID's type), labelled as their lists are
  tables.set(
    'RecordType',
    [...resources.values()]
      .map((r) => ({ value: r.config.name, zh: r.config.label.zh, en: r.config.label.en }))
      .sort((a, b) => a.value.localeCompare(b.value)),
  );
  return [...tables].map(([name, entries]) => ({ name, entries })).sort((a, b) => a.name.localeCompare(b.name));
}

builder.queryField('codeTables', (t) =>
  t.field({
    type: [CodeTableRef],
    description: '所有代码表（下拉选项的中文名称）/ every code table, for dropdowns and labels',
    args: { names: t.arg.stringList({ required: false }) },
    resolve: (_root, { names }) => allCodeTables().filter((table) => !names || names.includes(table.name)),
  }),
);
