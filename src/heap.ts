// Peak memory of a run on a large organization. Collecting allocates far more than it keeps:
// every list page is parsed, validated and dropped. By default V8 lets the heap grow to up to
// four times what survived the last full collection before it collects again, so the peak RSS
// was two to four times the live data (about 550 MB for 10,000 projects / 50,000 members, whose
// live data is about 130 MB). A growth factor of 1.2 keeps the peak near the live data for a
// little more time spent collecting garbage (`npm run bench` measures both).

import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/** Called once at start-up, before anything big is allocated; a flag the user set wins. */
export function keepHeapNearLiveData(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((a) => a.startsWith(FLAG)) || (env.NODE_OPTIONS ?? '').includes(FLAG)) return;
  setFlagsFromString(`${FLAG}=20`);
}
