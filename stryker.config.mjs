// `npm run mutation`: mutation testing of the verdict logic (ARCHITECTURE.md, "Mutation testing").
// The tests are narrowed by vitest.mutation.config.ts, never by Stryker's `testFiles` option
// (TOOLCHAIN.md: with it, mutants of module-level tables are reported as survived).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['steps/*.ts', 'src/state/vocabulary.ts', 'src/state/platforms.ts', 'src/state/origins.ts', 'src/state/effective.ts', 'src/state/pii-config.ts', 'src/engine/resources/*.ts'],
  coverageAnalysis: 'perTest',
  // re-runs only mutants whose code or covering tests changed; the file is committed
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  // the per-file table and the undetected behaviour mutants come from test/mutation/table.ts
  clearTextReporter: { reportMutants: false, reportTests: false },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 10000,
};
