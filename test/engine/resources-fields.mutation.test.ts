// The field rules every writer shares (src/engine/resources/fields.ts) and the restore hooks of
// members and the organization: lists and PII configs merge into the live value, invalid values
// are refused before sending, a field changed twice is sent once; a retired admin role and
// people removed by the 2FA requirement are named as what a rollback cannot undo. Sentry: the
// org/project PUT replaces lists whole; sensitiveFields is limited to 4,000 characters
// (organization_details.py); Relay reads the PII config as described in relay-pii src/config.rs.
import { describe, expect, it } from 'vitest';
import { changedFields, fieldValue, LocalRefusal, MERGED_FIELDS, restoreChange } from '../../src/engine/resources/fields.js';
import { RESOURCES } from '../../src/engine/resources/index.js';
import type { JournalEntry } from '../../src/snapshots/schema.js';
import { redactPiiConfigText } from '../../src/state/pii-config.js';
import type { PlannedChange } from '../../steps/types.js';

const org = { type: 'organization', id: 'acme' } as const;
const change = (field: string, before: unknown, after: unknown, over: Partial<PlannedChange> = {}): PlannedChange => ({
  checkId: '3.1.3', target: org, field, before, after, risk: 'none', reversible: true, ...over,
});
const run = (changes: PlannedChange[], live: Record<string, unknown>) => [...changedFields(changes, live)].map(({ c, before, after }) => ({ field: c.field, before, after }));

describe('changedFields: lists merge into the live value', () => {
  it('adds the planned entries to a list that changed since the plan, keeping the live ones', () => {
    expect(run([change('sensitiveFields', ['a'], ['a', 'b'])], { sensitiveFields: ['a', 'x'] })).toEqual([{ field: 'sensitiveFields', before: ['a', 'x'], after: ['a', 'x', 'b'] }]);
  });

  it('sends the planned list as it is when the live list is still the planned "before"', () => {
    expect(run([change('safeFields', ['a', 'b'], ['a'])], { safeFields: ['a', 'b'] })).toEqual([{ field: 'safeFields', before: ['a', 'b'], after: ['a'] }]);
  });

  it('removes only what the plan removes from a list that changed since', () => {
    expect(run([change('safeFields', ['a', 'b'], ['a'])], { safeFields: ['a', 'b', 'c'] })).toEqual([{ field: 'safeFields', before: ['a', 'b', 'c'], after: ['a', 'c'] }]);
  });

  it('writes nothing when the merged list is what is live, and treats a missing live list as empty', () => {
    expect(run([change('sensitiveFields', [], ['a'])], { sensitiveFields: ['A'] })).toEqual([]);
    expect(run([change('blockedIps', [], ['10.0.0.1'])], {})).toEqual([{ field: 'blockedIps', before: null, after: ['10.0.0.1'] }]);
  });

  it('sets a field that is not a list as planned', () => {
    expect(run([change('dataScrubber', false, true)], { dataScrubber: false })).toEqual([{ field: 'dataScrubber', before: false, after: true }]);
    expect(run([change('dataScrubber', false, true)], { dataScrubber: true })).toEqual([]);
  });

  it('builds a second change of the same field on the first, and sends the field once', () => {
    const out = run([change('sensitiveFields', [], ['a']), change('sensitiveFields', [], ['b'])], { sensitiveFields: ['x'] });
    expect(out).toEqual([{ field: 'sensitiveFields', before: ['x'], after: ['x', 'a', 'b'] }]);
  });

  it('merges trusted relays by public key: keeps the live ones, removes what the plan removes, adds what it adds once', () => {
    const r = (k: string, name = k) => ({ publicKey: k, name });
    const out = run([change('trustedRelays', [r('a'), r('b')], [r('a'), r('c')])], { trustedRelays: [r('a', 'live-a'), r('b'), r('d'), r('c', 'live-c')] });
    expect(out).toEqual([{ field: 'trustedRelays', before: [r('a', 'live-a'), r('b'), r('d'), r('c', 'live-c')], after: [r('a', 'live-a'), r('d'), r('c', 'live-c')] }]);
    const added = run([change('trustedRelays', [], [r('n')])], { trustedRelays: [r('a')] });
    expect(added[0]?.after).toEqual([r('a'), r('n')]);
  });

  it('lists the fields the apply merges rather than overwrites', () => {
    for (const f of ['sensitiveFields', 'safeFields', 'allowedDomains', 'blockedIps', 'relayPiiConfig', 'trustedRelays']) expect(MERGED_FIELDS.has(f), f).toBe(true);
    expect(MERGED_FIELDS.has('dataScrubber')).toBe(false);
  });
});

