// 3.1: whole findings and changes where the earlier tests checked only a status or one field,
// found by mutation testing (issue 21). Field names are the API's (organization_details.py,
// project_details.py; ../shared/sentry-api/projects.md §2.2); what Relay runs where comes from
// relay-pii src/convert.rs `to_pii_config` and src/sentry/datascrubbing.py (org OR project).
import { describe, expect, it } from 'vitest';
import { control3_1 } from '../../steps/3.1-data-scrubbing.js';
import { PII_RULE_TYPES } from '../../src/state/pii-config.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const org = (over: Parameters<typeof makeOrg>[0]) => partOk(makeOrg(over));
const ORG = { type: 'organization', id: 'acme' };

describe('3.1: an unreadable organization is named as such', () => {
  it.each(control3_1.checks.filter((c) => c.id !== '3.1.4').map((c) => c.id))('%s is an error naming the organization settings', (id) => {
    expect(run(id, makeState({ org: partError('403 org:read') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: 403 org:read' });
  });
});

describe('3.1.3 sensitive fields: the finding and the change', () => {
  it('names the field, the organization as source, and plans a reversible change', () => {
    const out = run('3.1.3', makeState({ org: org({ sensitiveFields: ['own'] }) }), { sensitiveFields: ['iban', 'cvv'] });
    expect(out.findings).toEqual([{ resource: ORG, field: 'sensitiveFields', current: ['own'], expected: ['own', 'iban', 'cvv'], message: 'Missing sensitive fields: iban, cvv.', source: 'organization' }]);
    expect(out.changes).toEqual([{
      checkId: '3.1.3', target: ORG, field: 'sensitiveFields', before: ['own'], after: ['own', 'iban', 'cvv'], risk: 'disruptive', reversible: true,
      consequence: 'From now on every key or value that contains "iban", "cvv" (case-insensitive) is replaced with [Filtered] in new events of every project; stack-frame file names, debug files, the formatted log message, exception values and the user agent are never scrubbed this way.',
    }]);
    expect(out.warnings).toEqual([out.changes?.[0]?.consequence]);
  });

  it('warns only about the short names, each named', () => {
    const out = run('3.1.3', makeState({ org: org({ sensitiveFields: [] }) }), { sensitiveFields: ['id', 'iban', 'pw'] });
    expect(out.warnings?.[1]).toBe('Very short names (id, pw) match inside ordinary words and values and will destroy unrelated data.');
  });
});

describe('3.1.6 safe fields: findings and changes', () => {
  it('gives the org finding its field, message and source, and a reversible change', () => {
    const out = run('3.1.6', makeState({ org: org({ safeFields: ['a', 'b'] }) }), { allowedSafeFields: [] });
    expect(out.findings).toEqual([{
      resource: ORG, field: 'safeFields', current: ['a', 'b'], expected: [],
      message: 'Organization safe fields outside the policy: a, b (exempted from scrubbing in every project).', source: 'organization',
    }]);
    expect(out.changes?.[0]).toMatchObject({ reversible: true, risk: 'disruptive', consequence: 'From now on "a", "b" are scrubbed again like any other field in new events.' });
  });

  it('gives a project finding the project as source and a reversible change, and passes clean projects', () => {
    const projects = partOk([makeProject({ slug: 'ok', safeFields: ['trace_id'] }), makeProject({ slug: 'p', safeFields: ['x'] })]);
    const out = run('3.1.6', makeState({ projects }), { allowedSafeFields: ['trace_id'] });
    expect(out.findings).toEqual([{
      resource: { type: 'project', id: 'p', name: 'p' }, field: 'safeFields', current: ['x'], expected: [],
      message: 'Project safe fields outside the policy: x (effective safe fields: x).', source: 'project',
    }]);
    expect(out.changes?.map((c) => [c.target.id, c.reversible])).toEqual([['p', true]]);
    expect(out.reason).toBeUndefined();
  });

  it('passes with nothing else when org and projects keep to the policy', () => {
    expect(run('3.1.6', makeState())).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.1.9 advanced rules: the finding and the change', () => {
  it('names what is missing and what is there, and plans one reversible change with its warning', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: null }) }));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: ORG, field: 'relayPiiConfig', current: [],
      expected: [
        'creditcard (mask) on $string', 'iban (replace) on $string', 'anything (remove) on $http.headers.authorization',
        'anything (remove) on $http.headers.x-api-key', 'anything (remove) on $http.cookies', 'anything (remove) on **.password',
      ],
      message: 'Missing advanced scrubbing rules: creditcard (mask) on $string; iban (replace) on $string; anything (remove) on $http.headers.authorization; anything (remove) on $http.headers.x-api-key; anything (remove) on $http.cookies; anything (remove) on **.password.',
      source: 'organization',
    }]);
    expect(out.changes).toHaveLength(1);
    expect(out.changes?.[0]).toMatchObject({ checkId: '3.1.9', target: ORG, field: 'relayPiiConfig', before: null, risk: 'disruptive', reversible: true });
    expect(out.warnings).toEqual([out.changes?.[0]?.consequence]);
  });

  it('an unreadable config names the required rules and the settings page', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: '[' }) }));
    expect(out.findings[0]).toMatchObject({ resource: ORG, field: 'relayPiiConfig', current: 'unreadable', source: 'organization' });
    expect(out.findings[0]?.expected).toHaveLength(6);
    expect(out.findings[0]?.message).toContain('under Advanced Data Scrubbing at https://acme.sentry.io/settings/security-and-privacy/, then re-run.');
  });

  it('a config with problems keeps the missing rules in its message and names the page', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ rules: { a: { type: 'anything', redaction: { method: 'zap' } } }, applications: {} }) }) }));
    expect(out.findings[0]?.message).toMatch(/^Missing advanced scrubbing rules: creditcard \(mask\) on \$string; .* The existing rules have problems \(.*\); fix them at https:\/\/acme\.sentry\.io\/settings\/security-and-privacy\/ first, nothing is planned\.$/);
    expect(out.findings[0]?.source).toBe('organization');
  });
});

