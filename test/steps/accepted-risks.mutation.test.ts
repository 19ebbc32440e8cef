// Accepted risks (steps/accepted-risks.ts) as behaviour, found by mutation testing (issue 21): the
// rules README.md "Accepted risks" and docs/policy.md state — holds through the `expires` day (UTC),
// fails again from the next; a `resource` (project slug, member email, key id or `type:id`) covers
// only that resource's findings and changes; an error is never accepted; unknown check ids are
// exit 2. These are the tool's own rules (Sentry has no accepted-risk concept), so the expected
// values come from that documentation; the resource shapes are steps/resource-ref.ts's.
import { describe, expect, it } from 'vitest';
import { applyAcceptedRisks, isExpired, resourceMatches, validateAcceptedRisks } from '../../steps/accepted-risks.js';
import { PolicyError, type AcceptedRisk } from '../../steps/policy.js';
import type { CheckResult, ControlResult, Finding, PlannedChange, ResourceRef } from '../../steps/types.js';
import { worstStatus } from '../../src/engine/status.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const risk = (over: Partial<AcceptedRisk> = {}): AcceptedRisk => ({ check: '2.1.7', reason: 'symbol upload by on-call', owner: 'alex@acme.test', expires: '2027-01-31', ...over });
const project = (id: string): ResourceRef => ({ type: 'project', id });
const finding = (resource: ResourceRef): Finding => ({ resource, field: 'debugFilesRole', current: 'member', expected: 'admin', message: `${resource.id} lets members upload` });
const change = (target: ResourceRef): PlannedChange => ({ checkId: '2.1.7', target, field: 'debugFilesRole', before: 'member', after: 'admin', risk: 'disruptive', reversible: true });
const check = (over: Partial<CheckResult> = {}): CheckResult => ({
  id: '2.1.7', title: 't', level: 'L1', automation: 'auto', risk: 'disruptive', rationale: 'r',
  status: 'fail', findings: [finding(project('web')), finding(project('api'))], changes: [change(project('web')), change(project('api'))], ...over,
});
const control = (...checks: CheckResult[]): ControlResult => ({ id: '2.1', title: 'c', level: 'L1', frameworks: { cis: [], nist: [], soc2: [] }, rationale: 'r', status: worstStatus(checks.map((c) => c.status)), checks });
const apply = (checks: CheckResult[], risks: AcceptedRisk[], now = NOW): ControlResult => {
  const out = applyAcceptedRisks([control(...checks)], risks, now, worstStatus);
  expect(out).toHaveLength(1);
  return out[0]!;
};