describe('changedFields: values refused before sending', () => {
  it('refuses a sensitive-field list longer than 4,000 characters, and sends one of exactly 4,000', () => {
    const at = 'x'.repeat(3999);
    expect(run([change('sensitiveFields', [], ['y'])], { sensitiveFields: [at] })[0]?.after).toEqual([at, 'y']);
    expect(() => run([change('sensitiveFields', [], ['yz'])], { sensitiveFields: [at] })).toThrow(LocalRefusal);
    expect(() => run([change('sensitiveFields', [], ['yz'])], { sensitiveFields: [at] })).toThrow("sensitiveFields would be longer than Sentry's 4000-character limit; shorten the list.");
  });

  it('refuses to send a redacted secret in place of the secret', () => {
    expect(() => run([change('name', 'a', 'x [redacted sha256:0123456789ab]')], {})).toThrow('name: refusing to send a value that holds a redacted secret (a digest from the journal) in place of the secret');
  });

  it('refuses a PII config Relay would reject, naming the problem', () => {
    const bad = JSON.stringify({ rules: { a: 'x' }, applications: {} });
    expect(() => run([change('relayPiiConfig', null, bad)], { relayPiiConfig: null })).toThrow('relayPiiConfig is invalid: rule "a" must be an object');
    const good = JSON.stringify({ applications: { $string: ['@creditcard:mask'] } });
    expect(run([change('relayPiiConfig', null, good)], { relayPiiConfig: null })).toEqual([{ field: 'relayPiiConfig', before: null, after: good }]);
  });

  it('refuses added IP blocklist entries that are not addresses or ranges, but keeps unparsable ones the user had', () => {
    expect(() => run([change('blockedIps', [], ['10.0.0.1', 'nope'])], { blockedIps: [] })).toThrow('IP blocklist entries are not IPv4/IPv6 addresses or CIDR ranges: nope');
    expect(run([change('blockedIps', ['junk'], ['junk', '10.0.0.0/8'])], { blockedIps: ['junk'] })).toEqual([{ field: 'blockedIps', before: ['junk'], after: ['junk', '10.0.0.0/8'] }]);
  });
});

describe('fieldValue and restoreChange', () => {
  it('reads a field, null when unset', () => {
    expect(fieldValue({ a: 0, b: false }, 'a')).toBe(0);
    expect(fieldValue({ a: 0, b: false }, 'b')).toBe(false);
    expect(fieldValue({ a: 0 }, 'c')).toBeNull();
  });

  it('puts the journaled value back as a change of the entry\'s first check, with the context when given', () => {
    const e = { checkIds: ['2.3.5'], controlId: '2.3' } as unknown as JournalEntry;
    expect(restoreChange(e, org, 'f', 'live', 'old')).toEqual({ checkId: '2.3.5', target: org, field: 'f', before: 'live', after: 'old', risk: 'none', reversible: true });
    expect(restoreChange({ checkIds: [], controlId: '2.3' } as unknown as JournalEntry, org, 'f', 1, 2, { x: 1 })).toMatchObject({ checkId: '2.3', context: { x: 1 } });
  });
});

