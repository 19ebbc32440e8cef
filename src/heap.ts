// Peak memory of a run on a large organization. Collecting allocates far more than it keeps:
// every list page is parsed, validated and dropped. By default V8 lets the heap grow to up to
// four times what survived the last full collection before it collects again, so the peak RSS
// was two to four times the live data (about 550 MB for 10,000 projects / 50,000 members, whose
// live data is about 130 MB). A growth factor of 1.2 keeps the peak near the live data for a
// little more time spent collecting garbage (`npm run bench` measures both).
//
// The young generation grows from 1 MB to two 16 MB halves once a run allocates steadily, which
// is 32 MB of RSS whatever the org's size; kept at its first size (a growth factor of 1) the
// young objects of a page are collected a little more often: 1,000 projects / 5,000 members
// peaked at 113-114 MB instead of 139-143 MB, for about 9% more CPU time (same run, same load).

import { setFlagsFromString } from 'node:v8';

/** V8 flags set at start-up, each unless the user set it (or a flag it would contradict). */
const FLAGS: readonly { flag: string; unlessSet: readonly string[] }[] = [
  { flag: '--heap-growing-percent=20', unlessSet: ['--heap-growing-percent'] },
  { flag: '--semi-space-growth-factor=1', unlessSet: ['--semi-space-growth-factor', '--max-semi-space-size', '--min-semi-space-size'] },
];

/** Called once at start-up, before anything big is allocated; a flag the user set wins. */
export function keepHeapNearLiveData(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): void {
  const userSet = (name: string): boolean => execArgv.some((a) => a.startsWith(name)) || (env.NODE_OPTIONS ?? '').includes(name);
  for (const { flag, unlessSet } of FLAGS) if (!unlessSet.some(userSet)) setFlagsFromString(flag);
}
