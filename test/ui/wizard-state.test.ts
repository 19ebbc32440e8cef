// The wizard's flow as a pure reducer: no rendering, no I/O.

import { describe, expect, it } from 'vitest';
import {
  applicableChanges,
  confirmMode,
  exitCodeOf,
  initialState,
  position,
  wizardReducer,
  type WizardEvent,
  type WizardState,
} from '../../src/ui/wizard-state.js';
import { control, controlsOf, outcome, request } from './fixtures.js';

const start = (): WizardState => initialState({ org: 'acme', region: 'us.sentry.io', level: 'L2' });
const run = (s: WizardState, ...events: WizardEvent[]): WizardState => events.reduce(wizardReducer, s);
const noPreflight: WizardEvent = { type: 'apply', blockers: [], warnings: [] };

describe('wizardReducer', () => {
  it('starts collecting and reports progress', () => {
    const s = run(start(), { type: 'collect-progress', message: 'members', done: 2, total: 5 });
    expect(s.phase).toEqual({ kind: 'collecting', message: 'members', done: 2, total: 5 });
  });

  it('skips controls that need nothing and stops at the first that fails', () => {
    const controls = controlsOf();
    const s = run(start(), { type: 'collected', controls });
    // 1.1 fails in the fixture (no SSO): the first control is reviewed
    expect(s.phase).toMatchObject({ kind: 'reviewing', index: 0, details: false });
    expect(s.initial).toBe(controls);
    const passing = controls.filter((c) => c.status === 'pass' || c.status === 'not_applicable').map((c) => c.id);
    expect(passing.length).toBeGreaterThan(0);
    // walk everything with `s`: every control gets exactly one record, in guide order
    let t = s;
    while (t.phase.kind === 'reviewing') t = wizardReducer(t, { type: 'skip' });
    expect(t.phase).toEqual({ kind: 'summary', interrupted: false });
    expect(t.records.map((r) => r.controlId)).toEqual(controls.map((c) => c.id));
    for (const id of passing) expect(t.records.find((r) => r.controlId === id)?.decision.kind).toBe('passed');
  });

  it('a control that waits for a value says press e only when the check has an editor', () => {
    const waiting = (checkId: string, parameter: string): WizardState['controls'][number] => {
      const c = control(checkId.split('.').slice(0, 2).join('.'));
      return { ...c, status: 'fail', checks: [{ ...c.checks[0]!, id: checkId, status: 'fail', findings: [], changes: [], missingParameter: parameter }] };
    };
    const notice = (c: WizardState['controls'][number]): unknown => {
      const s = run(start(), { type: 'collected', controls: [c] }, noPreflight);
      return s.phase.kind === 'reviewing' ? s.phase.notice : s.phase.kind;
    };
    expect(notice(waiting('2.3.1', 'demoteOwners'))).toBe('Nothing to apply yet: press e to choose the missing values first.');
    expect(notice(waiting('3.5.1', 'replayAccess'))).toBe('Nothing to apply yet: the missing values come from the policy file (--policy FILE); press s to continue.');
  });

  it('asks for the org slug before a risky change and refuses a wrong slug', () => {
    const c = control('1.2');
    expect(confirmMode(applicableChanges(c))).toBe('risky');
    let s = run(start(), { type: 'collected', controls: [c] }, noPreflight);
    expect(s.phase).toMatchObject({ kind: 'confirming', mode: 'risky', typed: '' });
    s = run(s, { type: 'type-slug', text: 'acne' }, { type: 'confirm' });
    expect(s.phase.kind).toBe('confirming');
    expect(s.phase.kind === 'confirming' && s.phase.error).toMatch(/Type the organization slug "acme"/);
    s = run(s, { type: 'type-slug', text: 'acme' }, { type: 'confirm' });
    expect(s.phase).toMatchObject({ kind: 'applying', index: 0, allowRisky: ['1.2.1'], stopping: false });
  });

  it('confirms a disruptive change with y and carries the engine warnings', () => {
    const c = control('2.1');
    expect(confirmMode(applicableChanges(c))).toBe('disruptive');
    const s = run(start(), { type: 'collected', controls: [c] }, { type: 'apply', blockers: [], warnings: ['2 members lose access'] });
    // the checks' own warnings come first (the review screen may have clipped them), then the engine's
    const checkWarnings = c.checks.filter((k) => (k.changes ?? []).length > 0).flatMap((k) => k.warnings ?? []);
    expect(s.phase).toMatchObject({ kind: 'confirming', mode: 'disruptive', warnings: [...new Set([...checkWarnings, '2 members lose access'])] });
    expect(run(s, { type: 'confirm' }).phase.kind).toBe('applying');
    expect(run(s, { type: 'cancel' }).phase).toMatchObject({ kind: 'reviewing', index: 0 });
    // d on the confirmation: every consequence, and the question stays
    const all = run(s, { type: 'toggle-details' });
    expect(all.phase).toMatchObject({ kind: 'confirming', details: true, warnings: expect.arrayContaining(['2 members lose access']) });
    expect(run(all, { type: 'toggle-details' }).phase).toMatchObject({ kind: 'confirming', details: false });
    expect(run(all, { type: 'confirm' }).phase.kind).toBe('applying');
  });

  it('refuses to confirm when the pre-flight blocks the whole plan', () => {
    const s = run(start(), { type: 'collected', controls: [control('1.2')] }, { type: 'apply', blockers: ['the acting user has no 2FA'], warnings: [] });
    expect(s.phase).toMatchObject({ kind: 'reviewing', notice: expect.stringContaining('the acting user has no 2FA') });
  });

  it('applies only the checks the pre-flight does not refuse', () => {
    const c = control('2.1');
    const s = run(start(), { type: 'collected', controls: [c] }, { type: 'apply', blockers: ['2.1.3: no'], warnings: [], refusedChecks: ['2.1.3'] });
    expect(s.phase.kind).toBe('confirming');
    if (s.phase.kind !== 'confirming') return;
    expect(s.phase.changes.map((x) => x.checkId)).not.toContain('2.1.3');
    expect(s.phase.warnings).toContain('Not applied: 2.1.3: no');
  });

  it('says why nothing can be applied on a manual control', () => {
    const s = run(start(), { type: 'collected', controls: [control('1.1')] }, noPreflight);
    expect(s.phase).toMatchObject({ kind: 'reviewing', notice: expect.stringMatching(/by hand/) });
  });

  it('tracks requests while applying and records the outcomes with the read-back status', () => {
    const [c21, c12] = [control('2.1'), control('1.2')];
    const req = request('organization:acme', 'PUT organization acme: openMembership');
    let s = run(start(), { type: 'collected', controls: [c21, c12] }, noPreflight, { type: 'confirm' });
    s = run(s, { type: 'session-started', id: 'S1', dir: '/tmp/S1' }, { type: 'request-started', request: req });
    expect(s.phase.kind === 'applying' && s.phase.requests).toEqual([{ request: req, status: 'running' }]);
    s = run(s, { type: 'request-finished', outcome: outcome(req, 'applied') });
    expect(s.phase.kind === 'applying' && s.phase.requests[0]?.status).toBe('applied');
    const refreshed = [{ ...c21, status: 'manual' as const }, { ...c12, title: 'read back' }];
    s = run(s, { type: 'apply-finished', outcomes: [outcome(req, 'applied')], refreshed });
    expect(s.session).toEqual({ id: 'S1', dir: '/tmp/S1' });
    expect(s.records[0]).toMatchObject({ controlId: '2.1', before: 'fail', after: 'manual', decision: { kind: 'applied' } });
    // later controls are judged on the state read back
    expect(s.controls[1]?.title).toBe('read back');
    expect(s.phase).toMatchObject({ kind: 'reviewing', index: 1 });
    expect(position(s)).toEqual({ k: 2, n: 2 });
  });

  it('Ctrl+C while applying waits for the engine, then ends interrupted with exit 130', () => {
    const req = request('r1', 'PUT organization acme');
    let s = run(start(), { type: 'collected', controls: [control('2.1'), control('1.2')] }, noPreflight, { type: 'confirm' }, { type: 'interrupt' });
    expect(s.phase).toMatchObject({ kind: 'applying', stopping: true });
    s = run(s, { type: 'apply-finished', outcomes: [outcome(req, 'applied'), outcome(request('r2', 'x'), 'skipped', 'stopped before this request')] });
    expect(s.phase).toEqual({ kind: 'summary', interrupted: true });
    expect(s.records.map((r) => [r.controlId, r.decision.kind])).toEqual([
      ['2.1', 'interrupted'],
      ['1.2', 'skipped'],
    ]);
    expect(exitCodeOf(s)).toBe(130);
  });

  it('q records the rest as skipped and shows the summary', () => {
    const s = run(start(), { type: 'collected', controls: controlsOf() }, { type: 'quit' });
    expect(s.phase).toEqual({ kind: 'summary', interrupted: false });
    expect(s.records).toHaveLength(controlsOf().length);
    expect(exitCodeOf(s)).toBe(1);
  });

  it('edits: opens the only spec directly, or a picker for several; edit-done replaces the control', () => {
    const c = control('2.1');
    const spec = { kind: 'rate-limit', checkId: '3.2.1', label: 'rate', initial: '1000/60' } as const;
    let s = run(start(), { type: 'collected', controls: [c] }, { type: 'edit', specs: [spec] });
    expect(s.phase).toMatchObject({ kind: 'editing', pick: 0 });
    s = run(s, { type: 'edit-error', message: 'bad' });
    expect(s.phase).toMatchObject({ kind: 'editing', error: 'bad' });
    s = run(s, { type: 'edit-done', control: { ...c, title: 'edited' } });
    expect(s.phase).toMatchObject({ kind: 'reviewing', index: 0 });
    expect(s.controls[0]?.title).toBe('edited');
    const two = run(start(), { type: 'collected', controls: [c] }, { type: 'edit', specs: [spec, spec] });
    expect(two.phase).toMatchObject({ kind: 'editing', pick: null });
    expect(run(two, { type: 'edit-pick', pick: 1 }).phase).toMatchObject({ pick: 1 });
    expect(run(start(), { type: 'collected', controls: [c] }, { type: 'edit', specs: [] }).phase).toMatchObject({ kind: 'reviewing', notice: expect.any(String) });
  });

  it('d toggles details; a fatal error ends in `failed` with exit 2', () => {
    let s = run(start(), { type: 'collected', controls: [control('2.1')] }, { type: 'toggle-details' });
    expect(s.phase).toMatchObject({ kind: 'reviewing', details: true });
    s = run(s, { type: 'toggle-details' });
    expect(s.phase).toMatchObject({ details: false });
    const f = run(start(), { type: 'fatal', message: 'could not reach' });
    expect(f.phase).toEqual({ kind: 'failed', message: 'could not reach' });
    expect(exitCodeOf(f)).toBe(2);
  });

  it('ignores events that do not belong to the phase', () => {
    const s = run(start(), { type: 'collected', controls: [control('2.1')] });
    expect(run(s, { type: 'confirm' })).toBe(s);
    expect(run(s, { type: 'request-started', request: request('x', 'x') })).toBe(s);
    const done = run(s, { type: 'quit' });
    expect(run(done, { type: 'skip' })).toBe(done);
  });

  it('exit code 0 when nothing fails after the session', () => {
    const all = controlsOf().map((c) => ({ ...c, status: 'pass' as const, checks: c.checks.map((k) => ({ ...k, status: 'pass' as const })) }));
    const s = run(start(), { type: 'collected', controls: all });
    expect(s.phase.kind).toBe('summary');
    expect(exitCodeOf(s)).toBe(0);
  });
});

