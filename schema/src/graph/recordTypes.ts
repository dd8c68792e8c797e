/**
 * `recordTypes`: every record type described as data, for the admin and other clients that build their screens
 * from the hub rather than from code of their own. It is read off the same field specs and resource configs
 * the graph is built from, and what the viewer may do comes from the policy every path enforces (scope.ts),
 * so the description cannot disagree with what the hub does.
 */
import { builder } from '../builder';
import type { HubContext } from '../context';
import type { CodeTable } from '../db/codeTable';
import type { Text } from '../errors';
import { requireViewer } from './access';
import { CodeTableRef } from './codeTables';
import { columnOf, upperSnake, type FieldSpec } from './fields';
import { nameColumnOf } from './linkNames';
import { policy, type Policy } from './scope';
import { resources } from './registry';
import type { SortKey } from './pagination';
import { inputName, SortDirection, type ComputedField, type Resource } from './resource';

const KINDS = ['TEXT', 'INT', 'DECIMAL', 'BOOLEAN', 'DATE', 'DATETIME', 'ENUM', 'ENUM_LIST', 'REFERENCE'] as const;
type Kind = (typeof KINDS)[number];

interface Reference {
  type: string;
  list: string;
  nameField: string | null;
}

interface FieldInfo {
  name: string;
  input: string | null;
  label: Text;
  kind: Kind;
  codeTable: { name: string; entries: CodeTable } | null;
  reference: Reference | null;
  required: boolean;
  requiredOnCreate: boolean;
  nullable: boolean;
  derived: boolean;
  sensitive: boolean;
  filterable: boolean;
  sortField: string | null;
  searchable: boolean;
  access: { masked: boolean; editable: boolean; revealable: boolean };
}

const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'import'] as const;
type TypeAccess = Record<(typeof ACTIONS)[number], boolean>;

interface TypeInfo {
  name: string;
  list: string;
  label: Text;
  referenceData: boolean;
  divisionFilters: string[];
  search: Text | null;
  fields: FieldInfo[];
  defaultSort: OrderKey[];
  access: TypeAccess;
}

const LabelRef = builder.objectRef<Text>('Label').implement({
  description: '中英文名称 / a name in Chinese and English',
  fields: (t) => ({ zh: t.exposeString('zh'), en: t.exposeString('en') }),
});

const KindRef = builder.enumType('RecordFieldKind', {
  description: '字段的值类型 / what a field holds',
  values: KINDS,
});

const ReferenceRef = builder.objectRef<Reference>('RecordReference').implement({
  description: '关联字段指向的记录类型 / the record type a link field points to',
  fields: (t) => ({
    type: t.exposeString('type', { description: '记录类型 / the GraphQL type: Village' }),
    list: t.exposeString('list', { description: '其列表 / its root list: villages' }),
    nameField: t.exposeString('nameField', {
      nullable: true,
      description: '表格里代表该记录的字段（名称、户编号）/ the field that names a record of it in a cell',
    }),
  }),
});

const FieldAccessRef = builder.objectRef<FieldInfo['access']>('RecordFieldAccess').implement({
  description: '当前用户对该字段的权限 / what the viewer may do with the field',
  fields: (t) => ({
    masked: t.exposeBoolean('masked', {
      description: '只见脱敏值，也不能按它筛选或排序 / read masked only, and never filtered or sorted on',
    }),
    editable: t.exposeBoolean('editable', { description: '可以修改 / may be written' }),
    revealable: t.exposeBoolean('revealable', {
      description: '可以查看完整值（留痕，如 revealResidentId）/ the full value may be revealed, audited (revealResidentId)',
    }),
  }),
});

/** A key of the list's default order, its column named as the field is in inputs (`pairingId`, not its column). */
interface OrderKey {
  field: string;
  direction: SortKey['direction'];
}

const SortKeyRef = builder.objectRef<OrderKey>('RecordSortKey').implement({
  description: '排序键 / one key of an order',
  fields: (t) => ({
    field: t.exposeString('field', { description: '输入里的字段名 / the field by its name in inputs: villageId' }),
    direction: t.field({ type: SortDirection, resolve: (k) => k.direction }),
  }),
});

