// 3.1: which project, which field and which boundary decides the verdict, found missing by
// mutation testing (issue 21). Sentry/Relay facts: the org toggles are enforced for every project
// (org OR project, src/sentry/datascrubbing.py get_datascrubbing_settings); sensitiveFields is
// limited to 4,000 characters in total (MAX_SENSITIVE_FIELD_CHARS, organization_details.py);
// storeCrashReports -1 = unlimited, 0 = none, null on a project = inherit (project option
// sentry:store_crash_reports, ../shared/sentry-api/projects.md §2.2).
import { describe, expect, it } from 'vitest';
import { control3_1 } from '../../steps/3.1-data-scrubbing.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const org = (over: Parameters<typeof makeOrg>[0]) => partOk(makeOrg(over));

describe('3.1 org toggles: which projects are listed', () => {
  it('lists only the projects whose own toggle is off while the org does not enforce it', () => {
    const projects = partOk([makeProject({ slug: 'on', dataScrubber: true }), makeProject({ slug: 'off', dataScrubber: false })]);
    const out = run('3.1.1', makeState({ org: org({ dataScrubber: false }), projects }));
    expect(out.findings.map((f) => [f.resource.id, f.field, f.source])).toEqual([['acme', 'dataScrubber', 'organization'], ['off', 'dataScrubber', 'project']]);
    expect(out.findings[1]).toMatchObject({ current: false, expected: true, message: 'Data scrubbing is off for this project: the default scrubbers and the sensitive fields do not run (IP scrubbing and advanced rules still do).' });
    expect(out.changes).toEqual([{ checkId: '3.1.1', target: { type: 'organization', id: 'acme' }, field: 'dataScrubber', before: false, after: true, risk: 'none', reversible: true }]);
    expect(out.warnings).toBeUndefined();
  });

  it('reads each toggle of its own check (3.1.2 defaults, 3.1.5 IPs)', () => {
    const projects = partOk([makeProject({ slug: 'p', dataScrubber: false, dataScrubberDefaults: true, scrubIPAddresses: false })]);
    const defaults = run('3.1.2', makeState({ org: org({ dataScrubberDefaults: false, dataScrubber: false }), projects }));
    // p's defaults toggle is on, but its data scrubbing is off, so Relay runs no defaults there
    // (relay-pii src/convert.rs): listed under the toggle that stops them
    expect(defaults.findings.map((f) => [f.resource.id, f.field])).toEqual([['acme', 'dataScrubberDefaults'], ['p', 'dataScrubber']]);
    const ips = run('3.1.5', makeState({ org: org({ scrubIPAddresses: false }), projects }));
    expect(ips.findings.map((f) => [f.resource.id, f.field])).toEqual([['acme', 'scrubIPAddresses'], ['p', 'scrubIPAddresses']]);
    expect(ips.findings[1]?.message).toBe('IP addresses are stored for this project.');
    expect(ips.changes?.[0]).toMatchObject({ risk: 'disruptive', consequence: ips.warnings?.[0] });
  });

  it('still fails on the org value when the projects are unreadable', () => {
    const out = run('3.1.1', makeState({ org: org({ dataScrubber: false }), projects: partError('403') }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['acme']);
  });

  it('does not list projects for the toggles without a project level (3.1.7)', () => {
    const out = run('3.1.7', makeState({ org: org({ allowSharedIssues: true }), projects: partOk([makeProject()]) }));
    expect(out.findings).toHaveLength(1);
    expect(out.changes?.[0]).toMatchObject({ field: 'allowSharedIssues', before: true, after: false });
  });
});

describe('3.1.3 sensitive fields', () => {
  it('appends only the missing policy fields to the existing list', () => {
    const out = run('3.1.3', makeState({ org: org({ sensitiveFields: ['own', 'cvv'] }) }), { sensitiveFields: ['cvv', 'iban'] });
    expect(out.changes?.[0]).toMatchObject({ before: ['own', 'cvv'], after: ['own', 'cvv', 'iban'], risk: 'disruptive' });
    expect(out.findings[0]?.message).toBe('Missing sensitive fields: iban.');
    expect(out.warnings).toEqual([out.changes?.[0]?.consequence]);
  });

  it('warns about names shorter than three characters, not about three', () => {
    const two = run('3.1.3', makeState({ org: org({ sensitiveFields: [] }) }), { sensitiveFields: ['id'] });
    expect(two.warnings).toHaveLength(2);
    expect(two.warnings?.[1]).toMatch(/^Very short names \(id\)/);
    const three = run('3.1.3', makeState({ org: org({ sensitiveFields: [] }) }), { sensitiveFields: ['ssn'] });
    expect(three.warnings).toHaveLength(1);
  });

  it('plans at exactly 4,000 characters and refuses at 4,001', () => {
    const at = (n: number) => run('3.1.3', makeState({ org: org({ sensitiveFields: ['x'.repeat(n - 3)] }) }), { sensitiveFields: ['abc'] });
    expect(at(4000).changes).toHaveLength(1);
    const over = at(4001);
    expect(over.changes).toEqual([]);
    expect(over.findings[0]?.message).toContain('4001 characters long; Sentry accepts at most 4,000 characters in total');
  });
});

describe('3.1.4 SDK guidance', () => {
  it('groups projects of one SDK family and skips unknown platforms', () => {
    const projects = partOk([
      makeProject({ slug: 'web', platform: 'javascript-react' }),
      makeProject({ slug: 'api', platform: 'Node' }),
      makeProject({ slug: 'ml', platform: 'python-django' }),
      makeProject({ slug: 'odd', platform: 'cobol' }),
      makeProject({ slug: 'none', platform: null }),
    ]);
    const out = run('3.1.4', makeState({ projects }));
    expect(out.status).toBe('manual');
    expect(out.manualSteps?.slice(2).map((s) => s.slice(0, s.indexOf(':')))).toEqual(['JavaScript / Node.js (web, api)', 'Python (ml)']);
  });

  it('gives the three most common families when no platform is known or the projects are unreadable', () => {
    for (const projects of [partError<never>('403'), partOk([makeProject({ platform: 'cobol' })])]) {
      const out = run('3.1.4', makeState({ projects }));
      expect(out.manualSteps?.slice(2).map((s) => s.slice(0, s.indexOf(':')))).toEqual(['JavaScript / Node.js', 'Python', 'Ruby']);
    }
  });

  it.each([
    ['react-native', 'JavaScript / Node.js'], ['bun', 'JavaScript / Node.js'], ['deno', 'JavaScript / Node.js'],
    ['rails', 'Ruby'], ['laravel', 'PHP'], ['symfony', 'PHP'], ['php', 'PHP'], ['android', 'Java / Android'], ['kotlin', 'Java / Android'], ['java-spring', 'Java / Android'],
    ['go', 'Go'], ['dotnet', '.NET'], ['csharp', '.NET'], ['apple-ios', 'Apple'], ['cocoa', 'Apple'], ['swift', 'Apple'],
    ['flutter', 'Flutter / Dart'], ['dart', 'Flutter / Dart'], ['rust', 'Rust'], ['elixir', 'Elixir'], ['ruby', 'Ruby'],
  ])('platform %s gets the %s guidance', (platform, label) => {
    const out = run('3.1.4', makeState({ projects: partOk([makeProject({ slug: 'p', platform })]) }));
    expect(out.manualSteps?.[2]?.startsWith(`${label} (p): `)).toBe(true);
  });
});

describe('3.1.6 safe fields: the fix removes only what the policy does not allow', () => {
  it('keeps allowed org safe fields and removes every disallowed one', () => {
    const out = run('3.1.6', makeState({ org: org({ safeFields: ['trace_id', 'password', 'x'] }) }), { allowedSafeFields: ['TRACE_ID'] });
    expect(out.changes).toEqual([{
      checkId: '3.1.6', target: { type: 'organization', id: 'acme' }, field: 'safeFields', before: ['trace_id', 'password', 'x'], after: ['trace_id'],
      risk: 'disruptive', reversible: true, consequence: 'From now on "password", "x" are scrubbed again like any other field in new events.',
    }]);
    expect(out.findings[0]).toMatchObject({ expected: ['trace_id'], source: 'organization' });
  });

  it('fixes each project separately, keeping its allowed fields, and names one field in the singular', () => {
    const projects = partOk([makeProject({ slug: 'a', safeFields: ['trace_id', 'cookie'] }), makeProject({ slug: 'b', safeFields: ['trace_id'] })]);
    const out = run('3.1.6', makeState({ org: org({ safeFields: ['org_field'] }), projects }), { allowedSafeFields: ['trace_id', 'org_field'] });
    expect(out.changes).toEqual([{
      checkId: '3.1.6', target: { type: 'project', id: 'a', name: 'a' }, field: 'safeFields', before: ['trace_id', 'cookie'], after: ['trace_id'],
      risk: 'disruptive', reversible: true, consequence: 'From now on "cookie" is scrubbed again like any other field in new events.',
    }]);
    expect(out.findings[0]?.message).toBe('Project safe fields outside the policy: cookie (effective safe fields: org_field, trace_id, cookie).');
  });

  it('fails with the unreadable projects named when the org already fails', () => {
    const out = run('3.1.6', makeState({ org: org({ safeFields: ['x'] }), projects: partError('403') }));
    expect(out.status).toBe('fail');
    expect(out.reason).toBe('Not evaluated (could not be read): projects: 403');
  });
});

describe('3.1.9 advanced rules', () => {
  it('wants the credit-card type: a mask rule of another type on $string does not count', () => {
    const config = JSON.stringify({
      rules: { '0': { type: 'iban', redaction: { method: 'mask' } }, '1': { type: 'iban', redaction: { method: 'replace', text: '[iban]' } }, '2': { type: 'anything', redaction: { method: 'remove' } } },
      applications: { $string: ['0', '1'], '$http.headers.authorization': ['2'], '$http.headers.x-api-key': ['2'], '$http.cookies': ['2'], '**.password': ['2'] },
    });
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: config }) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toBe('Missing advanced scrubbing rules: creditcard (mask) on $string.');
    expect(out.findings[0]?.current).toEqual([
      'iban (replace) on $string', 'anything (remove) on $http.headers.authorization', 'anything (remove) on $http.headers.x-api-key',
      'anything (remove) on $http.cookies', 'anything (remove) on **.password',
    ]);
    const after = JSON.parse(out.changes?.[0]?.after as string);
    expect(after.applications.$string).toEqual(['0', '1', 'sentry-harden-creditcard-mask']);
  });

  it('plans nothing and reads nothing further when the config is not JSON', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: '{"rules":' }) }));
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings[0]).toMatchObject({ current: 'unreadable', field: 'relayPiiConfig' });
    expect(out.findings[0]?.message).toMatch(/^relayPiiConfig is not valid JSON .*\. The tool does not overwrite rules it cannot read/);
  });

  it('plans nothing when the existing rules are invalid, naming the problem', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ rules: { a: { type: 'anything', redaction: { method: 'zap' } } }, applications: {} }) }) }));
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings[0]?.message).toContain('The existing rules have problems (rule "a" has unknown redaction method "zap"');
  });

  it('is manual, naming the rule, when a rule type is not one of Relay\'s', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ rules: { a: { type: 'nope' } }, applications: {} }) }) }));
    expect(out).toMatchObject({ status: 'manual', findings: [] });
    expect(out.reason).toContain('"a" has type "nope"');
  });

  // every required rule through Relay's built-ins (relay-pii src/builtin.rs)
  const builtins = {
    $string: ['@creditcard:mask', '@iban:replace'],
    '$http.headers.authorization': ['@anything:remove'],
    '$http.headers.x-api-key': ['@anything:remove'],
    '$http.cookies': ['@anything:remove'],
    '**.password': ['@anything:remove'],
  };

  it('passes with the built-ins, also next to a rule Relay loads but does not apply (unknown method)', () => {
    expect(run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ applications: builtins }) }) })).status).toBe('pass');
    const withOther = { rules: { a: { type: 'email', redaction: { method: 'foo' } } }, applications: { ...builtins, $message: ['a'] } };
    expect(run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify(withOther) }) })).status).toBe('pass');
  });

  it('fails, planning nothing, when a non-object rule is named like the built-in (Relay cannot load the config)', () => {
    const config = JSON.stringify({ rules: { '@creditcard:mask': 'x' }, applications: builtins });
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: config }) }));
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings[0]).toMatchObject({ field: 'relayPiiConfig', current: 'not loadable by Relay', source: 'organization' });
    expect(out.findings[0]?.message).toMatch(/^Relay cannot load the advanced scrubbing rules \(rule "@creditcard:mask" must be an object\), so none of them apply\./);
  });

  it('fails when any other part keeps Relay from loading the config, even with every rule applied', () => {
    for (const bad of [{ rules: { junk: 'x' } }, { rules: { t: {} } }, { rules: null }]) {
      const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ ...bad, applications: builtins }) }) }));
      expect(out.status, JSON.stringify(bad)).toBe('fail');
      expect(out.changes).toEqual([]);
    }
  });

  it('passes with every rule present, wherever the rules are named', () => {
    expect(run('3.1.9', makeState())).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.1.10 crash reports', () => {
  it('describes unlimited, the server default and a number, and leaves inheriting or zero projects alone', () => {
    const projects = partOk([makeProject({ slug: 'inherit', storeCrashReports: null }), makeProject({ slug: 'zero', storeCrashReports: 0 }), makeProject({ slug: 'all', storeCrashReports: -1 })]);
    const out = run('3.1.10', makeState({ org: org({ storeCrashReports: null }), projects }));
    expect(out.findings.map((f) => f.message)).toEqual([
      'The organization stores the server default crash reports per issue; projects that inherit it do too.',
      'The project overrides the organization and stores unlimited crash reports per issue.',
    ]);
    expect(out.changes).toEqual([
      { checkId: '3.1.10', target: { type: 'organization', id: 'acme' }, field: 'storeCrashReports', before: null, after: 0, risk: 'none', reversible: true },
      { checkId: '3.1.10', target: { type: 'project', id: 'all', name: 'all' }, field: 'storeCrashReports', before: -1, after: null, risk: 'none', reversible: true },
    ]);
    expect(run('3.1.10', makeState({ org: org({ storeCrashReports: 5 }) })).findings[0]?.message).toMatch(/^The organization stores 5 crash reports/);
  });

  it('is an error, not a pass, when the org is right but the projects are unreadable', () => {
    expect(run('3.1.10', makeState({ projects: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'Not evaluated (could not be read): projects: 403' });
    const failing = run('3.1.10', makeState({ org: org({ storeCrashReports: -1 }), projects: partError('403') }));
    expect(failing.status).toBe('fail');
    expect(failing.reason).toBe('Not evaluated (could not be read): projects: 403');
  });
});

// Relay runs the defaults only where data scrubbing AND the defaults are on, and the sensitive
// fields only where data scrubbing is on (relay-pii src/convert.rs `to_pii_config`); each setting
// is org OR project (src/sentry/datascrubbing.py get_datascrubbing_settings).
describe('3.1.2 / 3.1.3: projects where Relay does not apply what the org requires', () => {
  const on = makeProject({ slug: 'on', dataScrubber: true, dataScrubberDefaults: true });
  const noDefaults = makeProject({ slug: 'nodef', dataScrubber: true, dataScrubberDefaults: false });
  const off = makeProject({ slug: 'off', dataScrubber: false, dataScrubberDefaults: true });
  const hint = 'Turn on "Require Data Scrubber" (check 3.1.1) or data scrubbing in these projects.';

  it('3.1.2 is an error, not a pass, when the defaults are required but the projects are unreadable and the org does not force scrubbing', () => {
    expect(run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: true }), projects: partError('403') }))).toEqual({
      status: 'error', findings: [],
      reason: 'The default scrubbers are required, but whether data scrubbing is on in each project could not be read (projects: 403); Relay runs the defaults only where it is.',
    });
    expect(run('3.1.2', makeState({ org: org({ dataScrubber: true, dataScrubberDefaults: true }), projects: partError('403') })).status).toBe('pass');
  });

  it('3.1.2 names the toggle that stops the defaults in each project, and warns about projects with scrubbing off', () => {
    const out = run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: false }), projects: partOk([on, noDefaults, off]) }));
    expect(out.findings.map((f) => [f.resource.id, f.field, f.source])).toEqual([
      ['acme', 'dataScrubberDefaults', 'organization'], ['nodef', 'dataScrubberDefaults', 'project'], ['off', 'dataScrubber', 'project'],
    ]);
    expect(out.warnings).toEqual([`Requiring the defaults has no effect where data scrubbing is off (off). ${hint}`]);
    const onlyOn = run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: false }), projects: partOk([on]) }));
    expect(onlyOn.warnings).toBeUndefined();
    const unreadable = run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: false }), projects: partError('403') }));
    expect(unreadable.findings.map((f) => f.resource.id)).toEqual(['acme']);
    expect(unreadable.warnings).toBeUndefined();
  });

  it('3.1.2 fails without a change when the org requires the defaults but a project has scrubbing off', () => {
    const out = run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: true }), projects: partOk([on, off]) }));
    expect(out).toMatchObject({ status: 'fail', changes: [], reason: `The default scrubbers are required, but Relay runs them only where data scrubbing is on too: they do nothing in off. ${hint}` });
    expect(out.findings.map((f) => [f.resource.id, f.field])).toEqual([['off', 'dataScrubber']]);
  });

  it('3.1.3 with every field set: error when the projects are unreadable, pass when the org forces scrubbing', () => {
    expect(run('3.1.3', makeState({ org: org({ dataScrubber: false, sensitiveFields: ['a1'] }), projects: partError('403') }), { sensitiveFields: ['a1'] })).toEqual({
      status: 'error', findings: [],
      reason: 'The sensitive fields are set, but whether data scrubbing is on in each project could not be read (projects: 403); Relay applies them only where it is.',
    });
    expect(run('3.1.3', makeState({ org: org({ dataScrubber: true, sensitiveFields: ['a1'] }), projects: partError('403') }), { sensitiveFields: ['a1'] })).toEqual({ status: 'pass', findings: [] });
    const failing = run('3.1.3', makeState({ org: org({ dataScrubber: false, sensitiveFields: ['a1'] }), projects: partOk([on, off]) }), { sensitiveFields: ['a1'] });
    expect(failing.findings.map((f) => [f.resource.id, f.field, f.source])).toEqual([['off', 'dataScrubber', 'project']]);
    expect(failing.reason).toBe(`The organization's sensitive fields are set, but Relay applies them only where data scrubbing is on: not in off. ${hint}`);
  });

  it('3.1.3 says where the new fields apply: every project, each project, or projects it could not read', () => {
    const where = (dataScrubber: boolean, projects: OrgState['projects']): string =>
      /new events of (.*); stack-frame/.exec(run('3.1.3', makeState({ org: org({ dataScrubber, sensitiveFields: [] }), projects }), { sensitiveFields: ['abc'] }).warnings?.[0] ?? '')?.[1] ?? '';
    expect(where(true, partOk([off]))).toBe('every project');
    expect(where(false, partOk([on]))).toBe('every project (data scrubbing is on in each)');
    expect(where(false, partOk([on, off]))).toBe('projects with data scrubbing on, not in off where it is off');
    expect(where(false, partError('403'))).toBe('projects with data scrubbing on (the projects could not be read to say which)');
  });
});
