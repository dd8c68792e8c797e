import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function parse(value: unknown): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return value as string;
  }
  throw new GraphQLError(`日期应为有效的 YYYY-MM-DD，如 2016-03-30 / A date must be a real YYYY-MM-DD date such as 2016-03-30`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * Calendar dates (YYYY-MM-DD, no time zone). Input is checked strictly; output comes from the database's
 * own date columns, already ISO strings, and is passed through untouched (a list of 500 rows has many).
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期（YYYY-MM-DD）/ a calendar date, YYYY-MM-DD',
  serialize: (value) => (typeof value === 'string' ? value : value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    throw new GraphQLError('日期应为字符串 / A date must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
