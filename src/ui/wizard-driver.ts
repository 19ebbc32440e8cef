// The wizard's effects, kept out of the screens: collect, evaluate, re-evaluate after an edit,
// pre-flight, apply through the engine (one snapshot session per run), read back. Both the Ink
// controller hook and the plain line mode call this; it imports no ink, react or inquirer.

import type { ControlResult, Level, PlannedChange } from '../../steps/types.js';
import type { Policy } from '../../steps/policy.js';
import type { OrgState } from '../state/types.js';
import type { RateLimit } from '../sentry/types.js';
import type { EngineEvent, RequestOutcome } from '../engine/types.js';
import { collectOrgState, type Connection, type CollectProgress } from '../engine/collect.js';
import { evaluate } from '../engine/evaluate.js';
import { linkProbe, type ProbeReport } from '../engine/probe.js';
import { probeProjects } from '../state/events.js';
import { applyPlan, preflight } from '../engine/apply.js';
import { sessionLocks } from '../snapshots/lock.js';
import { buildSavedPlan, staleFields, staleLine, toSavedChanges, type SavedPlan } from '../engine/saved-plan.js';
import { toolVersion } from '../version.js';
import type { SnapshotSession, SnapshotStore } from '../snapshots/store.js';
import { editSpecsFor, overrideChanges, overrideRateLimits, resolveEdit, type EditSpec } from './edits.js';

export interface WizardDriver {
  collect(onProgress: (p: CollectProgress) => void): Promise<ControlResult[]>;
  editSpecs(control: ControlResult): EditSpec[];
  /** an error message for the person, or the control re-evaluated with their choice */
  submitEdit(control: ControlResult, spec: EditSpec, value: string | string[]): ControlResult | string;
  preflight(changes: PlannedChange[]): { blockers: string[]; warnings: string[]; refusedChecks: string[] };
  /**
   * applies, then reads back and re-evaluates every control (`refreshed`) unless aborted. When a
   * planned field no longer holds the value the person reviewed (the organization changed since
   * it was read), nothing is written: `stale` names the fields and `refreshed` is a new read.
   */
  apply(
    changes: PlannedChange[],
    allowRisky: readonly string[],
    onEvent: (e: EngineEvent) => void,
    signal: AbortSignal,
  ): Promise<{ outcomes: RequestOutcome[]; refreshed?: ControlResult[]; stale?: string }>;
  /** ends the snapshot session if one was started (partial when cut short); its id and folder */
  finish(interrupted: boolean): Promise<{ id: string; dir: string } | undefined>;
  /**
   * The read-only PII probe over the projects last read, linked to the current results (the
   * wizard's last step with --probe-pii); throws with a one-line reason when it cannot run.
   */
  probe?(sample: number): Promise<ProbeReport>;
  /**
   * Saves the changes the person added with `p` as a plan file (the format of `plan --out`, for
   * `apply FILE`): where it went and the command that applies it. Absent when the session cannot
   * save plans (the demo's organization is gone when it ends).
   */
  savePlan?(changes: PlannedChange[]): Promise<{ path: string; command: string }>;
}

