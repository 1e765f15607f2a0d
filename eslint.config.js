// ESLint flat config. `atelier/layering` holds DESIGN.md's dependency direction, so a wrong
// import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layering from './build/eslint-layering.mjs';

/** The pure native folders: usable from the renderer and from Node. */
const pureFolders = ['native/model/**', 'native/compose/**', 'native/api/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/artifacts/**', 'tests/bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'build/**', 'native/cli/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The layer boundaries of DESIGN.md, one rule for every folder (see build/eslint-layering.mjs).
  {
    files: ['native/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    plugins: { atelier: layering },
    rules: { 'atelier/layering': 'error' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['native/**/*.ts'], languageOptions: { globals: { ...globals.node } } },
  // Pure code runs in the renderer and in Node alike: no environment globals either.
  {
    files: pureFolders.map((f) => f.replace('**', '**/*.ts')),
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'process',
          'Buffer',
          'require',
          '__dirname',
        ].map((name) => ({ name, message: 'Pure folders run in the renderer and in Node alike.' })),
      ],
    },
  },
  { files: ['electron/**/*.ts'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
