import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real Helm runs take a few hundred milliseconds each; a chart-heavy file needs headroom.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
