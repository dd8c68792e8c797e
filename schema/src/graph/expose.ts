import type { HubTypes } from './recordShape';

/** The keys of a shape whose values are whole numbers. */
type IntKeys<Shape> = { [K in keyof Shape]: Shape[K] extends number ? K : never }[keyof Shape] & string;

/**
 * Whole-number fields read as the parent holds them (counts, figures), each named once with its description
 * (null: none): `...exposeInts(t, { created: null, updated: null })`.
 */
export function exposeInts<Shape extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<HubTypes, Shape>,
  descriptions: Partial<Record<IntKeys<Shape>, string | null>>,
) {
  return Object.fromEntries(
    Object.entries(descriptions).map(([name, description]) => [
      name,
      t.int({
        ...(description ? { description: description as string } : {}),
        resolve: (parent) => parent[name as IntKeys<Shape>] as number,
      }),
    ]),
  );
}
