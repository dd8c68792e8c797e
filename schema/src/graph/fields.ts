/**
 * Field specifications: what a record's fields are, in one place. They are pure data (no database, no
 * GraphQL), so the same specs drive the SQL columns, the GraphQL types, filters and sorts, the validation,
 * and the admin's editors.
 */
import type { CodeTable } from '../db/codeTable';
import type { Database } from '../db/database';
import type { Text } from '../errors';

/** A table of the database, by its camelCase name (`household`). */
export type TableName = keyof Database & string;
/** A column of table T (camelCase: `exitYear`). */
export type ColumnOf<T extends TableName> = keyof Database[T] & string;

interface Common {
  label: Text;
  /** the column in camelCase (Kysely's CamelCasePlugin maps it); defaults to the field name */
  column?: string;
  /** must be given on create, and can never be null */
  required?: boolean;
  /** filterable in lists (the column must have an index: a test checks) */
  filter?: boolean;
  /** sortable in lists (likewise indexed) */
  sort?: boolean;
  /** set by the system, never written through the API */
  readOnly?: boolean;
  /** sensitive personal information: masked for roles that may not see it (analysts, partners) */
  sensitive?: boolean;
  /** shown masked to every role; the full value only through an audited reveal (resident ID numbers) */
  revealOnly?: boolean;
  /** the unique constraint guarding this field, so a duplicate reads as this field's error */
  uniqueConstraint?: string;
  /** what that error says, where "<label> is already taken" would not (a pairing that already starts on that day) */
  uniqueMessage?: Text;
  description?: string;
}

export type FieldSpec =
  | (Common & { kind: 'string'; maxLength: number; minLength?: number; pattern?: RegExp; patternHint?: Text; defaultValue?: string })
  | (Common & { kind: 'int'; min: number; max: number; defaultValue?: number; happened?: boolean })
  | (Common & { kind: 'decimal'; min?: number; max?: number; scale: number; defaultValue?: string })
  | (Common & { kind: 'boolean'; defaultValue?: boolean })
  /** `happened`: the date (a year, for an int) records something that has happened, so it cannot be in the future */
  | (Common & { kind: 'date'; happened?: boolean })
  | (Common & { kind: 'enum'; codes: CodeTable; enumName: string; defaultValue?: string })
  | (Common & { kind: 'enumList'; codes: CodeTable; enumName: string })
  /** a foreign key: `village` in GraphQL output (the record), `villageId` in input and filters (a global ID) */
  | (Common & { kind: 'reference'; target: string; column: string });

declare const onTable: unique symbol;
/** Field specs by field name; T: the table whose columns they are, as `fieldsOf` checked them. */
export type FieldSpecs<T extends TableName = TableName> = Record<string, FieldSpec> & { readonly [onTable]?: T };

/** The column a field is on: a reference's `column`, else the field's name. */
type SpecColumn<K, S> = [S] extends [{ kind: 'reference'; column: infer C }] ? C : K;
/** F with every field on a column of T; a field on no column of T is a type error that names both. */
type OnColumns<T extends TableName, F> = {
  [K in keyof F]: SpecColumn<K, F[K]> extends ColumnOf<T> ? F[K] : `${SpecColumn<K, F[K]> & string} is not a column of ${T}`;
};

/**
 * The field specs of table T (`fieldsOf<'household'>()({ exitYear: int(…) })`): each field must be on one of
 * its columns, so a spec and its table type cannot drift apart, and the record type on T takes only these.
 */
export function fieldsOf<T extends TableName>(): <F extends Record<string, FieldSpec>>(fields: F & OnColumns<T, F>) => FieldSpecs<T> {
  return (fields) => fields;
}

export const text = (label: Text, options: Omit<Extract<FieldSpec, { kind: 'string' }>, 'kind' | 'label'>): FieldSpec => ({
  kind: 'string',
  label,
  ...options,
});
export const int = (label: Text, options: Omit<Extract<FieldSpec, { kind: 'int' }>, 'kind' | 'label'>): FieldSpec => ({
  kind: 'int',
  label,
  ...options,
});
export const decimal = (
  label: Text,
  options: Omit<Extract<FieldSpec, { kind: 'decimal' }>, 'kind' | 'label' | 'scale'> & { scale?: number } = {},
): FieldSpec => ({ kind: 'decimal', label, scale: 2, ...options });
export const bool = (label: Text, options: Omit<Extract<FieldSpec, { kind: 'boolean' }>, 'kind' | 'label'> = {}): FieldSpec => ({
  kind: 'boolean',
  label,
  ...options,
});
export const date = (label: Text, options: Omit<Extract<FieldSpec, { kind: 'date' }>, 'kind' | 'label'> = {}): FieldSpec => ({
  kind: 'date',
  label,
  ...options,
});
type CodeOptions<K extends 'enum' | 'enumList'> = Omit<Extract<FieldSpec, { kind: K }>, 'kind' | 'label' | 'codes' | 'enumName'>;

/** A field of a code table's values: one code (`code`), or a list of codes (`codeList`, which has no default). */
function coded<K extends 'enum' | 'enumList'>(kind: K) {
  return (label: Text, codes: CodeTable, enumName: string, options?: CodeOptions<K>): FieldSpec =>
    // a spec of kind K with K's options (TypeScript does not follow a generic spread into the union)
    ({ kind, label, codes, enumName, ...options }) as Extract<FieldSpec, { kind: K }>;
}
export const code = coded('enum');
export const codeList = coded('enumList');
export const reference = <C extends string>(
  label: Text,
  target: string,
  column: C,
  options: Omit<Extract<FieldSpec, { kind: 'reference' }>, 'kind' | 'label' | 'target' | 'column'> = {},
): Extract<FieldSpec, { kind: 'reference' }> & { column: C } => ({ kind: 'reference', label, target, column, ...options });

/** A mobile phone or a landline with area code, as the county's forms take them. */
export const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
export const PHONE_HINT: Text = {
  zh: '手机号（11 位）或带区号的固定电话',
  en: 'an 11-digit mobile number or a landline with its area code',
};

/** A field's name as a GraphQL enum value (exitYear → EXIT_YEAR): sort fields, stats dimensions. */
export function upperSnake(name: string): string {
  return name.replace(/([A-Z])/g, '_$1').toUpperCase();
}

export function columnOf(name: string, spec: FieldSpec): string {
  return spec.column ?? name;
}
