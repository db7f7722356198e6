// Lint of the whole repository (`npm run lint`, run by .ci/run): ESLint's and typescript-eslint's
// recommended rules, without type information (fast enough for every CI run). Formatting is not linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'web/src/graphql/generated/**', 'web/dev-dist/**', 'web/public/**'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `_name` marks what is left out on purpose (a destructured field, a parameter an interface imposes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Input guards match control characters on purpose, to refuse them.
      'no-control-regex': 'off',
      // TypeScript's noFallthroughCasesInSwitch checks this with the types (a case whose inner switch returns).
      'no-fallthrough': 'off',
    },
  },
  {
    // One place for tests: `server/test/`, `web/test/` (and `web/e2e/`); the vitest configs look nowhere else.
    files: ['server/src/**/*.test.{ts,tsx}', 'web/src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: 'Tests live under test/ (server/test/<feature>/, web/test/<folder>/), not beside the code.' }] },
  },
);