describe('member and organization restore hooks', () => {
  const member = RESOURCES.member.write!;
  const target = { type: 'member', id: '7', email: 'a@x' } as const;
  const base: { seq: number; checkIds: string[]; target: typeof target; description: string } = { seq: 1, checkIds: ['2.3.5'], target, description: 'd' };
  const entry = (marker: unknown, target: unknown = base.target) => ({ marker, target, checkIds: ['2.3.5'], controlId: '2.3' }) as unknown as JournalEntry;
  const roleBack = (after: string) => [{ checkId: '2.3.5', target: base.target, field: 'orgRole', before: 'member', after, risk: 'none', reversible: true }] as PlannedChange[];

  it('cannot restore the retired admin role, and says so by the person\'s email', async () => {
    const cannotUndo: string[] = [];
    const out = await member.afterRestorePlan!({ reader: undefined as never, entry: entry({ kind: 'member-role', teamRoles: [] }), target: base.target, cannotUndo, base }, roleBack('admin'));
    expect(out).toEqual({ ...base, state: 'cannot-undo', fields: [], message: 'the retired admin role cannot be assigned again', restore: [] });
    expect(cannotUndo).toEqual(['a@x had the retired admin role: Sentry no longer assigns it, so the role cannot be restored; give a@x the manager or member role that fits, or leave it as it is.']);
  });

  it('restores any other role, and names a member without email by id', async () => {
    const cannotUndo: string[] = [];
    expect(await member.afterRestorePlan!({ reader: undefined as never, entry: entry({ kind: 'member-role', teamRoles: [] }), target: base.target, cannotUndo, base }, roleBack('owner'))).toBeUndefined();
    expect(await member.afterRestorePlan!({ reader: undefined as never, entry: entry(undefined), target: base.target, cannotUndo, base }, roleBack('admin'))).toBeUndefined();
    expect(cannotUndo).toEqual([]);
    await member.afterRestorePlan!({ reader: undefined as never, entry: entry({ kind: 'member-role', teamRoles: [] }, { type: 'member', id: '7' }), target: base.target, cannotUndo, base }, roleBack('admin'));
    expect(cannotUndo[0]).toMatch(/^member 7 had the retired admin role/);
  });

  it('explains a team change after a role change with the teams before and now, and nothing for other fields', async () => {
    const req = { changes: [{ context: { teamRoles: [{ teamSlug: 'a', role: null }, { teamSlug: 'b', role: null }] } }] } as never;
    expect(await member.whyIgnored!(undefined as never, req, base.target, 'teamRoles', ['a'], undefined as never)).toBe('the member\'s teams changed with the role change: now ["a"], before ["a","b"]; add the missing teams back in Sentry');
    expect(await member.whyIgnored!(undefined as never, { changes: [{}] } as never, base.target, 'teamRoles', ['a'], undefined as never)).toBe('the member\'s teams changed with the role change: now ["a"]; add the missing teams back in Sentry');
    expect(await member.whyIgnored!(undefined as never, req, base.target, 'orgRole', 'x', undefined as never)).toBeUndefined();
  });

  it('the 2FA requirement: names who is still pending or gone as what turning it off cannot undo', async () => {
    const organization = RESOURCES.organization.write!;
    const live = new Map<string, { pending: boolean }>([['back@x', { pending: false }], ['pending@x', { pending: true }]]);
    const reader = { findMemberByEmail: async (e: string) => live.get(e) } as never;
    const marker = { kind: 'two-factor-sweep', members: [{ id: '1', email: 'back@x', orgRole: 'member' }, { id: '2', email: 'pending@x', orgRole: 'manager' }, { id: '3', email: 'gone@x', orgRole: 'owner' }] };
    const cannotUndo: string[] = [];
    expect(await organization.afterRestorePlan!({ reader, entry: entry(marker), target: org, cannotUndo, base }, [])).toBeUndefined();
    expect(cannotUndo).toHaveLength(1);
    expect(cannotUndo[0]).toMatch(/^Members turned into pending invitations by the 2FA requirement: pending@x \(manager\), gone@x \(owner\)\. Turning require2FA off does not bring them back/);
    const none: string[] = [];
    await organization.afterRestorePlan!({ reader, entry: entry({ kind: 'two-factor-sweep', members: [{ id: '1', email: 'back@x', orgRole: 'member' }] }), target: org, cannotUndo: none, base }, []);
    await organization.afterRestorePlan!({ reader, entry: entry({ kind: 'two-factor-sweep', members: [] }), target: org, cannotUndo: none, base }, []);
    await organization.afterRestorePlan!({ reader, entry: entry({ kind: 'member-role', teamRoles: [] }), target: org, cannotUndo: none, base }, []);
    expect(none).toEqual([]);
  });
});

