import { builder } from '../builder';
import type { CodeTable } from '../db/codeTable';

const enums = new Map<string, ReturnType<typeof create>>();

function create(name: string, codes: CodeTable) {
  return builder.enumType(name, {
    values: Object.fromEntries(codes.map((c) => [c.value, { value: c.value, description: `${c.zh} / ${c.en}` }])) as Record<
      string,
      { value: string }
    >,
  });
}

/** The GraphQL enum for a code table, made once however many record types use it. */
export function enumFor(name: string, codes: CodeTable) {
  let ref = enums.get(name);
  if (!ref) {
    ref = create(/^[A-Z]/.test(name) ? name : `E${name}`, codes);
    enums.set(name, ref);
  }
  return ref;
}