describe('validateAcceptedRisks', () => {
  it('accepts ids of the catalog and refuses any other, naming the entry and the id', () => {
    expect(() => validateAcceptedRisks([risk(), risk({ check: '4.1.2' })], 'p.json')).not.toThrow();
    expect(() => validateAcceptedRisks([], 'p.json')).not.toThrow();
    const refuse = (risks: AcceptedRisk[]): PolicyError => {
      try {
        validateAcceptedRisks(risks, 'p.json');
      } catch (e) {
        return e as PolicyError;
      }
      throw new Error('accepted');
    };
    const e = refuse([risk(), risk({ check: '2.1' })]);
    expect(e).toBeInstanceOf(PolicyError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('p.json: "acceptedRisks.1.check" names no check: "2.1" (see `sentry-harden controls`)');
    expect(refuse([risk({ check: '9.9.9' })]).message).toMatch(/^p\.json: "acceptedRisks\.0\.check" names no check: "9\.9\.9"/);
  });
});

describe('isExpired: through the expires day (UTC), expired from the next', () => {
  it('the last millisecond of the day holds, the next one does not', () => {
    expect(isExpired({ expires: '2026-12-05' }, new Date('2026-12-05T00:00:00.000Z'))).toBe(false);
    expect(isExpired({ expires: '2026-12-05' }, new Date('2026-12-05T23:59:59.999Z'))).toBe(false);
    expect(isExpired({ expires: '2026-12-05' }, new Date('2026-12-06T00:00:00.000Z'))).toBe(true);
    expect(isExpired({ expires: '2026-12-05' }, new Date('2027-01-01T00:00:00.000Z'))).toBe(true);
  });
});

describe('resourceMatches', () => {
  it('a project by slug or project:slug, trimmed and in any case; not another project or type', () => {
    expect(resourceMatches('web', project('web'))).toBe(true);
    expect(resourceMatches(' Project:WEB ', project('web'))).toBe(true);
    expect(resourceMatches('web', project('web-eu'))).toBe(false);
    expect(resourceMatches('team:web', project('web'))).toBe(false);
    expect(resourceMatches('', project('web'))).toBe(false);
    // "project/id" is only for resources inside a project (keys, filters): a project has no project
    expect(resourceMatches('undefined/web', project('web'))).toBe(false);
  });

  it('a member by id, email or member:email; an email alone does not match another member', () => {
    const m: ResourceRef = { type: 'member', id: '42', email: 'Dev@Acme.test' };
    for (const s of ['42', 'member:42', 'dev@acme.test', 'member:DEV@acme.test']) expect(resourceMatches(s, m), s).toBe(true);
    for (const s of ['43', 'ops@acme.test', 'invitation:dev@acme.test', 'member:ops@acme.test']) expect(resourceMatches(s, m), s).toBe(false);
  });

  it('a key by id, key:id or project/id; project/id of another project is another key', () => {
    const k: ResourceRef = { type: 'key', id: 'abc', project: 'web' };
    for (const s of ['abc', 'key:abc', 'web/abc', 'WEB/ABC']) expect(resourceMatches(s, k), s).toBe(true);
    for (const s of ['api/abc', 'web', 'key:web', 'abc/web']) expect(resourceMatches(s, k), s).toBe(false);
  });
});

describe('applyAcceptedRisks', () => {
  it('without acceptances the results are the same', () => {
    const results = [control(check())];
    const out = applyAcceptedRisks(results, [], NOW, worstStatus);
    expect(out).toEqual(results);
    expect(out).not.toBe(results);
  });

  it('an acceptance of another check leaves this one as it was', () => {
    const c = check();
    expect(apply([c], [risk({ check: '2.1.6' })]).checks[0]).toBe(c);
  });

  it('a whole-check acceptance: accepted, findings moved aside, no changes, control status recomputed', () => {
    const r = risk();
    const c = check();
    const out = apply([c, check({ id: '2.1.6', status: 'pass', findings: [], changes: [] })], [r]);
    expect(out.status).toBe('accepted');
    expect(out.checks[0]).toEqual({
      ...c,
      status: 'accepted',
      acceptances: [{ check: '2.1.7', reason: 'symbol upload by on-call', owner: 'alex@acme.test', expires: '2027-01-31' }],
      acceptedFindings: c.findings,
      findings: [],
      changes: [],
    });
    expect(out.checks[0]).not.toHaveProperty('expiredAcceptances');
    expect(out.checks[1]?.status).toBe('pass');
  });

  it('holds on its expires day and fails again the day after, naming the expired acceptance', () => {
    const r = risk({ expires: '2026-12-06' });
    expect(apply([check()], [r]).checks[0]?.status).toBe('accepted');
    const later = apply([check()], [r], new Date('2026-12-07T00:00:00Z'));
    expect(later.status).toBe('fail');
    expect(later.checks[0]).toEqual({ ...check(), expiredAcceptances: [{ check: '2.1.7', reason: 'symbol upload by on-call', owner: 'alex@acme.test', expires: '2026-12-06' }] });
  });

  it('an expired acceptance next to a live one: accepted by the live one, the expired one named', () => {
    const live = risk({ reason: 'live' });
    const old = risk({ reason: 'old', expires: '2026-01-01', resource: 'web' });
    const c = apply([check()], [old, live]).checks[0]!;
    expect(c.status).toBe('accepted');
    expect(c.acceptances?.map((a) => a.reason)).toEqual(['live']);
    expect(c.expiredAcceptances).toEqual([{ check: '2.1.7', resource: 'web', reason: 'old', owner: 'alex@acme.test', expires: '2026-01-01' }]);
  });

  it('never accepts a check that did not fail: an error stays an error (an unread state cannot be accepted)', () => {
    for (const status of ['error', 'manual', 'pass', 'not_applicable'] as const) {
      const c = check({ status, findings: [], changes: [] });
      const out = apply([c], [risk()]);
      expect(out.checks[0], status).toEqual(c);
      expect(out.status, status).toBe(status);
    }
    // an expired acceptance of an erroring check is still named
    expect(apply([check({ status: 'error' })], [risk({ expires: '2026-01-01' })]).checks[0]?.expiredAcceptances).toHaveLength(1);
  });

  it('a resource acceptance covers only that resource: the other finding and its change stay, the check still fails', () => {
    const r = risk({ resource: 'web' });
    const out = apply([check()], [r]);
    expect(out.status).toBe('fail');
    expect(out.checks[0]).toMatchObject({
      status: 'fail',
      findings: [finding(project('api'))],
      acceptedFindings: [finding(project('web'))],
      acceptances: [{ check: '2.1.7', resource: 'web', reason: 'symbol upload by on-call', owner: 'alex@acme.test', expires: '2027-01-31' }],
      changes: [change(project('api'))],
    });
  });

  it('resource acceptances covering every finding make the check accepted, each acceptance named once', () => {
    const web = risk({ resource: 'project:web' });
    const api = risk({ resource: 'api', reason: 'other' });
    const c = check({ findings: [finding(project('web')), finding(project('api')), finding(project('web'))] });
    const out = apply([c], [web, api]).checks[0]!;
    expect(out.status).toBe('accepted');
    expect(out.findings).toEqual([]);
    expect(out.acceptedFindings).toHaveLength(3);
    expect(out.acceptances?.map((a) => a.resource)).toEqual(['project:web', 'api']);
    expect(out.changes).toEqual([]);
  });

  it('the first matching acceptance is the one named when two name the same resource', () => {
    const out = apply([check({ findings: [finding(project('web'))] })], [risk({ resource: 'web', reason: 'first' }), risk({ resource: 'project:web', reason: 'second' })]).checks[0]!;
    expect(out.acceptances?.map((a) => a.reason)).toEqual(['first']);
  });

  it('a resource acceptance that matches no finding changes nothing (the check fails as before)', () => {
    const c = check();
    expect(apply([c], [risk({ resource: 'mobile' })]).checks[0]).toEqual(c);
  });

  it('a check without planned changes gets an empty list of changes when partly accepted', () => {
    const out = apply([check({ changes: undefined })], [risk({ resource: 'web' })]).checks[0]!;
    expect(out.changes).toEqual([]);
    expect(out.findings).toEqual([finding(project('api'))]);
  });

  it('only acceptances of this check apply (an acceptance of 2.1.6 does not cover 2.1.7\'s web)', () => {
    const out = apply([check(), check({ id: '2.1.6' })], [risk({ check: '2.1.6', resource: 'web' })]);
    expect(out.checks[0]?.findings).toHaveLength(2);
    expect(out.checks[1]?.findings).toEqual([finding(project('api'))]);
  });
});
