import { describe, expect, it } from 'vitest';
import { evaluate, exitCodeFor, plannedChanges, requireSelection, selectChecks, summarize } from '../../src/engine/evaluate.js';
import { worstStatus } from '../../src/engine/status.js';
import { UsageError, UserError } from '../../src/errors.js';
import { allCheckIds, CONTROLS, findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckDef, CheckOutcome, CheckStatus, ControlDef, Level, PlannedChange } from '../../steps/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeState, NOW } from '../fixtures/state.js';

const change = (checkId: string): PlannedChange => ({
  checkId, target: { type: 'organization', id: 'acme' }, field: `f${checkId}`, before: false, after: true, risk: 'none', reversible: true,
});

function fakeCheck(id: string, level: Level, outcome: CheckOutcome | (() => CheckOutcome)): CheckDef {
  return {
    id, title: `check ${id}`, level, reads: [], automation: 'auto', risk: 'none', rationale: 'r',
    evaluate: () => (typeof outcome === 'function' ? outcome() : outcome),
  };
}
const out = (status: CheckStatus, changes?: PlannedChange[]): CheckOutcome => ({ status, findings: [], ...(changes ? { changes } : {}) });

const FAKE: ControlDef[] = [
  { id: '1.1', title: 'A', level: 'L1', frameworks: { cis: [], nist: [], soc2: [] }, rationale: 'a', checks: [
    fakeCheck('1.1.1', 'L1', out('pass')),
    fakeCheck('1.1.2', 'L2', out('fail', [change('1.1.2')])),
    fakeCheck('1.1.3', 'L3', out('manual')),
  ] },
  { id: '1.2', title: 'B', level: 'L2', frameworks: { cis: [], nist: [], soc2: [] }, rationale: 'b', checks: [
    fakeCheck('1.2.1', 'L2', out('not_applicable')),
    fakeCheck('1.2.2', 'L2', () => { throw new Error('boom in rule'); }),
    fakeCheck('1.2.3', 'L2', out('pass', [change('1.2.3')])),
  ] },
  { id: '2.1', title: 'C', level: 'L3', frameworks: { cis: [], nist: [], soc2: [] }, rationale: 'c', checks: [
    fakeCheck('2.1.1', 'L3', out('not_applicable')),
    fakeCheck('2.1.2', 'L3', out('pass')),
  ] },
];

describe('selectChecks', () => {
  it('selects cumulatively by level', () => {
    expect(selectChecks('L1', [], [], FAKE)).toEqual(['1.1.1']);
    expect(selectChecks('L2', [], [], FAKE)).toEqual(['1.1.1', '1.1.2', '1.2.1', '1.2.2', '1.2.3']);
    expect(selectChecks('L3', undefined, undefined, FAKE)).toHaveLength(8);
  });

  it('takes control and check ids in only and skip', () => {
    expect(selectChecks('L3', ['1.2'], [], FAKE)).toEqual(['1.2.1', '1.2.2', '1.2.3']);
    expect(selectChecks('L3', ['1.1.3', ' 2.1 '], ['2.1.2'], FAKE)).toEqual(['1.1.3', '2.1.1']);
    expect(selectChecks('L3', [], ['1.1', '1.2.2'], FAKE)).toEqual(['1.2.1', '1.2.3', '2.1.1', '2.1.2']);
    expect(selectChecks('L1', ['1.1.2'], [], FAKE)).toEqual([]);
  });

  it('throws a UsageError naming an unknown id', () => {
    expect(() => selectChecks('L1', ['1.9'], [], FAKE)).toThrow(UsageError);
    expect(() => selectChecks('L1', ['1.9'], [], FAKE)).toThrow(/"1.9"/);
    expect(() => selectChecks('L1', [], ['1.1.1', '7.7.7'], FAKE)).toThrow(/--skip.*"7.7.7"/);
  });

  it('works on the real catalog', () => {
    expect(selectChecks('L1', ['1.2'])).toEqual(['1.2.1']);
    expect(selectChecks('L2', ['2.3'])).toEqual(['2.3.1', '2.3.2', '2.3.3', '2.3.4', '2.3.8']);
    expect(() => selectChecks('L3', ['2.9'])).toThrow(/"2.9"/);
  });
});

