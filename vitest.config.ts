import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // CI=true makes Ink print only the final frame (TOOLCHAIN.md); the UI tests read every frame.
    env: { CI: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
