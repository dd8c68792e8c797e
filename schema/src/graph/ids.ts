import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Locale } from '../context';
import { HubGraphQLError } from '../errors';

export function globalId(type: string, id: number): string {
  return encodeGlobalID(type, id);
}

/** A global ID of the given type to its row id; anything else (another type, garbage) is BAD_USER_INPUT naming the field. */
export function decodeId(value: string, type: string, locale: Locale, field = 'id'): number {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(String(value));
  } catch {
    decoded = null;
  }
  const id = decoded ? Number(decoded.id) : NaN;
  if (!decoded || decoded.typename !== type || !Number.isInteger(id) || id <= 0 || id > 2147483647) {
    throw new HubGraphQLError('BAD_USER_INPUT', { zh: `${field} 不是有效的 ${type} 标识`, en: `${field} is not a valid ${type} ID` }, locale, {
      fields: [{ field, message: locale === 'zh' ? `不是有效的 ${type} 标识` : `not a valid ${type} ID` }],
    });
  }
  return id;
}

/** The type and row id of any global ID, or null. */
export function parseAnyId(value: string): { type: string; id: number } | null {
  try {
    const { typename, id } = decodeGlobalID(String(value));
    const n = Number(id);
    return Number.isInteger(n) && n > 0 && n <= 2147483647 ? { type: typename, id: n } : null;
  } catch {
    return null;
  }
}
