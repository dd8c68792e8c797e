/**
 * Validation built from the field specs: one place per record type, pure (zod, no database), so the
 * admin can run the same checks before sending. Messages name the field and say why, in both languages.
 */
import { z } from 'zod';
import type { Text } from '../errors';
import type { FieldSpec, FieldSpecs } from './fields';

// made once: a formatter costs about a millisecond and much memory to build, and an import checks every member row's rules
const COUNTY_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in the county (Asia/Shanghai), as an ISO date: a record made just after midnight there is not "tomorrow". */
export function countyToday(now?: Date): string {
  if (now) return COUNTY_DATE.format(now);
  // formatted once a second at most: an import checks every member row's rules (a day changes on a whole second)
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastToday.second) lastToday = { second, day: COUNTY_DATE.format(second * 1000) };
  return lastToday.day;
}
let lastToday = { second: Number.NaN, day: '' };

/**
 * PostgreSQL's text cannot hold the NUL character (U+0000): it refuses the whole statement. Every text a
 * client sends is checked for it before anything is read or written (graph/textArguments.ts for GraphQL
 * arguments, filters.ts for an export's filter), so the answer names where it is rather than failing inside.
 * Returns the path of the first string holding one (`input.patch.headName`, `changes[2].patch.name`), or null.
 */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

export function nulText(path: string): Text {
  return { zh: `${path} 含有空字符（U+0000），请删除后再提交`, en: `${path} contains a NUL character (U+0000); remove it and send again` };
}

export interface FieldIssue {
  field: string;
  text: Text;
}

/** A rule across fields (exit year ≥ identification year…): returns the issues of a whole record. */
export type RecordRule = (record: Record<string, unknown>) => FieldIssue[];

/** One field's issue, its text in both languages. */
export const fieldIssue = (field: string, zh: string, en: string): FieldIssue => ({ field, text: { zh, en } });

/**
 * A rule: the date `later` is not before the date `earlier` when both are given (ISO dates compare as text).
 * `names` are the two fields as the message calls them, earlier first.
 */
export function datesInOrder(earlier: string, later: string, names: { zh: [string, string]; en: [string, string] }): RecordRule {
  return (record) => {
    const from = record[earlier];
    const to = record[later];
    return typeof from === 'string' && typeof to === 'string' && to < from
      ? [
          fieldIssue(
            later,
            `${names.zh[1]}（${to}）不能早于${names.zh[0]}（${from}）`,
            `The ${names.en[1]} (${to}) cannot be before the ${names.en[0]} (${from})`,
          ),
        ]
      : [];
  };
}

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

function fieldSchema(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'string': {
      let schema = z
        .string()
        .min(spec.minLength ?? (spec.required ? 1 : 0))
        .max(spec.maxLength);
      if (spec.pattern) schema = schema.regex(spec.pattern);
      return schema;
    }
    case 'int':
      return z.number().int().min(spec.min).max(spec.max);
    case 'decimal':
      return z
        .union([z.string(), z.number()])
        .transform((v) => String(v).trim())
        .refine((v) => DECIMAL.test(v), { params: { kind: 'decimal' } })
        .refine((v) => !DECIMAL.test(v) || (v.split('.')[1]?.length ?? 0) <= spec.scale, { params: { kind: 'scale' } })
        .refine((v) => !DECIMAL.test(v) || spec.min === undefined || Number(v) >= spec.min, { params: { kind: 'min' } })
        .refine((v) => !DECIMAL.test(v) || spec.max === undefined || Number(v) <= spec.max, { params: { kind: 'max' } });
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date();
    case 'enum':
      return z.enum(spec.codes.map((c) => c.value) as [string, ...string[]]);
    case 'enumList':
      return z.array(z.enum(spec.codes.map((c) => c.value) as [string, ...string[]])).max(spec.codes.length);
    case 'reference':
      return z.number().int().positive();
  }
}

