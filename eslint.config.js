// Lint rules: the recommended sets of ESLint and typescript-eslint, plus a few habits of this project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const PLATFORM_BOUNDARY = [
  { regex: '(^|/)features/', message: 'platform and db import no feature: offer a port, a slot or a domain event instead.' },
  { regex: '(^|/)(app|modules)\\.ts$', message: 'platform and db do not import the composition (app.ts, modules.ts).' },
];
export const FEATURE_BOUNDARY = [
  {
    regex: '^\\.\\./(?!\\.)[^/]+/(?!index\\.tsx?$)',
    message: "a feature reaches another feature only through that feature's index.ts (its module and ports).",
  },
  { regex: '(^|/)(app|modules)\\.ts$', message: 'features do not import the composition (app.ts, modules.ts).' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'public/vendor/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        document: 'readonly', window: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'always'],
      // Declaration merging (message keys, ports) extends an interface with one type and no members.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['src/main.ts', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  // Boundaries (docs/ARCHITECTURE.md, "Features meet through seams"): platform and db import no
  // feature and not the composition (app.ts, modules.ts); a feature imports another feature only
  // through its index.ts (tests, which build whole apps, are exempt). src/boundaries.test.ts proves these rules fire and that features form no cycle.
  {
    files: ['src/platform/**/*.{ts,tsx}', 'src/db/**/*.{ts,tsx}'],
    // Tests may drive a whole app (a platform test of live updates posts in the forum); shipped code may not.
    ignores: ['**/*.test.ts', '**/*.test-support.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: PLATFORM_BOUNDARY }] },
  },
  {
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test-support.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: FEATURE_BOUNDARY }] },
  },
);