const FieldRef = builder.objectRef<FieldInfo>('RecordField').implement({
  description: '记录类型的一个字段 / one field of a record type',
  fields: (t) => ({
    name: t.exposeString('name', { description: '类型上的字段名 / the field on the type: village' }),
    input: t.exposeString('input', {
      nullable: true,
      description: '输入和筛选里的名称；系统字段为空 / its name in inputs and filters (villageId); null for fields the hub sets',
    }),
    label: t.field({ type: LabelRef, resolve: (f) => f.label }),
    kind: t.field({ type: KindRef, resolve: (f) => f.kind }),
    codeTable: t.field({
      type: CodeTableRef,
      nullable: true,
      description: '代码表（枚举字段）/ the code table of an enum field',
      resolve: (f) => f.codeTable,
    }),
    reference: t.field({ type: ReferenceRef, nullable: true, resolve: (f) => f.reference }),
    required: t.exposeBoolean('required', { description: '必填，永不为空 / always has a value' }),
    requiredOnCreate: t.exposeBoolean('requiredOnCreate', {
      description: '新增时必须给出（没有默认值）/ must be given on create (no default)',
    }),
    nullable: t.exposeBoolean('nullable', { description: '读取时可能为空 / may read as null' }),
    derived: t.exposeBoolean('derived', { description: '计算得出 / computed by the hub' }),
    sensitive: t.exposeBoolean('sensitive', { description: '敏感信息 / sensitive personal information' }),
    filterable: t.exposeBoolean('filterable', { description: '列表可按它筛选 / lists filter on it' }),
    sortField: t.exposeString('sortField', {
      nullable: true,
      description: '排序字段枚举值 / its value in the type’s SortField enum, when lists sort on it',
    }),
    searchable: t.exposeBoolean('searchable', { description: '文本字段，列表可按包含筛选 / text lists filter on with contains' }),
    access: t.field({ type: FieldAccessRef, resolve: (f) => f.access }),
  }),
});

const TypeAccessRef = builder.objectRef<TypeAccess>('RecordTypeAccess').implement({
  description:
    '当前用户对该记录类型的权限（每条记录仍限于其范围）/ what the viewer may do with the type (each record still within their scope)',
  fields: (t) => Object.fromEntries(ACTIONS.map((action) => [action, t.exposeBoolean(action)])),
});

const TypeRef = builder.objectRef<TypeInfo>('RecordType').implement({
  description: '记录类型说明 / a record type described',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'GraphQL 类型名 / the GraphQL type: Household' }),
    list: t.exposeString('list', { description: '根列表 / the root list: households' }),
    label: t.field({ type: LabelRef, resolve: (r) => r.label }),
    referenceData: t.exposeBoolean('referenceData', {
      description:
        '公共参考数据（区划、贫困线等）：登录用户都能读，只有管理员修改 / reference data (divisions, poverty lines…) every signed-in user reads and administrators write',
    }),
    divisionFilters: t.exposeStringList('divisionFilters', {
      description: '筛选条件的区划快捷项 / the filter’s division shortcuts: countyId, townshipId, villageId',
    }),
    search: t.field({
      type: LabelRef,
      nullable: true,
      description:
        '筛选条件的 search 按什么查找（当前用户）；空：该类型没有 / what the filter’s `search` looks in, for the viewer; null: the type has none',
      resolve: (r) => r.search,
    }),
    fields: t.field({ type: [FieldRef], resolve: (r) => r.fields }),
    defaultSort: t.field({
      type: [SortKeyRef],
      description: '列表未指定排序时的顺序 / the list’s order when none is asked for',
      resolve: (r) => r.defaultSort,
    }),
    access: t.field({ type: TypeAccessRef, resolve: (r) => r.access }),
  }),
});

const SPEC_KINDS: Record<FieldSpec['kind'], Kind> = {
  string: 'TEXT',
  int: 'INT',
  decimal: 'DECIMAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  enum: 'ENUM',
  enumList: 'ENUM_LIST',
  reference: 'REFERENCE',
};
const COMPUTED_KINDS: Record<ComputedField['type'], Kind> = {
  String: 'TEXT',
  Int: 'INT',
  Decimal: 'DECIMAL',
  Date: 'DATE',
  Boolean: 'BOOLEAN',
};

/** What the viewer may do with a type: her policy's answers, which the mutations, exports and imports ask too. */
function accessOf({ read, write, import: imports }: Policy): TypeAccess {
  // an export is the list as the viewer reads it (export.ts asks nothing more of the viewer)
  return { read, create: write, update: write, delete: write, export: read, import: imports };
}

function referenceOf(spec: Extract<FieldSpec, { kind: 'reference' }>): Reference {
  const target = resources.get(spec.target);
  if (!target) throw new Error(`a link to ${spec.target}, which is no record type`);
  const nameColumn = nameColumnOf(target);
  const nameField = (nameColumn && fieldOfColumn(target.config, nameColumn)?.[0]) ?? null;
  return { type: spec.target, list: target.config.plural, nameField };
}

