// ESLint flat config. The layering rules below hold DESIGN.md's dependency direction:
// one `no-restricted-imports` block per boundary, so a wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Node built-ins, matched with or without the `node:` prefix. */
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'This layer must not import Node.' })) };

const electronMsg = 'Only electron/ may import Electron.';

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
  // renderer ↛ node:, electron, and native/ other than the pure folders.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNode.paths, { name: 'electron', message: electronMsg }],
          patterns: [
            {
              regex: '^(\\.\\./)+native/(?!model/|compose/|api/)',
              message: 'The renderer may import only native/model, native/compose and native/api.',
            },
          ],
        },
      ],
    },
  },
  // native ↛ electron, react.
  {
    files: ['native/**/*.ts'],
    ignores: pureFolders,
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: electronMsg },
            { name: 'react', message: 'native/ has no UI.' },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+(renderer|electron)/',
              message: 'native/ must not import the UI or the shell.',
            },
          ],
        },
      ],
    },
  },
  // native/model, native/compose, native/api ↛ Node, DOM, React, Electron, impure native folders.
  {
    files: pureFolders.map((f) => f.replace('**', '**/*.ts')),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noNode.paths,
            { name: 'electron', message: electronMsg },
            { name: 'react', message: 'Pure folders have no UI.' },
            { name: 'react-dom', message: 'Pure folders have no UI.' },
            { name: 'sharp', message: 'Pure folders do no I/O.' },
            { name: 'ws', message: 'Pure folders do no I/O.' },
            { name: 'onnxruntime-node', message: 'Pure folders do no I/O.' },
          ],
          patterns: [
            {
              regex: '^\\.\\./(?!model/|compose/|api/)',
              message: 'Pure folders may import only each other.',
            },
            { regex: '^(\\.\\./){2,}', message: 'Pure folders may import only each other.' },
          ],
        },
      ],
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
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+renderer/', message: 'electron/ never imports the renderer.' }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
