import { defineConfig } from 'vitest/config';

export default defineConfig(({ mode }) => {
  // `npm run test:tools` (vitest --mode tools): every external checker must be here, and the tests use them.
  if (mode === 'tools') process.env.BUILD_EBOOK_TEST_TOOLS = 'all';
  return {
    test: {
      include: ['tests/**/*.test.ts'],
      // One line on which external checkers are missing and what runs instead (tests/helpers/tools.ts).
      globalSetup: ['tests/global-setup.ts'],
      // epubcheck, qpdf and the CLI run as real processes; a JVM start alone can take seconds on 2 cores.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
});
