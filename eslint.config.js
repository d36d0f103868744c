// ESLint for every layer: the recommended JavaScript and typescript-eslint rules, a few type-aware
// rules that catch real mistakes cheaply (promises left floating or passed where a callback's result
// is ignored), and React's hook rules for the renderer (stale closures, effect dependencies, state
// set during render). Formatting is Prettier's job (`npm run format`); lint only checks it ran.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // fixtures/programs/: programs the recorder's tests record, written as users write them.
    ignores: [
      'node_modules/',
      'dist/',
      '.tsbuild/',
      'bench-data/',
      '.bench/',
      '.scratch/',
      'test-results/',
      'playwright-report/',
      'schema/',
      'fixtures/programs/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware, and worth their cost: an unawaited promise loses its error.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `_`-prefixed names are deliberately unused (a signature's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions mark places where the DOM or a Map guarantees a value; the compiler cannot see it.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Small files: past 400 lines a file holds more than one idea; split it along its seams.
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The page Chromium traces for a fixture (scripts/fixtures/chrome-trace.ts) runs in a browser.
    files: ['scripts/fixtures/chrome-page/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
);
