/**
 * JSON text that goes into a response as it is (Node 20 has no JSON.rawJSON): the executor puts a placeholder
 * in the result, whose stringified form Apollo writes, and the server replaces it with the text before sending.
 * A compiled read's `data` is written by PostgreSQL in its final form (schema/src/graph/rawAnswer.ts): parsing it
 * into objects only for Apollo to stringify them again cost a third of a nested read's CPU.
 */

/** per request (its transaction, `ctx.db`), the texts of its placeholders, by number */
const texts = new WeakMap<object, string[]>();

const placeholder = (n: number) => `\u0000hub-raw-json:${n}`;

/** each placeholder's text, for an answer that is nothing but one (`answerText`) */
const textOf = new WeakMap<object, string>();

/** A value for an execution result that stringifies as the placeholder of `text` (in `request`'s answer). */
export function rawJson(request: object, text: string): { toJSON(): string } {
  let list = texts.get(request);
  if (!list) texts.set(request, (list = []));
  const marker = placeholder(list.length);
  list.push(text);
  const value = { toJSON: () => marker };
  textOf.set(value, text);
  return value;
}

/**
 * `{"data":…}` of a result without errors, as JSON.stringify and withRawJson make it together: a `data` that is
 * a placeholder (a raw answer) is written around its text at once, without stringifying and searching.
 */
export function answerText(data: unknown): string {
  const text = typeof data === 'object' && data !== null ? textOf.get(data) : undefined;
  return text === undefined ? JSON.stringify({ data }) : `{"data":${text}}`;
}

/**
 * The response body with each placeholder of `request` replaced by its text. Nothing else in an answer can read
 * as a placeholder: it holds a NUL, which JSON escapes and which PostgreSQL's text never holds.
 */
export function withRawJson(body: string, request: object | undefined): string {
  const list = request && texts.get(request);
  if (!list) return body;
  let out = body;
  list.forEach((text, n) => {
    const marker = JSON.stringify(placeholder(n));
    const at = out.indexOf(marker);
    if (at >= 0) out = out.slice(0, at) + text + out.slice(at + marker.length);
  });
  return out;
}
