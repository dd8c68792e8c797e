import { maskResidentId } from '../households/residentId';

/**
 * The one masked form of a sensitive value, wherever it is shown (fields, history): ID numbers keep their
 * address code and last four characters, phone numbers their first three and last four digits.
 */
export function maskValue(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value;
  if (/^[0-9]{17}[0-9X]$/.test(value)) return maskResidentId(value);
  // by characters, as PostgreSQL counts them where it masks (graph/rawAnswer.ts): a character outside the BMP is one
  const chars = Array.from(value);
  return chars.length > 7 ? `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}` : '*'.repeat(chars.length);
}
