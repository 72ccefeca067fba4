// Lint rules, including the process boundaries: the renderer reaches main only through the contract,
// the contract depends on nothing but zod, and only the Electron shell and preload load 'electron'.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

const ELECTRON_RUNTIME = 'Only main/shell/** and preload/** may load electron at runtime; use `import type` elsewhere.';

const ELECTRON_IMPORTS = {
  paths: [{ name: 'electron', allowTypeImports: true, message: ELECTRON_RUNTIME }],
  patterns: [{ group: ['electron/*'], allowTypeImports: true, message: ELECTRON_RUNTIME }],
};

/** A relative or main/-rooted import of one of `folders` of main/ (types included: a type is a dependency too). */
function importOf(folders, message) {
  const names = folders.join('|');
  return { regex: `^(\\.\\./)+(${names})(/|$)|(^|/)main/(${names})(/|$)`, message };
}

// The inner layers (the archive, imaging, recognition, search) are what services, the dispatcher, the shell
// and the host are built on; an import back up would make them depend on the layers that use them.
const INNER_LAYERS = ['main/archive/**/*.ts', 'main/imaging/**/*.ts', 'main/recognition/**/*.ts', 'main/search/**/*.ts'];
const UPPER_LAYERS = importOf(
  ['services', 'ipc', 'shell', 'host'],
  'The archive, imaging, recognition and search may not import services, ipc, shell or host: move what they need down.',
);
// Recognition builds on imaging (limits, skew, thresholds), so imaging may not use recognition.
const RECOGNITION = importOf(['recognition'], 'Imaging may not import recognition (recognition builds on imaging): move the shared piece into imaging.');

export default defineConfig(
  { ignores: ['out/', 'node_modules/', 'test-results/', 'playwright-report/', 'native/**/build/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**', 'main/contract/**'],
    rules: {
      // The typescript-eslint variant knows `import type`, which erases to nothing at runtime.
      '@typescript-eslint/no-restricted-imports': ['error', ELECTRON_IMPORTS],
    },
  },
  // A later block's options replace an earlier block's for the same rule, so each repeats the electron entries.
  {
    files: INNER_LAYERS,
    ignores: ['main/imaging/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...ELECTRON_IMPORTS, patterns: [...ELECTRON_IMPORTS.patterns, UPPER_LAYERS] }],
    },
  },
  {
    files: ['main/imaging/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...ELECTRON_IMPORTS, patterns: [...ELECTRON_IMPORTS.patterns, UPPER_LAYERS, RECOGNITION] },
      ],
    },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // zod, or a sibling module of the contract (no way out with `..`).
              regex: '^(?!zod$)(?!\\./[^/]+$)',
              message: 'The contract may import only zod and its own modules: preload and the renderer load it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches main only through window.api.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer runs in a browser sandbox: no Node built-ins.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'The renderer runs in a browser sandbox: no Node built-ins.' },
            { regex: '^electron/', message: 'The renderer reaches main only through window.api.' },
            {
              // Any path into main/ (relative or not) other than main/contract/<module>.
              regex: '(^|/)main/(?!contract/[^/.][^/]*$)',
              message: 'The renderer may import only main/contract/** (types and schemas), never main runtime code.',
            },
          ],
        },
      ],
    },
  },
);
