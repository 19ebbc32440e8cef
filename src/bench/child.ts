// Runs one CLI command line in this process and records its peak RSS for the benchmark
// (a parent cannot read a child's maxRSS on Node).

import { writeFileSync } from 'node:fs';
import { keepHeapNearLiveData } from '../heap.js';
import { main } from '../main.js';

keepHeapNearLiveData(); // as the executable does (cli.ts)

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
const code = await main(process.argv.slice(2), io);
const target = process.env.BENCH_RESULT;
if (target) writeFileSync(target, JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
process.exit(code);
