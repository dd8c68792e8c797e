/**
 * A closed list of codes with their Chinese and English labels; the single source for GraphQL enums and the admin's
 * dropdowns. The database's CHECK constraints are literal SQL in the migrations: a new code needs a new migration
 * (docs/migrations.md), and test/migrations.codes.test.ts fails until the two agree.
 */
export type CodeTable<V extends string = string> = readonly { readonly value: V; readonly zh: string; readonly en: string }[];

export function codeTable<const T extends readonly { value: string; zh: string; en: string }[]>(entries: T): T {
  return entries;
}

export type CodeOf<T extends CodeTable> = T[number]['value'];
