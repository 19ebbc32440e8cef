// The resource reference schema (steps/resource-ref.ts) as behaviour, issue 21: what a snapshot
// journal entry's target (src/snapshots/schema.ts) and a saved plan's resource
// (src/engine/saved-plan.ts) may be. Each type needs the fields the engine and the reports use to
// find the resource again (a member's email, a key's project, a token's name); anything else is
// refused, so a damaged or foreign file is rejected on load instead of acting on the wrong thing.
// Ids are strings as Sentry's API gives them (member, key and token ids are serialized with str()).
import { describe, expect, it } from 'vitest';
import { resourceRefSchema } from '../../steps/resource-ref.js';

const ok = (v: unknown) => resourceRefSchema.safeParse(v).success;

describe('resourceRefSchema', () => {
  it('takes every resource type with its required fields, as the checks name them', () => {
    const refs = [
      { type: 'organization', id: 'acme' },
      { type: 'project', id: 'web' },
      { type: 'project', id: 'web', name: 'Web' },
      { type: 'member', id: '42', email: 'dev@acme.test' },
      { type: 'invitation', id: '43', email: 'new@acme.test' },
      { type: 'team', id: 'platform' },
      { type: 'key', id: 'abc', project: 'web' },
      { type: 'key', id: 'abc', project: 'web', name: 'Default' },
      { type: 'filter', id: 'localhost', project: 'web' },
      { type: 'project-team', id: 'platform', project: 'web' },
      { type: 'spike-protection', id: 'web' },
      { type: 'auth-provider', id: 'acme' },
      { type: 'org-auth-token', id: '7', name: 'CI' },
      { type: 'sentry-app', id: 'notifier' },
      { type: 'relay', id: 'pubkey', name: 'edge' },
      { type: 'audit-log', id: 'acme' },
    ];
    for (const r of refs) expect(resourceRefSchema.parse(r), JSON.stringify(r)).toEqual(r);
  });

  it('keeps every key an entry was written with (its digest covers them)', () => {
    expect(resourceRefSchema.parse({ type: 'team', id: 'platform', extra: 1 })).toEqual({ type: 'team', id: 'platform', extra: 1 });
  });

  it('refuses an unknown type, a missing or non-string id', () => {
    expect(ok({ type: 'user', id: '1' })).toBe(false);
    expect(ok({ type: '', id: '1' })).toBe(false);
    expect(ok({ id: '1' })).toBe(false);
    expect(ok({ type: 'team' })).toBe(false);
    expect(ok({ type: 'team', id: 7 })).toBe(false);
  });

  it('refuses a type without the field that finds it again', () => {
    for (const r of [
      { type: 'member', id: '42' },
      { type: 'invitation', id: '43' },
      { type: 'key', id: 'abc' },
      { type: 'filter', id: 'localhost' },
      { type: 'project-team', id: 'platform' },
      { type: 'org-auth-token', id: '7' },
      { type: 'relay', id: 'pubkey' },
      { type: 'project', id: 'web', name: 3 },
      { type: 'key', id: 'abc', project: 'web', name: 3 },
    ]) expect(ok(r), JSON.stringify(r)).toBe(false);
  });
});
