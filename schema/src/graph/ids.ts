import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Locale } from '../context';
import { HubGraphQLError } from '../errors';

/** `nodes(ids)` takes as many as a list's page (nodes.ts refuses more; rawAnswer.ts leaves them to it) */
export const MAX_IDS = 500;

export function globalId(type: string, id: number): string {
  return encodeGlobalID(type, id);
}

/** The type and row id (a positive int4, as every table's key) of a global ID, or null for anything else. */
export function parseAnyId(value: string): { type: string; id: number } | null {
  try {
    const { typename, id } = decodeGlobalID(String(value));
    // digits only: Number('1e3') or Number(' 7') would name a row the client never wrote
    if (!/^[0-9]{1,10}$/.test(id)) return null;
    const n = Number(id);
    return n > 0 && n <= 2147483647 ? { type: typename, id: n } : null;
  } catch {
    return null;
  }
}

/** The one refusal of an ID argument that is not an ID of the expected kind: BAD_USER_INPUT naming the field. */
export function invalidId(field: string, what: { zh: string; en: string }, locale: Locale): HubGraphQLError {
  return new HubGraphQLError(
    'BAD_USER_INPUT',
    { zh: `${field} 不是有效的${what.zh}标识`, en: `${field} is not a valid ${what.en} ID` },
    locale,
    {
      fields: [{ field, message: locale === 'zh' ? `不是有效的${what.zh}标识` : `not a valid ${what.en} ID` }],
    },
  );
}

/** A global ID of the given type to its row id; anything else (another type, garbage, out of range) is BAD_USER_INPUT naming the field. */
export function decodeId(value: string, type: string, locale: Locale, field = 'id'): number {
  const parsed = parseAnyId(value);
  if (!parsed || parsed.type !== type) throw invalidId(field, { zh: ` ${type} `, en: type }, locale);
  return parsed.id;
}