describe('evaluate', () => {
  const run = (level: Level, only?: string[], skip?: string[]) => evaluate(makeState(), DEFAULT_POLICY, { level, only, skip, now: NOW, controls: FAKE });

  it('omits controls without a selected check and lists only selected checks', () => {
    const r = run('L1');
    expect(r.map((c) => c.id)).toEqual(['1.1']);
    expect(r[0]?.checks.map((c) => c.id)).toEqual(['1.1.1']);
  });

  it('aggregates the worst status: error > fail > manual > pass > not_applicable', () => {
    const r = run('L3');
    expect(r.map((c) => [c.id, c.status])).toEqual([['1.1', 'fail'], ['1.2', 'error'], ['2.1', 'pass']]);
    expect(run('L3', ['1.1.1', '1.1.3'])[0]?.status).toBe('manual');
    expect(run('L3', ['2.1.1'])[0]?.status).toBe('not_applicable');
    expect(worstStatus(['pass', 'not_applicable'])).toBe('pass');
    expect(worstStatus(['pass', 'accepted'])).toBe('accepted');
    expect(worstStatus(['accepted', 'manual'])).toBe('manual');
    expect(worstStatus(['manual', 'fail', 'error'])).toBe('error');
  });

  it('turns a throwing check into error with its message and keeps going', () => {
    const r = run('L2');
    const thrown = r[1]?.checks.find((c) => c.id === '1.2.2');
    expect(thrown).toMatchObject({ status: 'error', title: 'check 1.2.2', level: 'L2' });
    expect(thrown?.reason).toContain('boom in rule');
    expect(r[1]?.checks.find((c) => c.id === '1.2.3')?.status).toBe('pass');
  });

  it('summarizes, collects changes of failing checks only, and picks the exit code', () => {
    const r = run('L3');
    expect(summarize(r)).toEqual({ pass: 3, fail: 1, manual: 1, not_applicable: 2, error: 1, accepted: 0 });
    expect(plannedChanges(r).map((c) => c.checkId)).toEqual(['1.1.2']);
    expect(exitCodeFor(r)).toBe(1);
    expect(exitCodeFor(run('L3', ['1.1.1', '1.1.3', '2.1']))).toBe(0);
    expect(exitCodeFor(run('L3', ['1.2.2']))).toBe(1);
    expect(exitCodeFor([])).toBe(0);
  });
});

describe('evaluate on the real catalog', () => {
  it('evaluates identity checks of a hardened org as passing at L1', () => {
    const r = evaluate(makeState(), DEFAULT_POLICY, { level: 'L1', only: ['1.2', '2.1', '2.3'], now: NOW });
    expect(r.map((c) => [c.id, c.status])).toEqual([['1.2', 'pass'], ['2.1', 'pass'], ['2.3', 'pass']]);
    expect(exitCodeFor(r)).toBe(0);
  });

  it('plans require2FA when it is off and reports a missing part as error', () => {
    const state = makeState({ org: partOk(makeOrg({ require2FA: false })) });
    const r = evaluate(state, DEFAULT_POLICY, { level: 'L1', only: ['1.2'], now: NOW });
    expect(plannedChanges(r)).toEqual([expect.objectContaining({ checkId: '1.2.1', field: 'require2FA' })]);
    const broken = evaluate(makeState({ members: partError('HTTP 403') }), DEFAULT_POLICY, { level: 'L1', only: ['2.3'], now: NOW });
    expect(broken[0]?.status).toBe('error');
    expect(exitCodeFor(broken)).toBe(1);
  });

  it('never crashes on the full catalog at L3', () => {
    const r = evaluate(makeState(), DEFAULT_POLICY, { level: 'L3', now: NOW });
    expect(r.map((c) => c.id)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '4.1']);
    for (const c of r) for (const k of c.checks) if (k.status === 'error') expect(k.reason, k.id).toBeTruthy();
  });
});

describe('catalog', () => {
  it('lists the controls in guide order (2.5, 3.5 and 3.6 go beyond the guide) with unique check ids', () => {
    expect(CONTROLS.map((c) => c.id)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '4.1']);
    const ids = allCheckIds();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith(`${findCheck(id)?.control.id}.`), id).toBe(true);
  });

  it('finds a check with its control', () => {
    expect(findCheck('2.3.4')).toMatchObject({ control: { id: '2.3' }, check: { id: '2.3.4', level: 'L2' } });
    expect(findCheck('9.9.9')).toBeUndefined();
  });
});

describe('requireSelection: a selection that leaves nothing is an error, never an empty pass', () => {
  it('names the level a check needs', () => {
    expect(() => requireSelection('L1', ['1.1.4'])).toThrow(UserError);
    expect(() => requireSelection('L1', ['1.1.4'])).toThrow('--only 1.1.4 selects nothing at L1: check 1.1.4 is at L3; pass --level L3');
    expect(() => requireSelection('L1', ['2.2'])).toThrow('--only 2.2 selects nothing at L1: its checks start at L2; pass --level L2');
  });
  it('names the --skip that removed everything', () => {
    expect(() => requireSelection('L1', ['1.2'], ['1.2.1'])).toThrow('--skip 1.2.1 leaves no check of --only 1.2 to evaluate at L1');
    expect(() => requireSelection('L3', [], CONTROLS.map((c) => c.id))).toThrow(/^--skip 1\.1,.* leaves no check to evaluate at L3/);
  });
  it('returns the selection when something is left', () => {
    expect(requireSelection('L3', ['1.1.4'])).toEqual(['1.1.4']);
    expect(requireSelection('L1', ['2.1'], ['2.1.1'])).toEqual(['2.1.2']);
  });
});
