// One lint configuration for the workspace: ESLint's and typescript-eslint's recommended rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test/artifacts/**', 'test/scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // issue 14: no `any` in the code we write (Pothos' and Kysely's own types instead), and no comment that turns
    // a rule off: an exception is said here, where it is seen, or not at all
    files: ['schema/src/**/*.ts', 'admin/src/**/*.{ts,tsx}', 'server/src/**/*.ts'],
    linterOptions: { noInlineConfig: true },
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Pothos declares its plugins' types in a global namespace, which a plugin extends
    files: ['schema/src/graph/textArguments.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
);
