// A WizardDriver without a server, for screen and plain-mode tests.

import type { ControlResult, PlannedChange } from '../../steps/types.js';
import type { RequestOutcome } from '../../src/engine/types.js';
import { groupIntoRequests } from '../../src/engine/apply.js';
import type { WizardDriver } from '../../src/ui/wizard-driver.js';
import type { EditSpec } from '../../src/ui/edits.js';

export interface FakeDriver extends WizardDriver {
  calls: { changes: PlannedChange[]; allowRisky: readonly string[]; signal: AbortSignal }[];
  finished: boolean[];
}

export function fakeDriver(
  controls: ControlResult[],
  opts: {
    result?: (changes: PlannedChange[]) => RequestOutcome[];
    /** resolves the apply only when this promise does (to test Ctrl+C while a request runs) */
    gate?: Promise<void>;
    specs?: EditSpec[];
  } = {},
): FakeDriver {
  const calls: FakeDriver['calls'] = [];
  const finished: boolean[] = [];
  const result = opts.result ?? ((changes) => groupIntoRequests(changes).map((request) => ({ request, status: 'applied' as const })));
  return {
    calls,
    finished,
    collect: async () => controls,
    editSpecs: () => opts.specs ?? [],
    submitEdit: (c) => c,
    preflight: () => ({ blockers: [], warnings: [], refusedChecks: [] }),
    async apply(changes, allowRisky, onEvent, signal) {
      calls.push({ changes, allowRisky, signal });
      onEvent({ type: 'session-started', sessionId: 'S-1', dir: '/tmp/snapshots/acme/S-1' });
      const outcomes: RequestOutcome[] = [];
      for (const o of result(changes)) {
        if (signal.aborted) {
          outcomes.push({ request: o.request, status: 'skipped', message: 'stopped before this request' });
          onEvent({ type: 'request-finished', outcome: outcomes.at(-1)! });
          continue;
        }
        onEvent({ type: 'request-started', request: o.request });
        if (opts.gate) await opts.gate;
        outcomes.push(o);
        onEvent({ type: 'request-finished', outcome: o });
      }
      return { outcomes };
    },
    async finish(interrupted) {
      finished.push(interrupted);
      return calls.length ? { id: 'S-1', dir: '/tmp/snapshots/acme/S-1' } : undefined;
    },
  };
}
