import { createRequire } from 'node:module';
import pg from 'pg';

/** pg's own conversion of a JS value to the text it sends as a parameter (not in pg's type declarations) */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

/**
 * A parameter's value as an SQL literal that PostgreSQL reads as it would read the parameter: the text pg
 * would send (prepareValue: dates, arrays, JSON, numbers, booleans) in pg's escapeLiteral, untyped, so it
 * resolves from its context as an untyped parameter does; bytes as a bytea literal; null as null.
 */
export function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'null';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  // PostgreSQL ends a query's text at a NUL byte, and refuses one in a parameter's text anyway
  if (prepared.includes('\0')) throw new Error('a parameter’s text cannot hold a NUL character (0x00)');
  return pg.escapeLiteral(prepared).trim();
}

/**
 * The statement with its parameters ($1, $2 …) replaced by their literals, so that it can go in a
 * simple-protocol string. Placeholders are found outside quoted literals, quoted identifiers, dollar quotes
 * and comments; a placeholder without a value is an error, as it would be for the server.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return text;
  const literals = parameters.map(literal);
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'") {
      // 'it''s' or E'it\'s': a backslash escapes only after E
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && !/[\w$]/.test(text[i - 2] ?? ' ');
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
    } else if (c === '"') {
      i = text.indexOf('"', i + 1);
      i = i < 0 ? n : i + 1;
    } else if (c === '-' && next === '-') {
      i = text.indexOf('\n', i);
      i = i < 0 ? n : i + 1;
    } else if (c === '/' && next === '*') {
      i = text.indexOf('*/', i + 2);
      i = i < 0 ? n : i + 2;
    } else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? ' ')) {
      const placeholder = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = placeholder ? null : /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(i));
      if (placeholder) {
        const value = literals[Number(placeholder[1]) - 1];
        if (value === undefined) throw new Error(`no value for the parameter ${placeholder[0]}`);
        out += text.slice(from, i) + value;
        i += placeholder[0].length;
        from = i;
      } else if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
      } else i++;
    } else i++;
  }
  return out + text.slice(from);
}