describe('changedFields: PII configs, relays and lists that are not replaced (session 5)', () => {
  // relay-pii src/config.rs: `vars.hashKey` is the secret a hash redaction uses; the journal holds
  // it as a digest (src/secrets.ts), so a journaled config is merged into the live one.
  const live = JSON.stringify({ rules: { '0': { type: 'pattern', pattern: 'acct_[0-9]+', redaction: { method: 'hash' } } }, applications: { $string: ['0'] }, vars: { hashKey: 'live-hash-key-0123456789' } });

  it('sends a planned PII config verbatim when the live config is still the planned "before"', () => {
    const after = JSON.stringify({ applications: { $string: ['@creditcard:mask'] } }, null, 2);
    expect(run([change('relayPiiConfig', null, after)], { relayPiiConfig: null })).toEqual([{ field: 'relayPiiConfig', before: null, after }]);
  });

  it('merges the planned rules into a live PII config that changed since the plan, keeping its rules and hash key', () => {
    const after = JSON.stringify({ applications: { $string: ['@creditcard:mask'] } });
    const out = run([change('relayPiiConfig', null, after)], { relayPiiConfig: live });
    expect(out).toHaveLength(1);
    const sent = JSON.parse(out[0]!.after as string) as { rules: object; applications: Record<string, string[]>; vars: { hashKey: string } };
    expect(sent.applications.$string).toEqual(['0', '@creditcard:mask']);
    expect(sent.vars.hashKey).toBe('live-hash-key-0123456789');
    expect(Object.keys(sent.rules)).toEqual(['0']);
  });

  it('a journaled config (hash key as a digest) is merged into the live one, never sent with the digest', () => {
    const journaled = redactPiiConfigText(live)!;
    expect(journaled).not.toContain('live-hash-key');
    const parsed = JSON.parse(journaled) as { applications: Record<string, string[]> };
    const after = JSON.stringify({ ...parsed, applications: { ...parsed.applications, $string: ['0', '@creditcard:mask'] } });
    const out = run([change('relayPiiConfig', journaled, after)], { relayPiiConfig: live });
    const sent = out[0]!.after as string;
    expect(sent).toContain('live-hash-key-0123456789');
    expect(sent).not.toContain('[redacted');
    expect((JSON.parse(sent) as { applications: Record<string, string[]> }).applications.$string).toEqual(['0', '@creditcard:mask']);
  });

  it('clears a PII config without validating the empty value', () => {
    expect(run([change('relayPiiConfig', live, null)], { relayPiiConfig: live })).toEqual([{ field: 'relayPiiConfig', before: live, after: null }]);
  });

  it('merges relays without a public key by their whole entry', () => {
    const out = run([change('trustedRelays', [{ name: 'a' }], [])], { trustedRelays: [{ name: 'a' }, { name: 'b' }] });
    expect(out).toEqual([{ field: 'trustedRelays', before: [{ name: 'a' }, { name: 'b' }], after: [{ name: 'b' }] }]);
    // a relay the plan adds that is live already (same key, other name) is not added twice
    const r = (k: string, name = k) => ({ publicKey: k, name });
    expect(run([change('trustedRelays', [], [r('k', 'planned')])], { trustedRelays: [r('k', 'live')] })).toEqual([]);
  });

  it('a planned value that is not a list is sent as planned, even for a list field', () => {
    expect(run([change('trustedRelays', [], null)], { trustedRelays: [{ publicKey: 'a' }] })).toEqual([{ field: 'trustedRelays', before: [{ publicKey: 'a' }], after: null }]);
    expect(run([change('safeFields', ['a'], null)], { safeFields: ['x'] })).toEqual([{ field: 'safeFields', before: ['x'], after: null }]);
  });

  it('limits only sensitiveFields to 4,000 characters', () => {
    const long = 'x'.repeat(4001);
    expect(run([change('safeFields', [], [long])], { safeFields: [] })).toEqual([{ field: 'safeFields', before: [], after: [long] }]);
    expect(() => run([change('sensitiveFields', [], [long])], { sensitiveFields: [] })).toThrow(LocalRefusal);
  });

  it('checks only the IP entries this change adds: unparsable ones already live are kept', () => {
    expect(run([change('blockedIps', [], ['10.0.0.1'])], { blockedIps: ['junk-live'] })).toEqual([{ field: 'blockedIps', before: ['junk-live'], after: ['junk-live', '10.0.0.1'] }]);
    expect(() => run([change('blockedIps', [], ['10.0.0.1/33'])], { blockedIps: [] })).toThrow('IP blocklist entries are not IPv4/IPv6 addresses or CIDR ranges: 10.0.0.1/33');
    // no IP rule for other list fields
    expect(run([change('allowedDomains', [], ['not an ip'])], { allowedDomains: [] })).toEqual([{ field: 'allowedDomains', before: [], after: ['not an ip'] }]);
  });
});
