// Lint catches what review misses (STYLE "Lint catches what review misses"): the rules chosen are
// the ones that find real defects here, not the largest set. Formatting is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'artifacts/', 'reports/', 'coverage/', 'node_modules/'] },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: one not awaited loses its error (and, here, a notification or an audit event).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
      // Values computed and never used, and casts that switch the type checker off.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation',
          message: '`as never` silences every type error at this spot: type the value instead.',
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Tests and fixtures read GraphQL responses as untyped JSON.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
  {
    // Source a reader can hold: Prettier wraps code at 120, this also catches long strings and
    // comments; files and functions stay small enough to read whole (STYLE "Layout").
    files: ['src/**/*.ts'],
    ignores: ['src/db/migrations/**'],
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true }],
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Layers point down: the read engine, the services and what they stand on never import the API
    // layer (resolvers, schema, HTTP); only src/services/services.ts, the composition root, may.
    files: ['src/read/**/*.ts', 'src/services/**/*.ts', 'src/domain/**/*.ts', 'src/db/**/*.ts'],
    ignores: ['src/services/services.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/graphql/*', '**/http/*', '**/resolvers/*'],
              message: 'the read engine and the services sit below the API layer: move what is shared down.',
            },
          ],
        },
      ],
    },
  },
);
