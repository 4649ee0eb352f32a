// @ts-check
/**
 * Lint for the whole monorepo (ESLint flat config). Formatting belongs to Prettier: eslint-config-prettier comes last and
 * turns off every stylistic rule, so the two never disagree.
 *
 * Typed linting needs `@contrivance/contracts` built (apps/api resolves it to libs/contracts/dist) and the SDK generated
 * and built (the web app compiles its source, apps/api its dist), which is why the `lint` script builds both first.
 */
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const abs = (/** @type {string} */ p) => path.join(root, p);

/** Sub-folders of a folder, read at every lint run, so the zones follow folders that appear after this file was written. */
const foldersIn = (/** @type {string} */ dir) =>
  existsSync(abs(dir))
    ? readdirSync(abs(dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];

// ---------------------------------------------------------------------------------------------------------------------
// Import boundaries (import-x/no-restricted-paths). Paths are absolute globs: `from`/`except` are matched against the
// resolved file of the import, `target` against the importing file.
// ---------------------------------------------------------------------------------------------------------------------

const WEB = 'apps/web/src';
/** (a) apps/web: a feature is used through its `index.ts`; lib/ and components/ sit below features/ and app/. */
const webZones = [
  ...foldersIn(`${WEB}/features`).map((feature) => ({
    target: abs(`${WEB}/features/${feature}/**`),
    from: abs(`${WEB}/features/!(${feature})/**`),
    except: [abs(`${WEB}/features/*/index.{ts,tsx}`)],
    message: `A feature imports another feature only through that feature's index.ts (${feature} reaches into another feature's internals).`,
  })),
  {
    target: [abs(`${WEB}/lib/**`), abs(`${WEB}/components/**`)],
    from: [abs(`${WEB}/features/**`), abs(`${WEB}/app/**`)],
    message: 'lib/ and components/ are shared building blocks: they may not import from features/ or app/.',
  },
];

const MODULES = 'apps/api/src/modules';
/**
 * (b) apps/api: a module is a room with one door. Where module B has an index.ts, other modules import only that file;
 * where it has none yet, they may still not touch its repositories or entities.
 */
const apiModuleZones = foldersIn(MODULES).map((module) =>
  existsSync(abs(`${MODULES}/${module}/index.ts`))
    ? {
        target: abs(`${MODULES}/!(${module})/**`),
        from: abs(`${MODULES}/${module}/**`),
        except: [abs(`${MODULES}/${module}/index.{ts,mts}`)], // a glob: `from` is one
        message: `Other modules use the ${module} module through ${module}/index.ts only.`,
      }
    : {
        target: abs(`${MODULES}/!(${module})/**`),
        from: [abs(`${MODULES}/${module}/**/*.repository.ts`), abs(`${MODULES}/${module}/**/*.entity.ts`)],
        message: `Repositories and entities of the ${module} module are private to it: go through its services (or its index.ts).`,
      },
);

/**
 * (c) apps/api/src/modules/spreadsheets is layered; a floor may import its own and lower floors only.
 * Everything not named here (sheets/, templates/, sharing/, history/, import-export/, pipeline/, the module file, and any
 * folder added later) is the top floor. The module's record mappers (spreadsheets.mapper.ts) import only the contracts and
 * sit below every floor.
 */
const SHEETS = `${MODULES}/spreadsheets`;
const FLOORS = ['cells', 'change-log', 'access', 'links', 'rows', 'columns'];
const spreadsheetFloorZones = FLOORS.map((floor, i) => ({
  target: abs(`${SHEETS}/${floor}/**`),
  from: abs(`${SHEETS}/**`),
  except: [...FLOORS.slice(0, i + 1).map((allowed) => abs(`${SHEETS}/${allowed}/**`)), abs(`${SHEETS}/spreadsheets.mapper.{ts,mts}`)],
  message: `Spreadsheets floors: ${FLOORS.join(' < ')} < everything else. ${floor}/ may import only ${FLOORS.slice(0, i + 1).join(', ')}.`,
}));

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '.data/**',
      '**/*.d.ts',
      '**/*.d.mts',
      '**/*.d.cts',
      'apps/api/openapi.json',
      // Written by @hey-api/openapi-ts at build time from that document.
      'libs/sdk/src/generated/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every JS/TS file: ESLint's recommended rules.
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts}'],
    extends: [js.configs.recommended],
    rules: {
      // A `let` read by a closure before its one assignment (a handler installed before what it reports exists) cannot
      // be a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },

  // TypeScript with type information (one program per tsconfig.json, found by the project service).
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // Bugs: a forgotten await, a promise handed to a callback that ignores it, awaiting a non-promise.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          // react-router's navigate() returns `void | Promise<void>` (the promise only under a data router's
          // v7_startTransition); calling it and moving on is the documented idiom.
          allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // tsc already reports unused locals and parameters (noUnusedLocals/noUnusedParameters); keep ESLint's copy for
      // what tsc does not see, with the usual underscore escape hatch.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `async` without `await` is harmless (framework hooks such as ThrottlerGuard.getTracker must return a promise);
      // a missing `await` is what no-floating-promises catches.
      '@typescript-eslint/require-await': 'off',
      // Type-only imports stay type-only (isolatedModules, decorator metadata).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },

  // Plain JavaScript (bench/, scripts/, jest config, .mjs/.cjs test helpers): basic rules only, no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // Node-side TypeScript.
  {
    files: ['apps/api/**/*.ts', 'libs/**/*.ts', '*.ts', 'apps/web/*.config.ts', 'apps/web/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Tests: jest/vitest idioms. `expect(mock.method)` is not an unbound call; response bodies from supertest are `any`.
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.test.{ts,tsx}', 'apps/api/test/**/*.ts', 'apps/web/e2e/**/*.ts', 'apps/web/src/test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // Migrations are written once and reviewed as SQL.
  {
    files: ['apps/api/src/database/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },

  // React.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // React ignores what an event handler returns, so `onSubmit={async (e) => ...}` is the idiom; the handler must
      // still catch its own errors. Promises passed anywhere else (arguments, spreads, conditions) stay checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },

  // Every HTTP call of the web app goes through the generated SDK as lib/sdk.ts configures it (session, retry after a
  // refresh, ApiError), so a server that drifts from the API document breaks the web build.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/lib/sdk.ts', 'apps/web/src/**/*.test.{ts,tsx}', 'apps/web/src/test/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through lib/sdk.ts (the generated SDK, configured for the app).' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@contrivance/sdk', message: 'Import the SDK from lib/sdk.ts: it carries the session and turns failures into ApiError.' }] },
      ],
    },
  },

  // Import boundaries.
  {
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/api/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...webZones, ...apiModuleZones, ...spreadsheetFloorZones] }],
    },
  },

  prettier,
);
