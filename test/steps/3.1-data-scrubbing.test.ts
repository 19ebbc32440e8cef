import { describe, expect, it } from 'vitest';
import { control3_1 } from '../../steps/3.1-data-scrubbing.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { missingPiiRules, parsePiiConfig } from '../../src/state/pii-config.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const withOrg = (over: Parameters<typeof makeOrg>[0], state: Partial<OrgState> = {}): OrgState =>
  makeState({ org: partOk(makeOrg(over)), ...state });

describe('control 3.1 metadata', () => {
  it('matches POLICY.md', () => {
    expect(control3_1).toMatchObject({ id: '3.1', title: 'Configure Data Scrubbing', level: 'L1', frameworks: { cis: ['3.1'], nist: ['SI-12'], soc2: [] } });
    expect(control3_1.checks.map((c) => [c.id, c.level, c.automation, c.risk])).toEqual([
      ['3.1.1', 'L1', 'auto', 'none'],
      ['3.1.2', 'L1', 'auto', 'none'],
      ['3.1.3', 'L1', 'auto', 'disruptive'],
      ['3.1.4', 'L1', 'manual', 'none'],
      ['3.1.5', 'L2', 'auto', 'disruptive'],
      ['3.1.6', 'L2', 'auto', 'disruptive'],
      ['3.1.7', 'L2', 'auto', 'none'],
      ['3.1.8', 'L2', 'auto', 'none'],
      ['3.1.9', 'L3', 'auto', 'disruptive'],
      ['3.1.10', 'L3', 'auto', 'none'],
    ]);
  });

  it('a hardened org passes every check (3.1.4 is manual)', () => {
    const state = makeState();
    for (const c of control3_1.checks) {
      expect(run(c.id, state).status, c.id).toBe(c.id === '3.1.4' ? 'manual' : 'pass');
    }
  });

  it('every check reports an unreadable org as error', () => {
    const state = makeState({ org: partError('403 org:read missing') });
    for (const c of control3_1.checks.filter((x) => x.id !== '3.1.4')) {
      const out = run(c.id, state);
      expect(out.status, c.id).toBe('error');
      expect(out.reason).toContain('403 org:read missing');
    }
  });
});

describe('3.1.1 / 3.1.2 / 3.1.5 org toggles with effective project values', () => {
  it('org off and project off: org finding plus the project whose scrubbing is really off', () => {
    const state = withOrg({ dataScrubber: false }, {
      projects: partOk([makeProject({ slug: 'web', dataScrubber: false }), makeProject({ slug: 'api', dataScrubber: true })]),
    });
    const out = run('3.1.1', state);
    expect(out.status).toBe('fail');
    expect(out.findings).toHaveLength(2);
    expect(out.findings[0]).toMatchObject({ resource: { type: 'organization', id: 'acme' }, field: 'dataScrubber', current: false, expected: true, source: 'organization' });
    expect(out.findings[1]).toMatchObject({ resource: { type: 'project', id: 'web' }, current: false, source: 'project' });
    expect(out.changes).toEqual([
      { checkId: '3.1.1', target: { type: 'organization', id: 'acme' }, field: 'dataScrubber', before: false, after: true, risk: 'none', reversible: true },
    ]);
  });

  it('an org requirement covers a project that turned scrubbing off', () => {
    const state = makeState({ projects: partOk([makeProject({ dataScrubber: false, dataScrubberDefaults: false })]) });
    expect(run('3.1.1', state).status).toBe('pass');
    expect(run('3.1.2', state).status).toBe('pass');
  });

  it('3.1.2 fails on dataScrubberDefaults false', () => {
    const out = run('3.1.2', withOrg({ dataScrubberDefaults: false }));
    expect(out.status).toBe('fail');
    expect(out.changes?.[0]).toMatchObject({ field: 'dataScrubberDefaults', before: false, after: true });
  });

  it('3.1.5 is disruptive and warns', () => {
    const out = run('3.1.5', withOrg({ scrubIPAddresses: false }));
    expect(out.status).toBe('fail');
    expect(out.changes?.[0]).toMatchObject({ field: 'scrubIPAddresses', after: true, risk: 'disruptive' });
    expect(out.changes?.[0]?.consequence).toMatch(/IP addresses/);
    expect(out.warnings?.length).toBe(1);
    // the fixture project does not scrub IPs itself: effective value off, from the project
    expect(out.findings[1]).toMatchObject({ resource: { type: 'project', id: 'backend' }, field: 'scrubIPAddresses', source: 'project' });
  });

  it('3.1.7 and 3.1.8', () => {
    expect(run('3.1.7', withOrg({ allowSharedIssues: true })).changes?.[0]).toMatchObject({ field: 'allowSharedIssues', before: true, after: false });
    expect(run('3.1.8', withOrg({ enhancedPrivacy: false })).changes?.[0]).toMatchObject({ field: 'enhancedPrivacy', before: false, after: true });
  });
});

