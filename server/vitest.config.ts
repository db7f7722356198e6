import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Shared by the default run and the services run (vitest.services.config.ts); only the files differ. */
export function cartableTestConfig(include: string[], exclude: string[]) {
  return defineConfig({
    // type-graphql needs decorator metadata, which vitest's default transform does not emit.
    plugins: [
      swc.vite({
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
          target: 'es2022',
        },
      }),
    ],
    // Node loads graphql-js's CommonJS build for the libraries (type-graphql, graphql-scalars); our sources
    // must get that same copy, not the ESM twin Vite would pick, or schema types built here are foreign there.
    resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
    test: {
      globalSetup: ['test/helpers/global-setup.ts'],
      include,
      exclude,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
      // The plain "N passed, N failed" closing line that CI reads, besides vitest's own summary.
      reporters: ['default', './test/helpers/summary-reporter.ts'],
    },
  });
}

export default cartableTestConfig(['test/**/*.test.ts'], ['test/services/**', 'test/crash/**']);
