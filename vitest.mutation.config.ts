import { defineConfig } from 'vitest/config';

// The unit tests of the verdict logic, for `npm run mutation` (stryker.config.json). Stryker must not
// narrow tests with its own `testFiles` option: mutants of module-level tables would be switched on
// after the module loaded and reported as survived (TOOLCHAIN.md), so the narrowing lives here.
export default defineConfig({
  test: {
    include: [
      'test/steps/**/*.test.ts',
      'test/state/effective*.test.ts',
      'test/state/pii-config*.test.ts',
      'test/state/origins*.test.ts',
      'test/state/platforms*.test.ts',
      // the resource adapters: names, requests, live reads and preparation against the simulator
      'test/engine/resources*.test.ts',
      // issue 10's verdict tests without the HTTP harness (7 and 8 apply through the simulator)
      'test/issue10/1-*.test.ts',
      'test/issue10/2-*.test.ts',
      'test/issue10/3-*.test.ts',
    ],
    env: { CI: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
    testTimeout: 20_000,
  },
});
