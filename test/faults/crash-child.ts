// Child process of the SIGKILL tests: applies the demo org's L2 plan and, at the request given
// by PAUSE_SEQ, stops forever right after the journal entry is on disk (PAUSE_AT=journal) or
// right after the request returned, before the read-back (PAUSE_AT=send). The test kills it
// with SIGKILL there.

import { applyPlan } from '../../src/engine/apply.js';
import { evaluate, plannedChanges } from '../../src/engine/evaluate.js';
import type { JournalEntry } from '../../src/snapshots/schema.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { collectOrgState } from '../../src/engine/collect.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { makeApi } from '../engine/helpers.js';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`missing ${k}`);
  return v;
};
const url = env('SIM_URL');
const org = env('SIM_ORG');
const pauseAt = env('PAUSE_AT');
const pauseSeq = Number(env('PAUSE_SEQ'));

const api = makeApi(url, env('SIM_TOKEN'));
const whoami = await api.whoami();
const target = { baseUrl: url, controlUrl: url, regionUrl: url, organizationUrl: url, org, selfHosted: true };
const conn = { api, target, whoami };
const state = await collectOrgState(conn, { level: 'L2', policy: DEFAULT_POLICY });
const changes = plannedChanges(evaluate(state, DEFAULT_POLICY, { level: 'L2', now: new Date() }));
const session = await openSnapshotStore(env('SNAP_DIR')).startSession({ org, url, level: 'L2', command: 'apply' });

const pause = (at: string, entry: JournalEntry): Promise<void> | void => {
  if (at !== pauseAt || entry.seq !== pauseSeq) return;
  setInterval(() => undefined, 60_000); // keep the process alive until the SIGKILL
  process.stdout.write(`PAUSED ${entry.seq} ${session.id}\n`);
  return new Promise<void>(() => undefined);
};

await applyPlan(conn, state, changes, session, {
  allowRisky: new Set(),
  hooks: { afterJournal: (_r, e) => pause('journal', e), afterSend: (_r, e) => pause('send', e) },
});
process.stdout.write('DONE\n');
