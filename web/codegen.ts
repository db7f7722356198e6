import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for every GraphQL operation of the app, from the committed contract (schema/schema.graphql).
 * Runs in every build and typecheck: an operation that no longer fits the schema fails CI.
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/graphql/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { ID: 'string', DateTime: 'string', LocalDate: 'string' },
        strictScalars: true,
      },
    },
  },
};

export default config;