export interface DriverOptions {
  conn: Connection;
  store: SnapshotStore;
  policy: Policy;
  level: Level;
  only: string[];
  skip: string[];
  now?: () => Date;
  /** the command recorded in the snapshot manifest */
  command?: string;
  /** where the takeover note of a stale session lock goes (default: nowhere) */
  onNote?: (line: string) => void;
  /** writes a saved plan whole (0600) and returns where and how to apply it; enables `p` */
  writePlan?: (plan: SavedPlan) => Promise<{ path: string; command: string }>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createWizardDriver(opts: DriverOptions): WizardDriver {
  let policy: Policy = opts.policy;
  const rateLimits = new Map<string, RateLimit>();
  const picked = new Map<string, PlannedChange[]>();
  let state: OrgState | undefined;
  let session: SnapshotSession | undefined;
  let anyFailed = false;
  // the wizard's apply step writes: one writing run per org and snapshot folder, held until finish
  const locks = sessionLocks(opts.store.dir, opts.command ?? 'wizard', opts.onNote ?? (() => undefined));
  const now = opts.now ?? (() => new Date());

  const evaluateAll = (s: OrgState): ControlResult[] =>
    evaluate(s, policy, { level: opts.level, only: opts.only, skip: opts.skip, now: now() }).map((c) => overrideChanges(overrideRateLimits(c, rateLimits), picked));

  let reads = 0;
  const read = async (onProgress?: (p: CollectProgress) => void): Promise<ControlResult[]> => {
    // the organization read while connecting is fresh only for the first collection
    const { api, target, whoami, client } = opts.conn;
    const conn: Connection = reads++ === 0 ? opts.conn : { api, target, whoami, ...(client ? { client } : {}) };
    state = await collectOrgState(conn, { level: opts.level, policy, needKeyStats: true, ...(onProgress ? { onProgress } : {}), now: now() });
    return evaluateAll(state);
  };

  return {
    collect: (onProgress) => read(onProgress),

    async probe(sample) {
      if (!state) throw new Error('the organization has not been read');
      const { org, projects } = state;
      if (!org.ok) throw new Error(`cannot sample events: ${org.reason}`);
      if (!projects.ok) throw new Error(`cannot sample events: ${projects.reason}`);
      const result = await probeProjects(opts.conn.api, opts.conn.target.org, org.value, projects.value, sample, policy.sensitiveFields);
      return linkProbe(result, evaluateAll(state));
    },

    editSpecs: (control) => editSpecsFor(control, state, policy),

    submitEdit(control, spec, value) {
      const result = resolveEdit(spec, value, policy, state);
      if (typeof result === 'string') return result;
      const previous = policy;
      if (result.policy) policy = { ...policy, ...result.policy };
      if (spec.kind === 'list' && state) {
        // origins or IP ranges the check refuses ("*", a bad CIDR) are left out of its plan with
        // only a note under `d`: say so in the editor, and keep the values as they were
        const check = evaluateAll(state).find((c) => c.id === control.id)?.checks.find((c) => c.id === spec.checkId);
        const refused = check?.invalidPolicy?.find((p) => p.parameter === spec.param);
        if (refused) {
          policy = previous;
          return `not accepted: ${refused.problems.join('; ')}.`;
        }
      }
      if (result.rateLimit) rateLimits.set(result.rateLimit.checkId, result.rateLimit.value);
      if (result.changes) picked.set(result.changes.checkId, result.changes.changes);
      if (!state) return control;
      const again = evaluateAll(state).find((c) => c.id === control.id);
      return again ?? control;
    },

    preflight(changes) {
      if (!state) return { blockers: [], warnings: [], refusedChecks: [] };
      const pf = preflight(state, changes, policy);
      return { blockers: pf.blockers, warnings: pf.warnings, refusedChecks: pf.refusedChecks };
    },

    async apply(changes, allowRisky, onEvent, signal) {
      if (!state) throw new Error('apply before collect');
      // the lock first, then the reviewed fields read again: the review may have taken long, and
      // another run (or a person in Sentry) may have changed them since; the same rule as `apply FILE`
      await locks.take(opts.conn.target.org);
      const stale = await staleFields(opts.conn, { changes: toSavedChanges(changes) });
      if (stale.length > 0) {
        const line = staleLine(stale);
        try {
          return { outcomes: [], stale: line, refreshed: await read() };
        } catch {
          return { outcomes: [], stale: line };
        }
      }
      if (!session) {
        session = await opts.store.startSession({ org: opts.conn.target.org, url: opts.conn.target.baseUrl, level: opts.level, command: opts.command ?? 'wizard' });
        onEvent({ type: 'session-started', sessionId: session.id, dir: session.dir });
      }
      const outcomes = await applyPlan(opts.conn, state, changes, session, { allowRisky: new Set(allowRisky), onEvent, signal, policy, keepSessionOpen: true });
      if (outcomes.some((o) => o.status === 'failed' || o.status === 'not-effective')) anyFailed = true;
      if (signal.aborted) return { outcomes };
      try {
        return { outcomes, refreshed: await read() };
      } catch (err) {
        // the apply stands; a failed read-back only costs the before -> after view
        onEvent({ type: 'control-stopped', controlId: changes[0]?.checkId ?? '', reason: `could not read the organization back: ${errorMessage(err)}` });
        return { outcomes };
      }
    },

    ...(opts.writePlan
      ? {
          savePlan: (changes: PlannedChange[]) =>
            opts.writePlan!(
              buildSavedPlan({
                target: { url: opts.conn.target.baseUrl, org: opts.conn.target.org },
                level: opts.level,
                only: opts.only,
                skip: opts.skip,
                // the values chosen with `e` are in the changes; the policy is what guards them at apply
                policy,
                changes,
                createdAt: now().toISOString(),
                toolVersion: toolVersion(),
              }),
            ),
        }
      : {}),

    async finish(interrupted) {
      try {
        if (!session) return undefined;
        await session.finish(anyFailed || interrupted ? 'partial' : 'complete');
        return { id: session.id, dir: session.dir };
      } finally {
        locks.release();
      }
    },
  };
}
