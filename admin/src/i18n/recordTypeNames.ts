/**
 * The record types' names in the menu, titles and related lists (`resources.<list>.name`), as the hub labels
 * them in `recordTypes`: one source, so the catalogues (zh.ts, en.ts) name only what the hub does not
 * describe (users, API tokens, imports). The data provider gives them here when it reads the metadata, before
 * anything that waits for it renders.
 */

interface Labelled {
  label: { zh: string; en: string };
}

let names = new Map<string, Labelled['label']>();

/** Keeps the record types' labels of the signed-in user's metadata (by list name: `households`). */
export function learnRecordTypeNames(resources: Record<string, Labelled>): void {
  names = new Map(Object.entries(resources).map(([list, { label }]) => [list, label]));
}

/**
 * The English plural of a record type's label (Household → Households, County → Counties). The hub's labels
 * are singular; every one of them takes the regular plural.
 */
function englishPlural(label: string): string {
  return /[^aeiou]y$/.test(label) ? `${label.slice(0, -1)}ies` : `${label}s`;
}

/** A record type's name in the locale, plural when `count` is not 1 (English only: Chinese has no plural); undefined for other lists. */
export function recordTypeName(list: string, locale: string, count: number | undefined): string | undefined {
  const label = names.get(list);
  if (!label) return undefined;
  if (!locale.startsWith('en')) return label.zh;
  return count === undefined || count === 1 ? label.en : englishPlural(label.en);
}
