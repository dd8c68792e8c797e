/** A closed list of codes with their Chinese and English labels; the single source for SQL checks, GraphQL enums and the admin's dropdowns. */
export type CodeTable<V extends string = string> = readonly { readonly value: V; readonly zh: string; readonly en: string }[];

export function codeTable<const T extends readonly { value: string; zh: string; en: string }[]>(entries: T): T {
  return entries;
}

export function codeValues<V extends string>(table: CodeTable<V>): V[] {
  return table.map((entry) => entry.value);
}

export type CodeOf<T extends CodeTable> = T[number]['value'];
