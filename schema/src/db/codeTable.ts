/**
 * A closed list of codes with their Chinese and English labels; the single source for GraphQL enums and the admin's
 * dropdowns. The tables are data: each area's `codes.json` names a table's codes, one a line, in the order they are
 * offered, and a table's type is its codes. The database's CHECK constraints are literal SQL in the migrations: a new
 * code needs a new migration (docs/migrations.md), and test/migrations.codes.test.ts fails until the two agree.
 */
export type CodeTable<V extends string = string> = readonly { readonly value: V; readonly zh: string; readonly en: string }[];

export function codeTable<V extends string>(labels: Record<V, { zh: string; en: string }>): CodeTable<V> {
  const values = Object.keys(labels) as V[];
  // JavaScript lists the keys that look like array indices ('10', '97') first, whatever the file's order: a table
  // of number codes (民族, GB/T 3304) is kept in the order of its codes, which is how its file lists them.
  if (values.every((value) => /^\d+$/.test(value))) values.sort();
  return values.map((value) => ({ value, zh: labels[value].zh, en: labels[value].en }));
}

export type CodeOf<T extends CodeTable> = T[number]['value'];

/** Every table of an area's `codes.json`, by its name, each typed by its codes. */
export function codeTables<F extends Record<string, Record<string, { zh: string; en: string }>>>(
  file: F,
): { [K in keyof F]: CodeTable<Extract<keyof F[K], string>> } {
  return Object.fromEntries(Object.entries(file).map(([name, labels]) => [name, codeTable(labels)])) as {
    [K in keyof F]: CodeTable<Extract<keyof F[K], string>>;
  };
}