describe('3.1.3 sensitive fields', () => {
  it('plans the union, keeping existing entries', () => {
    const out = run('3.1.3', withOrg({ sensitiveFields: ['employee_id', 'CVV'] }));
    expect(out.status).toBe('fail');
    const change = out.changes?.[0];
    expect(change?.before).toEqual(['employee_id', 'CVV']);
    expect(change?.after).toEqual(['employee_id', 'CVV', 'credit_card', 'card_number', 'bank_account', 'routing_number', 'social_security', 'passport_number', 'date_of_birth', 'tax_id']);
    expect(change?.risk).toBe('disruptive');
    expect(out.findings[0]?.message).toContain('credit_card');
    expect(out.findings[0]?.message).not.toContain('cvv');
  });

  it('compares names trimmed and case-insensitively', () => {
    expect(run('3.1.3', withOrg({ sensitiveFields: [' TAX_ID '] }), { sensitiveFields: ['tax_id'] }).status).toBe('pass');
  });

  it('refuses to plan past the 4,000-character limit', () => {
    const long = Array.from({ length: 40 }, (_, i) => `custom_field_${String(i).padStart(3, '0')}_${'x'.repeat(81)}`);
    expect(long.join('').length).toBeLessThanOrEqual(4000); // valid today, too long with the policy's fields
    expect(long.join('').length + DEFAULT_POLICY.sensitiveFields.join('').length).toBeGreaterThan(4000);
    const out = run('3.1.3', withOrg({ sensitiveFields: long }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([]);
    expect(out.findings[0]?.message).toMatch(/at most 4,000 characters/);
  });

  it('plans right up to the limit', () => {
    const existing = ['a'.repeat(4000 - 'tax_id'.length)];
    const out = run('3.1.3', withOrg({ sensitiveFields: existing }), { sensitiveFields: ['tax_id'] });
    expect(out.changes).toHaveLength(1);
    const over = run('3.1.3', withOrg({ sensitiveFields: ['a'.repeat(4000 - 'tax_id'.length + 1)] }), { sensitiveFields: ['tax_id'] });
    expect(over.changes).toEqual([]);
  });

  it('warns about very short names', () => {
    const out = run('3.1.3', withOrg({ sensitiveFields: [] }), { sensitiveFields: ['id'] });
    expect(out.warnings?.join(' ')).toMatch(/Very short names \(id\)/);
  });
});

describe('3.1.4 SDK scrubbing', () => {
  it('is manual with guidance for the platforms in use', () => {
    const state = makeState({ projects: partOk([makeProject({ slug: 'web', platform: 'javascript-react' }), makeProject({ slug: 'api', platform: 'python-django' })]) });
    const out = run('3.1.4', state);
    expect(out.status).toBe('manual');
    const text = out.manualSteps?.join('\n') ?? '';
    expect(text).toMatch(/JavaScript.*\(web\).*sendDefaultPii: false/);
    expect(text).toMatch(/Python \(api\).*send_default_pii=False/);
    expect(out.reason).toMatch(/cannot be seen/);
  });
});

describe('3.1.6 safe fields', () => {
  it('a project that adds safe fields fails, at project level', () => {
    const state = makeState({ projects: partOk([makeProject({ slug: 'api', safeFields: ['password', 'trace_id'] })]) });
    const out = run('3.1.6', state, { allowedSafeFields: ['TRACE_ID'] });
    expect(out.status).toBe('fail');
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ resource: { type: 'project', id: 'api' }, field: 'safeFields', source: 'project', expected: ['trace_id'] });
    expect(out.changes).toEqual([
      expect.objectContaining({ target: { type: 'project', id: 'api', name: 'api' }, field: 'safeFields', before: ['password', 'trace_id'], after: ['trace_id'], risk: 'disruptive' }),
    ]);
  });

  it('org safe fields fail at org level', () => {
    const out = run('3.1.6', withOrg({ safeFields: ['request.cookies'] }));
    expect(out.findings[0]).toMatchObject({ resource: { type: 'organization' }, source: 'organization' });
    expect(out.changes?.[0]).toMatchObject({ field: 'safeFields', before: ['request.cookies'], after: [] });
  });

  it('allowed safe fields pass', () => {
    const state = makeState({ org: partOk(makeOrg({ safeFields: ['trace_id'] })), projects: partOk([makeProject({ safeFields: ['Trace_Id'] })]) });
    expect(run('3.1.6', state, { allowedSafeFields: ['trace_id'] }).status).toBe('pass');
  });

  it('unreadable projects are an error unless something already fails', () => {
    const state = makeState({ projects: partError('timeout') });
    expect(run('3.1.6', state).status).toBe('error');
    const failing = makeState({ org: partOk(makeOrg({ safeFields: ['x'] })), projects: partError('timeout') });
    const out = run('3.1.6', failing);
    expect(out.status).toBe('fail');
    expect(out.reason).toContain('timeout');
  });
});