function describe(spec: FieldSpec, issue: z.core.$ZodIssue): Text {
  const { zh, en } = spec.label;
  if (issue.code === 'custom') {
    const kind = (issue.params as { kind?: string } | undefined)?.kind;
    if (kind === 'scale' && spec.kind === 'decimal')
      return { zh: `${zh}最多保留 ${spec.scale} 位小数`, en: `${en} takes at most ${spec.scale} decimal places` };
    if (kind === 'min' && spec.kind === 'decimal') return { zh: `${zh}不能小于 ${spec.min}`, en: `${en} cannot be less than ${spec.min}` };
    if (kind === 'max' && spec.kind === 'decimal') return { zh: `${zh}不能大于 ${spec.max}`, en: `${en} cannot be more than ${spec.max}` };
    return { zh: `${zh}应为数字，如 1200.50`, en: `${en} must be a number such as 1200.50` };
  }
  switch (spec.kind) {
    case 'string':
      if (issue.code === 'too_big')
        return { zh: `${zh}不能超过 ${spec.maxLength} 个字符`, en: `${en} takes at most ${spec.maxLength} characters` };
      if (issue.code === 'too_small') return { zh: `${zh}不能为空`, en: `${en} cannot be empty` };
      if (issue.code === 'invalid_format') {
        return spec.patternHint
          ? { zh: `${zh}格式不正确：应为${spec.patternHint.zh}`, en: `${en} is not valid: expected ${spec.patternHint.en}` }
          : { zh: `${zh}格式不正确`, en: `${en} is not in the expected format` };
      }
      return { zh: `${zh}应为文字`, en: `${en} must be text` };
    case 'int':
      if (issue.code === 'too_big' || issue.code === 'too_small') {
        return { zh: `${zh}应在 ${spec.min} 到 ${spec.max} 之间`, en: `${en} must be between ${spec.min} and ${spec.max}` };
      }
      return { zh: `${zh}应为整数`, en: `${en} must be a whole number` };
    case 'boolean':
      return { zh: `${zh}应为“是”或“否”`, en: `${en} must be yes or no` };
    case 'date':
      return { zh: `${zh}应为有效日期，如 2016-03-30`, en: `${en} must be a real date such as 2016-03-30` };
    case 'enum':
    case 'enumList': {
      const choices = spec.codes.map((c) => c.zh).join('、');
      return { zh: `${zh}应为以下之一：${choices}`, en: `${en} must be one of: ${spec.codes.map((c) => c.en).join(', ')}` };
    }
    case 'reference':
      return { zh: `${zh}不是有效的记录`, en: `${en} is not a valid record` };
    default:
      return { zh: `${zh}无效`, en: `${en} is not valid` };
  }
}

/**
 * A date that records something that happened (a visit, a birth, a payment) cannot be after today in the
 * county, nor such a year after this year: the one rule for every field marked `happened`.
 */
export function inFuture(spec: FieldSpec, value: string | number, now: Date = new Date()): Text | null {
  const today = countyToday(now);
  const { zh, en } = spec.label;
  if (typeof value === 'string')
    return value > today ? { zh: `${zh}（${value}）不能晚于今天`, en: `${en} (${value}) cannot be in the future` } : null;
  const year = Number(today.slice(0, 4));
  return value > year
    ? { zh: `${zh}（${value}）不能晚于今年（${year}）`, en: `${en} (${value}) cannot be after this year (${year})` }
    : null;
}

export function required(spec: FieldSpec): Text {
  return { zh: `${spec.label.zh}为必填项`, en: `${spec.label.en} is required` };
}

/**
 * Checks a whole record (after a patch is merged into the current values, so cross-field rules see the
 * result). Returns every issue, not just the first, so a grid can mark every refused cell.
 */
export function validateRecord(specs: FieldSpecs, record: Record<string, unknown>, rules: RecordRule[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.readOnly) continue;
    const value = record[name];
    if (value === null || value === undefined) {
      if (spec.required) issues.push({ field: name, text: required(spec) });
      continue;
    }
    const result = fieldSchema(spec).safeParse(value);
    if (!result.success) issues.push({ field: name, text: describe(spec, result.error.issues[0]!) });
    else if ('happened' in spec && spec.happened) {
      const future = inFuture(spec, value as string | number);
      if (future) issues.push({ field: name, text: future });
    }
  }
  // Cross-field rules only make sense once every field is well formed.
  if (issues.length === 0) for (const rule of rules) issues.push(...rule(record));
  return issues;
}

const TRUE_WORDS = new Set(['true', '1', '是', 'y', 'yes', '有', '√']);
const FALSE_WORDS = new Set(['false', '0', '否', 'n', 'no', '无', '×', '']);

/**
 * Turns what a person typed or pasted into a cell (always text) into the field's value: numbers, 是/否,
 * an enum's Chinese or English label. Values already of the right type pass through. Unparseable text is
 * returned as is, so validation reports it against the field.
 */
export function coerceCell(spec: FieldSpec, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '' && spec.kind !== 'string') return null;
  switch (spec.kind) {
    case 'int':
      return /^-?[0-9]+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'decimal':
      return trimmed.replace(/[,，]/g, '');
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      return TRUE_WORDS.has(lower) ? true : FALSE_WORDS.has(lower) ? false : trimmed;
    }
    case 'enum':
      return (
        spec.codes.find((c) => c.value === trimmed || c.zh === trimmed || c.en.toLowerCase() === trimmed.toLowerCase())?.value ?? trimmed
      );
    case 'enumList':
      return trimmed
        .split(/[,，、;；\s]+/)
        .filter(Boolean)
        .map(
          (part) => spec.codes.find((c) => c.value === part || c.zh === part || c.en.toLowerCase() === part.toLowerCase())?.value ?? part,
        );
    case 'date':
      return trimmed.replace(
        /^([0-9]{4})[/.年]([0-9]{1,2})[/.月]([0-9]{1,2})日?$/,
        (_m, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
      );
    default:
      return value;
  }
}
