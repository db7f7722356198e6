import type { CodegenConfig } from '@graphql-codegen/cli';

const output = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { ID: 'string', UUID: 'string', DateTime: 'string', LocalDate: 'string', Month: 'string' },
    strictScalars: true,
  },
} as const;

/**
 * Types for every GraphQL operation of the app, from the committed contract (schema/schema.graphql).
 * Runs in every build and typecheck: an operation that no longer fits the schema fails CI.
 * The secretariat's and the coordinator's consoles have their own sets: the client preset's `graphql()` map
 * holds every document of its set, and officials should not download the consoles' with the app's entry chunk.
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      ...output,
      documents: ['src/**/*.{ts,tsx}', '!src/graphql/generated/**', '!src/secretariat/**', '!src/coordination/**'],
    },
    'src/graphql/generated/secretariat/': { ...output, documents: ['src/secretariat/**/*.{ts,tsx}'] },
    'src/graphql/generated/coordination/': { ...output, documents: ['src/coordination/**/*.{ts,tsx}'] },
  },
};

export default config;