describe('3.1.9 advanced scrubbing rules', () => {
  it('plans the merged config when none is set', () => {
    const out = run('3.1.9', withOrg({ relayPiiConfig: null }));
    expect(out.status).toBe('fail');
    const change = out.changes?.[0];
    expect(change).toMatchObject({ target: { type: 'organization', id: 'acme' }, field: 'relayPiiConfig', before: null, risk: 'disruptive' });
    expect(typeof change?.after).toBe('string');
    const parsed = parsePiiConfig(change?.after as string);
    expect(parsed.ok && missingPiiRules(parsed.config)).toEqual([]);
  });

  it('keeps existing rules and recognises UI-renamed ones', () => {
    const existing = JSON.stringify({
      rules: {
        '0': { type: 'creditcard', redaction: { method: 'mask' } },
        '1': { type: 'pattern', pattern: 'ACME-\\d+', redaction: { method: 'replace', text: '[acct]' } },
      },
      applications: { $string: ['0'], $message: ['1'] },
    });
    const out = run('3.1.9', withOrg({ relayPiiConfig: existing }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.current).toEqual(['creditcard (mask) on $string']);
    const after = JSON.parse(out.changes?.[0]?.after as string);
    expect(after.rules['0']).toEqual({ type: 'creditcard', redaction: { method: 'mask' } });
    expect(after.rules['1']).toEqual({ type: 'pattern', pattern: 'ACME-\\d+', redaction: { method: 'replace', text: '[acct]' } });
    expect(after.applications.$message).toEqual(['1']);
    expect(after.applications.$string[0]).toBe('0');
    expect(out.changes?.[0]?.before).toBe(existing);
  });

  it('does not overwrite a config it cannot read or validate', () => {
    const unreadable = run('3.1.9', withOrg({ relayPiiConfig: '{not json' }));
    expect(unreadable.status).toBe('fail');
    expect(unreadable.changes).toEqual([]);
    expect(unreadable.findings[0]?.message).toMatch(/not valid JSON/);
    const badMethod = JSON.stringify({ rules: { '0': { type: 'email', redaction: { method: 'scramble' } } }, applications: { $string: ['0'] } });
    const invalid = run('3.1.9', withOrg({ relayPiiConfig: badMethod }));
    expect(invalid.changes).toEqual([]);
    expect(invalid.findings[0]?.message).toMatch(/unknown redaction method "scramble"/);
  });
});

describe('3.1.10 crash reports', () => {
  it('plans org 0 and project null, with the source of each value', () => {
    const state = makeState({
      org: partOk(makeOrg({ storeCrashReports: 5 })),
      projects: partOk([makeProject({ slug: 'ios', storeCrashReports: -1 }), makeProject({ slug: 'api', storeCrashReports: 0 }), makeProject({ slug: 'web', storeCrashReports: null })]),
    });
    const out = run('3.1.10', state);
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => [f.resource.id, f.source])).toEqual([['acme', 'organization'], ['ios', 'project']]);
    expect(out.findings[1]?.message).toMatch(/unlimited/);
    expect(out.changes?.map((c) => [c.target.id, c.field, c.before, c.after])).toEqual([
      ['acme', 'storeCrashReports', 5, 0],
      ['ios', 'storeCrashReports', -1, null],
    ]);
  });

  it('passes with org 0 and projects null or 0', () => {
    const state = makeState({ projects: partOk([makeProject({ storeCrashReports: 0 }), makeProject({ slug: 'b', storeCrashReports: null })]) });
    expect(run('3.1.10', state).status).toBe('pass');
  });
});

describe('3.1.5 reads what its findings need', () => {
  it('asks for the project list, so `--only 3.1.5` still names the projects that store IPs', async () => {
    const { readPlanFor } = await import('../../src/engine/collect.js');
    const check = control3_1.checks.find((c) => c.id === '3.1.5');
    expect(check).toBeDefined();
    expect([...readPlanFor([check!], DEFAULT_POLICY).parts]).toContain('projects');
  });
});