describe('3.1.10 crash reports: findings name the field and the source', () => {
  it('org and project findings', () => {
    const out = run('3.1.10', makeState({ org: org({ storeCrashReports: -1 }), projects: partOk([makeProject({ slug: 'p', storeCrashReports: 3 })]) }));
    expect(out.findings).toEqual([
      { resource: ORG, field: 'storeCrashReports', current: -1, expected: 0, message: 'The organization stores unlimited crash reports per issue; projects that inherit it do too.', source: 'organization' },
      { resource: { type: 'project', id: 'p', name: 'p' }, field: 'storeCrashReports', current: 3, expected: null, message: 'The project overrides the organization and stores 3 crash reports per issue.', source: 'project' },
    ]);
    expect(out.reason).toBeUndefined();
  });

  it('passes with nothing else when org is 0 and projects inherit', () => {
    expect(run('3.1.10', makeState())).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.1.2 and 3.1.3: whole project findings and planned changes', () => {
  it('3.1.2 org and project findings carry current false / expected true, and the change is reversible', () => {
    const projects = partOk([makeProject({ slug: 'nodef', dataScrubber: true, dataScrubberDefaults: false })]);
    const out = run('3.1.2', makeState({ org: org({ dataScrubber: true, dataScrubberDefaults: false }), projects }));
    expect(out.findings).toEqual([
      { resource: ORG, field: 'dataScrubberDefaults', current: false, expected: true, message: 'The organization does not require the default scrubbers (passwords, tokens, credit cards, IBANs, SSNs, PEM keys).', source: 'organization' },
      {
        resource: { type: 'project', id: 'nodef', name: 'nodef' }, field: 'dataScrubberDefaults', current: false, expected: true, source: 'project',
        message: 'The default scrubbers do not run for this project: the default scrubbers are off, so Relay scrubs only the sensitive fields (and IPs and advanced rules).',
      },
    ]);
    expect(out.changes).toEqual([{ checkId: '3.1.2', target: ORG, field: 'dataScrubberDefaults', before: false, after: true, risk: 'none', reversible: true }]);
    const off = run('3.1.2', makeState({ org: org({ dataScrubber: false, dataScrubberDefaults: true }), projects: partOk([makeProject({ slug: 'off', dataScrubber: false })]) }));
    expect(off.findings).toEqual([{
      resource: { type: 'project', id: 'off', name: 'off' }, field: 'dataScrubber', current: false, expected: true, source: 'project',
      message: 'The default scrubbers do not run for this project: data scrubbing is off, so Relay applies neither the default scrubbers nor the sensitive fields (only IP scrubbing and advanced rules run).',
    }]);
  });

  it('3.1.3 with every field set lists the projects with scrubbing off as findings, planning nothing', () => {
    const out = run('3.1.3', makeState({ org: org({ dataScrubber: false, sensitiveFields: ['a1'] }), projects: partOk([makeProject({ slug: 'off', dataScrubber: false })]) }), { sensitiveFields: ['a1'] });
    expect(out.changes).toEqual([]);
    expect(out.findings).toEqual([{
      resource: { type: 'project', id: 'off', name: 'off' }, field: 'dataScrubber', current: false, expected: true, source: 'project',
      message: 'The sensitive fields are not scrubbed in this project: data scrubbing is off, so Relay applies neither the default scrubbers nor the sensitive fields (only IP scrubbing and advanced rules run).',
    }]);
  });
});

describe('3.1.4 SDK families are matched by the start of the platform id', () => {
  // Sentry's platform ids are "<sdk>" or "<sdk>-<framework>" (e.g. node-express, ruby-rails,
  // php-laravel, go-http, dotnet-aspnetcore, dart-flutter): the family is the start of the id
  it.each([
    ['node-express', 'JavaScript / Node.js'], ['bun-hono', 'JavaScript / Node.js'], ['deno-fresh', 'JavaScript / Node.js'],
    ['ruby-rails', 'Ruby'], ['rails-api', 'Ruby'], ['php-laravel', 'PHP'], ['laravel-x', 'PHP'], ['symfony-x', 'PHP'],
    ['android-ndk', 'Java / Android'], ['kotlin-spring', 'Java / Android'], ['go-http', 'Go'],
    ['csharp-aspnetcore', '.NET'], ['dotnet-aspnetcore', '.NET'], ['cocoa-x', 'Apple'], ['swift-x', 'Apple'],
    ['flutter-web', 'Flutter / Dart'], ['dart-flutter', 'Flutter / Dart'], ['rust-actix', 'Rust'], ['elixir-phoenix', 'Elixir'],
  ])('platform %s gets the %s guidance', (platform, label) => {
    const out = run('3.1.4', makeState({ projects: partOk([makeProject({ slug: 'p', platform })]) }));
    expect(out.manualSteps?.[2]?.startsWith(`${label} (p): `)).toBe(true);
    expect(out.findings).toEqual([]);
  });
});

describe('3.1.9 rule types it does not know', () => {
  it('names Relay\'s rule types and the page to review', () => {
    const out = run('3.1.9', makeState({ org: org({ relayPiiConfig: JSON.stringify({ rules: { a: { type: 'nope' } }, applications: {} }) }) }));
    expect(out.reason).toBe(`The advanced scrubbing rules use rule types this tool does not know: "a" has type "nope" (Relay's rule types: ${[...PII_RULE_TYPES].join(', ')}). What they scrub cannot be judged and nothing is planned; a person checks them.`);
    expect(PII_RULE_TYPES.size).toBeGreaterThan(5);
    expect(out.manualSteps).toEqual(['Review or fix the rules under Advanced Data Scrubbing at https://acme.sentry.io/settings/security-and-privacy/, then re-run.']);
  });
});
