import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?[0-9]{1,15}(\.[0-9]{1,6})?$/;

function parse(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    throw new GraphQLError(`Decimal 应为十进制数字字符串，如 "1200.50" / Decimal must be a decimal string such as "1200.50"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text.trim();
}

/** Exact decimals (money in yuan, land areas) travel as strings, so no float ever rounds a fen away. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: '精确十进制数（金额以元计），以字符串传递 / an exact decimal (money in yuan) as a string, e.g. "1200.50"',
  serialize: (value) => String(value),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parse(ast.value);
    throw new GraphQLError('Decimal 应为字符串 / Decimal must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
