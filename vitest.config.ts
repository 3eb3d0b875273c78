import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // epubcheck, qpdf and the CLI run as real processes; a JVM start alone can take seconds on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
