import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// type-graphql needs decorator metadata, which vitest's default transform does not emit.
export default defineConfig({
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
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/services/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The plain "N passed, N failed" closing line that CI reads, besides vitest's own summary.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    maxWorkers: 2,
  },
});
