// The values a person chooses (edits) and the diff model, without rendering.

import { describe, expect, it } from 'vitest';
import { editSpecsFor, overrideChanges, overrideRateLimits, parseRateLimit, resolveEdit, type EditSpec } from '../../src/ui/edits.js';
import { diffBlocks, diffFields, inlineChange, joinNames } from '../../src/ui/diff-model.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { partOk } from '../../src/state/types.js';
import { makeKey, makeMember, makeProject, makeState } from '../fixtures/state.js';
import { control, controlsOf } from './fixtures.js';

describe('edits', () => {
  it('offers a team for projects without one, and the choice becomes the policy parameter', () => {
    const state = makeState({ projects: partOk([makeProject({ slug: 'orphan', teams: [] })]) });
    const c = control('2.2', state);
    const specs = editSpecsFor(c, state, DEFAULT_POLICY);
    expect(specs).toEqual([expect.objectContaining({ kind: 'team', checkId: '2.2.1', options: [{ label: 'platform (3 members)', value: 'platform' }] })]);
    expect(resolveEdit(specs[0]!, 'platform', DEFAULT_POLICY)).toEqual({ policy: { orphanProjectTeam: 'platform' } });
  });

  it('offers owners to demote, never the acting user', () => {
    const owners = ['1', '2', '3', '4', '5'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner' }));
    const state = makeState({ members: partOk(owners), whoami: { scopes: [], user: owners[0]!.user } });
    const specs = editSpecsFor(control('2.3', state), state, DEFAULT_POLICY);
    const spec = specs.find((s) => s.checkId === '2.3.1');
    expect(spec?.kind).toBe('owners');
    expect(spec && 'options' in spec ? spec.options.map((o) => o.value) : []).toEqual(['o2@acme.test', 'o3@acme.test', 'o4@acme.test', 'o5@acme.test']);
    expect(resolveEdit(spec!, ['o4@acme.test', 'o5@acme.test'], DEFAULT_POLICY)).toEqual({ policy: { demoteOwners: ['o4@acme.test', 'o5@acme.test'] } });
  });

  it('origins and IP ranges are entered as comma separated lists; empty is refused', () => {
    const spec: EditSpec = { kind: 'list', checkId: '3.2.2', param: 'allowedDomains', label: '', hint: 'h', projects: ['web', 'shop'], initial: '' };
    expect(resolveEdit(spec, 'https://a.example.com, https://b.example.com', DEFAULT_POLICY)).toEqual({
      policy: { allowedDomains: { web: ['https://a.example.com', 'https://b.example.com'], shop: ['https://a.example.com', 'https://b.example.com'] } },
    });
    expect(resolveEdit(spec, '  ', DEFAULT_POLICY)).toMatch(/at least one value/);
    const ips: EditSpec = { kind: 'list', checkId: '3.3.4', param: 'blockedIps', label: '', hint: 'h', projects: [], initial: '' };
    expect(resolveEdit(ips, '203.0.113.0/24 198.51.100.7', DEFAULT_POLICY)).toEqual({ policy: { blockedIps: ['203.0.113.0/24', '198.51.100.7'] } });
  });

  it('a rate limit is COUNT/WINDOW and replaces the proposed `after` of 3.2.1', () => {
    expect(parseRateLimit('500/30')).toEqual({ count: 500, window: 30 });
    expect(parseRateLimit('500')).toEqual({ count: 500, window: 60 });
    expect(parseRateLimit('lots')).toMatch(/COUNT\/WINDOW/);
    expect(parseRateLimit('5/0')).toMatch(/window/);
    const state = makeState({ keys: { backend: partOk([makeKey({ rateLimit: null })]) } });
    const c = control('3.2', state);
    const spec = editSpecsFor(c, state, DEFAULT_POLICY).find((s) => s.kind === 'rate-limit');
    expect(spec).toBeDefined();
    const r = resolveEdit(spec!, '250/60', DEFAULT_POLICY);
    expect(r).toEqual({ rateLimit: { checkId: '3.2.1', value: { count: 250, window: 60 } } });
    const edited = overrideRateLimits(c, new Map([['3.2.1', { count: 250, window: 60 }]]));
    expect(edited.checks.find((k) => k.id === '3.2.1')!.changes!.map((ch) => ch.after)).toEqual([{ count: 250, window: 60 }]);
    // the confirmation shows each change's consequence: it names the person's numbers, not the proposal's
    const consequences = edited.checks.find((k) => k.id === '3.2.1')!.changes!.map((ch) => ch.consequence);
    expect(consequences).toEqual(['Events above 250 per 60 seconds sent with this DSN are dropped.']);
  });
});

describe('edits that pick the changes themselves (no policy parameter)', () => {
  it('2.2.2: teams to take off a crowded production project become DELETE project-team changes', () => {
    const teams = ['a', 'b', 'c'].map((slug, i) => ({ id: String(i), slug, name: slug }));
    const prod = makeProject({ slug: 'api-prod', teams });
    const state = makeState({ projects: partOk([prod]), keys: { 'api-prod': partOk([makeKey()]) } });
    const c = controlsOf(state, 'L3').find((x) => x.id === '2.2')!;
    const spec = editSpecsFor(c, state, DEFAULT_POLICY).find((s) => s.checkId === '2.2.2');
    expect(spec).toMatchObject({ kind: 'project-teams', options: [{ value: 'api-prod|a' }, { value: 'api-prod|b' }, { value: 'api-prod|c' }] });
    const r = resolveEdit(spec!, ['api-prod|c'], DEFAULT_POLICY, state);
    expect(typeof r !== 'string' && r.changes?.changes).toEqual([
      expect.objectContaining({ checkId: '2.2.2', target: { type: 'project-team', id: 'c', project: 'api-prod' }, field: 'linked', before: true, after: false, risk: 'risky' }),
    ]);
    // opened again after the pick: the team picked is still marked (Enter alone keeps it)
    const picked = overrideChanges(c, new Map([['2.2.2', typeof r === 'string' ? [] : r.changes!.changes]]));
    expect(editSpecsFor(picked, state, DEFAULT_POLICY).find((s) => s.checkId === '2.2.2')).toMatchObject({ initial: ['api-prod|c'] });
  });

  it('2.3.5: each admin becomes manager (marked) or member, with their team roles', () => {
    const admin = makeMember({ id: '9', email: 'old-admin@acme.test', orgRole: 'admin' });
    const admin2 = makeMember({ id: '10', email: 'other-admin@acme.test', orgRole: 'admin' });
    const base = makeState();
    const members = base.members.ok ? base.members.value : [];
    const teamRoles = [{ teamSlug: 'platform', role: 'admin' }];
    const state = makeState({
      members: partOk([...members, admin, admin2]),
      memberDetails: partOk({ '9': { ...admin, teams: ['platform'], teamRoles }, '10': { ...admin2, teams: [], teamRoles: [] } }),
    });
    const c = controlsOf(state, 'L3').find((x) => x.id === '2.3')!;
    const spec = editSpecsFor(c, state, DEFAULT_POLICY).find((s) => s.checkId === '2.3.5');
    expect(spec?.kind).toBe('admin-roles');
    const r = resolveEdit(spec!, ['9'], DEFAULT_POLICY, state);
    const changes = typeof r === 'string' ? [] : (r.changes?.changes ?? []);
    expect(changes.map((ch) => [ch.target.id, ch.after, ch.context?.teamRoles])).toEqual([
      ['9', 'manager', teamRoles],
      ['10', 'member', []],
    ]);
    // opened again after the pick: the admin picked as manager is still marked
    const picked = overrideChanges(c, new Map([['2.3.5', changes]]));
    expect(editSpecsFor(picked, state, DEFAULT_POLICY).find((s) => s.checkId === '2.3.5')).toMatchObject({ initial: ['9'] });
    const noDetails = makeState({ members: partOk([...members, admin]), memberDetails: partOk({}) });
    const spec2 = editSpecsFor(controlsOf(noDetails, 'L3').find((x) => x.id === '2.3')!, noDetails, DEFAULT_POLICY).find((s) => s.checkId === '2.3.5');
    expect(resolveEdit(spec2!, [], DEFAULT_POLICY, noDetails)).toMatch(/team roles of old-admin@acme.test could not be read/);
  });
});

describe('diff model', () => {
  it('scalars and short values: one - and one + line per field', () => {
    expect(diffFields({ openMembership: true }, { openMembership: false })).toEqual([
      { sign: '-', text: 'openMembership: true' },
      { sign: '+', text: 'openMembership: false' },
    ]);
    expect(diffFields({ rateLimit: null }, { rateLimit: { window: 60, count: 1000 } })[1]).toEqual({ sign: '+', text: 'rateLimit: {count: 1000, window: 60}' });
  });

  it('lists: what is kept, removed and added', () => {
    expect(diffFields({ sensitiveFields: ['a', 'b'] }, { sensitiveFields: ['a', 'c'] })).toEqual([
      { sign: ' ', text: 'sensitiveFields: keeps a' },
      { sign: '-', text: 'sensitiveFields: b' },
      { sign: '+', text: 'sensitiveFields: c' },
    ]);
  });

  it('long JSON strings (relayPiiConfig) are diffed parsed, changed lines only marked', () => {
    const before = JSON.stringify({ rules: { a: { type: 'creditcard', redaction: { method: 'mask' } } }, applications: { $string: ['a'] } });
    const after = JSON.stringify({ rules: { a: { type: 'creditcard', redaction: { method: 'mask' } }, b: { type: 'iban', redaction: { method: 'replace', text: '[iban]' } } }, applications: { $string: ['a', 'b'] } });
    const lines = diffFields({ relayPiiConfig: before }, { relayPiiConfig: after });
    expect(lines.some((l) => l.sign === '+' && l.text.includes('"iban"'))).toBe(true);
    expect(lines.some((l) => l.sign === ' ' && l.text.includes('"creditcard"'))).toBe(true);
    expect(lines.filter((l) => l.sign === '-')).toEqual([]);
  });

  it('groups alike per-project changes into one block with a count', () => {
    const web = ['web', 'shop', 'docs'].map((slug) => makeProject({ slug, platform: 'javascript', debugFilesRole: 'member' }));
    const c = control('2.1', makeState({ projects: partOk(web), keys: {} }));
    const block = diffBlocks(c).find((b) => b.title === '2.1.7 debugFilesRole');
    expect(block).toMatchObject({ count: 3, noun: '3 projects' });
    expect(block!.variants).toHaveLength(1);
    expect(block!.variants[0]!.resources).toEqual(['web', 'shop', 'docs']);
    expect(inlineChange(c.checks.find((k) => k.id === '2.1.7')!)).toBeUndefined();
  });

  it('a long scalar (relayPiiConfig JSON) goes to a diff block, not onto its check line', () => {
    const c = control('3.1', makeState({}));
    const check = c.checks.find((k) => k.id === '3.1.3')!;
    const long = { ...check, status: 'fail' as const, changes: [{ checkId: '3.1.3', target: { type: 'organization' as const, id: 'acme' }, field: 'relayPiiConfig', before: '{"rules":{}}', after: JSON.stringify({ rules: { '0': { type: 'pattern', pattern: 'acct_[0-9]{6,}', redaction: { method: 'replace' } } } }), risk: 'disruptive' as const, reversible: true }] };
    expect(inlineChange(long)).toBeUndefined();
    expect(inlineChange({ ...long, changes: [{ ...long.changes[0]!, field: 'scrubIPAddresses', before: false, after: true }] })).toEqual({ field: 'scrubIPAddresses', before: 'false', after: 'true' });
  });

  it('joinNames fits a width and says how many more', () => {
    expect(joinNames(['alpha', 'beta', 'gamma', 'delta'], 20)).toBe('alpha, beta +2 more');
    expect(joinNames(['a', 'b'], 20)).toBe('a, b');
  });

  it('joinNames measures terminal columns: a CJK project name takes 2 per character', () => {
    // "決済サービス, web" is 17 columns (12 + 2 + 3) but 11 code points
    expect(joinNames(['決済サービス', 'web', 'api'], 20)).toBe('決済サービス +2 more');
    expect(joinNames(['決済サービス', 'web'], 17)).toBe('決済サービス, web');
  });
});