/** A field nobody writes, filters or sorts on: the defaults the kinds below override. */
function field(name: string, label: Text, kind: Kind): FieldInfo {
  return {
    name,
    input: null,
    label,
    kind,
    codeTable: null,
    reference: null,
    required: false,
    requiredOnCreate: false,
    nullable: true,
    derived: false,
    sensitive: false,
    filterable: false,
    sortField: null,
    searchable: false,
    access: { masked: false, editable: false, revealable: false },
  };
}

function specField(write: boolean, allowed: Policy, name: string, spec: FieldSpec): FieldInfo {
  const hasDefault = 'defaultValue' in spec && spec.defaultValue !== undefined;
  return {
    ...field(name, spec.label, SPEC_KINDS[spec.kind]),
    input: spec.readOnly ? null : inputName(name, spec),
    codeTable: spec.kind === 'enum' || spec.kind === 'enumList' ? { name: spec.enumName, entries: spec.codes } : null,
    reference: spec.kind === 'reference' ? referenceOf(spec) : null,
    required: !!spec.required,
    requiredOnCreate: !spec.readOnly && !!spec.required && !hasDefault,
    // as resource.ts types the output field: a link reads as null when its record is out of the viewer's scope
    nullable: spec.kind === 'reference' || (!spec.required && !hasDefault && spec.kind !== 'enumList'),
    sensitive: !!spec.sensitive || !!spec.revealOnly,
    filterable: !!spec.filter,
    sortField: spec.sort ? upperSnake(name) : null,
    searchable: !!spec.filter && spec.kind === 'string',
    access: {
      masked: allowed.masked.has(name),
      editable: write && !spec.readOnly,
      // as revealResidentId decides: a field read masked by everyone, whose full value this viewer may have
      revealable: !!spec.revealOnly && !allowed.withheld.has(name),
    },
  };
}

function computedField(masked: boolean, name: string, c: ComputedField): FieldInfo {
  return {
    ...field(name, c.label, COMPUTED_KINDS[c.type]),
    nullable: c.nullable ?? true,
    derived: true,
    sensitive: !!c.sensitive,
    access: { masked, editable: false, revealable: false },
  };
}

/** The field (its name and spec) whose column this is. */
function fieldOfColumn(config: Resource['config'], column: string): [string, FieldSpec] | undefined {
  return Object.entries(config.fields).find(([name, spec]) => columnOf(name, spec) === column);
}

/** The field whose column a sort key names, by its name in inputs; a column of every record (`id`) by its own. */
function inputOfColumn(config: Resource['config'], column: string): string {
  const field = fieldOfColumn(config, column);
  return field ? inputName(...field) : column;
}

/** Every record has these, set by the hub, and lists sort on them. */
const TIMESTAMPS: FieldInfo[] = [
  { ...field('createdAt', { zh: '创建时间', en: 'Created' }, 'DATETIME'), nullable: false, sortField: 'CREATED_AT' },
  { ...field('updatedAt', { zh: '修改时间', en: 'Updated' }, 'DATETIME'), nullable: false, sortField: 'UPDATED_AT' },
];

function describe(ctx: HubContext, resource: Resource): TypeInfo {
  const { config } = resource;
  const allowed = policy(ctx, config);
  const access = accessOf(allowed);
  return {
    name: config.name,
    list: config.plural,
    label: config.label,
    referenceData: !!config.public,
    divisionFilters: [
      config.division?.county ? 'countyId' : null,
      config.division?.township ? 'townshipId' : null,
      config.division?.village ? 'villageId' : null,
    ].filter((f): f is string => !!f),
    search: config.search?.label(ctx) ?? null,
    fields: [
      ...Object.entries(config.fields).map(([name, spec]) => specField(access.update, allowed, name, spec)),
      ...Object.entries(config.computed ?? {}).map(([name, c]) => computedField(allowed.masked.has(name), name, c)),
      ...TIMESTAMPS,
    ],
    defaultSort: config.defaultSort.map(({ column, direction }) => ({ field: inputOfColumn(config, column), direction })),
    access,
  };
}

builder.queryField('recordTypes', (t) =>
  t.field({
    type: [TypeRef],
    description:
      '每种记录类型的说明（字段、中英文名称、代码表、关联）及当前用户的权限 / every record type described (fields, labels, code tables, links) with what the viewer may do',
    resolve: (_root, _args, ctx) => {
      requireViewer(ctx);
      return [...resources.values()].map((resource) => describe(ctx, resource));
    },
  }),
);
