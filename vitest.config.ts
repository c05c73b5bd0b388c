import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Building the seed index and launching Chromium take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two test files at a time, not vitest's default of cores − 1 (one, on the 2-core CI machine): most
    // slow files wait on child servers, indexers and Chromium, so a second file fills that wait.
    maxWorkers: 2,
  },
});