describe('a key rotation (3.2.4) in two steps', () => {
  it('stays on the control after the new keys are created, then records both applies once', () => {
    const c = control('2.1');
    const create = { ...request('key:web:new', 'POST key of web'), changes: [] };
    const deactivate = {
      ...request('key:web:old', 'PUT key of web: isActive'),
      changes: [{ checkId: '3.2.4', target: { type: 'key' as const, id: 'old', project: 'web' }, field: 'isActive', before: true, after: false, risk: 'risky' as const, reversible: true, context: { afterCreateOf: 'old' } }],
    };
    let s = run(initialState({ org: 'acme', region: 'r', level: 'L3' }), { type: 'collected', controls: [c, control('1.2')] }, { type: 'apply', blockers: [], warnings: [] }, { type: 'confirm' });
    s = run(s, { type: 'apply-finished', outcomes: [outcome(create, 'applied'), { ...outcome(deactivate, 'held-back'), heldBackFlag: '--allow-risky 3.2.4' }], refreshed: [c, control('1.2')] });
    expect(s.phase).toMatchObject({ kind: 'reviewing', index: 0, notice: expect.stringMatching(/Deploy their DSNs/) });
    expect(s.records).toEqual([]);
    s = run(s, { type: 'apply', blockers: [], warnings: [] }, { type: 'confirm' }, { type: 'apply-finished', outcomes: [outcome(deactivate, 'applied')] });
    expect(s.records).toHaveLength(1);
    const d = s.records[0]!.decision;
    expect(d.kind === 'applied' && d.outcomes.map((o) => `${o.request.id}:${o.status}`)).toEqual(['key:web:new:applied', 'key:web:old:applied']);
    expect(s.carried).toBeUndefined();
  });

  it('skipping the second step keeps the first apply in the record', () => {
    const c = control('2.1');
    const create = request('key:web:new', 'POST key of web');
    const held = { ...request('key:web:old', 'PUT key'), changes: [{ checkId: '3.2.4', target: { type: 'key' as const, id: 'old', project: 'web' }, field: 'isActive', before: true, after: false, risk: 'risky' as const, reversible: true, context: { afterCreateOf: 'old' } }] };
    let s = run(initialState({ org: 'acme', region: 'r', level: 'L3' }), { type: 'collected', controls: [c] }, { type: 'apply', blockers: [], warnings: [] }, { type: 'confirm' });
    s = run(s, { type: 'apply-finished', outcomes: [outcome(create, 'applied'), outcome(held, 'held-back')], refreshed: [c] }, { type: 'skip' });
    expect(s.records[0]?.decision).toMatchObject({ kind: 'applied', outcomes: [{ status: 'applied' }, { status: 'held-back' }] });
  });
});
