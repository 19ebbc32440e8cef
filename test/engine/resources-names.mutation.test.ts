// How the resource adapters name things in reports, plans and diffs, and how a planned "before"
// is compared with the live value (src/engine/resources/*.ts, index.ts): every type's location,
// subject and project (SARIF paths, collapsing per project), the labels and words for values whose
// raw form misleads, and the counts of collapsed groups. Negative cases next to the positive ones:
// a field or value an adapter has no words for stays as it is.
// Sentry: a project's null debugFilesRole / storeCrashReports falls back to the organization's
// option (src/sentry/api/endpoints/debug_files.py has_download_permission, DEBUG_FILES_ROLE_DEFAULT
// "admin"; src/sentry/event_manager.py get_max_crashreports: -1 STORE_CRASH_REPORTS_ALL, 0 none);
// a key's rateLimit null is no limit (ProjectKeySerializer); the legacy-browsers filter's state is
// `true` (every subfilter) or the list of subfilters (src/sentry/ingest/inbound_filters.py).
import { describe, expect, it } from 'vitest';
import { fieldText, holdsBefore, namesOf, valueText } from '../../src/engine/resources/index.js';
import type { ResourceRef } from '../../steps/types.js';

describe('names of the types sentry-harden reports on but never changes', () => {
  it('places an integration and a Relay in the organization, named by slug or registered name', () => {
    const app = { type: 'sentry-app', id: 'ops-automation' } as const;
    const n = namesOf('sentry-app');
    expect([n.describe(app), n.inRequest(app), n.short(app)]).toEqual(['integration ops-automation', 'sentry-app ops-automation', 'ops-automation']);
    expect([n.path('acme', app), n.uriSegments(app), n.subject(app), n.project(app)]).toEqual(['acme/sentry-app/ops-automation', ['sentry-app', 'ops-automation'], 'ops-automation', null]);
    const relay = { type: 'relay', id: 'nDJl79Sb', name: 'edge-relay' } as const;
    const r = namesOf('relay');
    expect([r.describe(relay), r.inRequest(relay), r.short(relay)]).toEqual(['Relay edge-relay', 'relay edge-relay', 'edge-relay']);
    expect([r.path('acme', relay), r.uriSegments(relay), r.subject(relay), r.project(relay)]).toEqual(['acme/relay/edge-relay', ['relay', 'edge-relay'], 'edge-relay', null]);
  });

  it('names a team, an SSO provider and the audit log in every form', () => {
    const cases: [ResourceRef, string, string, string][] = [
      [{ type: 'team', id: 'sre' }, 'team sre', 'team sre', 'team sre'],
      [{ type: 'auth-provider', id: 'saml2' }, 'SSO provider saml2', 'auth-provider saml2', 'auth provider saml2'],
      [{ type: 'audit-log', id: 'acme' }, 'audit log acme', 'audit-log acme', 'audit log acme'],
    ];
    for (const [r, describe, inRequest, short] of cases) {
      const n = namesOf(r.type);
      expect([n.describe(r), n.inRequest(r), n.short(r)], r.type).toEqual([describe, inRequest, short]);
    }
  });

  it('names an organization auth token by name and id, at the organization level', () => {
    const t = { type: 'org-auth-token', id: '4002', name: 'Old deploy script' } as const;
    const n = namesOf('org-auth-token');
    expect([n.describe(t), n.inRequest(t), n.short(t)]).toEqual(['organization auth token "Old deploy script" (id 4002)', 'organization auth token "Old deploy script" (id 4002)', 'Old deploy script']);
    expect([n.path('acme', t), n.uriSegments(t), n.subject(t), n.project(t)]).toEqual(['acme/org-auth-token/4002', ['org-auth-token', '4002'], 'Old deploy script', null]);
  });

  it('names the organization and a project by id in requests and diff blocks', () => {
    const org = { type: 'organization', id: 'acme' } as const;
    expect([namesOf('organization').inRequest(org), namesOf('organization').short(org)]).toEqual(['organization acme', 'organization acme']);
    const p = { type: 'project', id: 'web' } as const;
    expect([namesOf('project').describe(p), namesOf('project').inRequest(p), namesOf('project').short(p)]).toEqual(['project web', 'project web', 'web']);
    const s = { type: 'spike-protection', id: 'web' } as const;
    expect([namesOf('spike-protection').describe(s), namesOf('spike-protection').inRequest(s), namesOf('spike-protection').short(s)]).toEqual(['spike protection (web)', 'spike-protection web', 'web']);
    const pt = { type: 'project-team', id: 'sre', project: 'web' } as const;
    expect(namesOf('project-team').inRequest(pt)).toBe('team sre on web');
    expect(namesOf('filter').short({ type: 'filter', id: 'localhost', project: 'web' })).toBe('web');
  });
});

describe('diff blocks: field labels, what must match to collapse, collapsed counts', () => {
  it('labels a filter\'s field with the filter id, so two filters of one project never read alike', () => {
    const n = namesOf('filter');
    const local = { type: 'filter', id: 'localhost', project: 'web' } as const;
    const legacy = { type: 'filter', id: 'legacy-browsers', project: 'web' } as const;
    expect([n.field!(local, 'active'), n.field!(legacy, 'subfilters')]).toEqual(['localhost.active', 'legacy-browsers.subfilters']);
    // changes on several projects collapse only for the same filter
    expect([n.variant!(local), n.variant!(legacy)]).toEqual(['localhost', 'legacy-browsers']);
    expect(n.collapsed!(local, 3, 3)).toBe('filter localhost on 3 projects');
  });

  it('labels a project-team change as the link and collapses it per team', () => {
    const n = namesOf('project-team');
    const a = { type: 'project-team', id: 'sre', project: 'web' } as const;
    const b = { type: 'project-team', id: 'data', project: 'web' } as const;
    expect(n.field!(a, 'linked')).toBe('team linked');
    expect([n.variant!(a), n.variant!(b)]).toEqual(['sre', 'data']);
    expect(n.collapsed!(a, 2, 2)).toBe('team sre on 2 projects');
  });

  it('counts collapsed keys and projects with the right plural, and spike protection by projects', () => {
    const k = { type: 'key', id: 'k1', project: 'web' } as const;
    expect(namesOf('key').collapsed!(k, 3, 2)).toBe('3 keys in 2 projects');
    expect(namesOf('key').collapsed!(k, 1, 1)).toBe('1 key in 1 project');
    expect(namesOf('spike-protection').collapsed!({ type: 'spike-protection', id: 'web' }, 4, 4)).toBe('spike protection on 4 projects');
  });
});

describe('fields and values in words (plans, apply, wizard); JSON keeps the raw values', () => {
  const project = { type: 'project', id: 'payments' } as const;
  const org = { type: 'organization', id: 'acme' } as const;
  const key = { type: 'key', id: 'k1', project: 'web' } as const;
  const invitation = { type: 'invitation', id: '1900', email: 'old@acme.example' } as const;
  const token = { type: 'org-auth-token', id: '4002', name: 'Old deploy script' } as const;

  it('a project\'s null debug files role is the organization\'s setting; a set role stays as it is', () => {
    expect(valueText(project, 'debugFilesRole', null)).toBe("the organization's setting (Sentry's default: admin)");
    expect(valueText(project, 'debugFilesRole', 'member')).toBeUndefined();
    expect(valueText(project, 'storeCrashReports', null)).toBe("the organization's setting");
    expect(valueText(project, 'dataScrubber', null)).toBeUndefined();
  });

  it('crash reports: -1 unlimited, 0 off, n per issue; the organization\'s null is Sentry\'s default', () => {
    expect([-1, 0, 1, 5].map((v) => valueText(project, 'storeCrashReports', v))).toEqual(['unlimited per issue', 'none (off)', '1 per issue', '5 per issue']);
    expect([-1, 0, 5, null].map((v) => valueText(org, 'storeCrashReports', v))).toEqual(['unlimited per issue', 'none (off)', '5 per issue', "Sentry's default (none)"]);
    // not a number Sentry would store: shown raw
    expect(valueText(org, 'storeCrashReports', '5')).toBeUndefined();
    expect(valueText(org, 'require2FA', null)).toBeUndefined();
  });

  it('a key without a rate limit, and a rotation\'s replacement key', () => {
    expect(valueText(key, 'rateLimit', null)).toBe('no rate limit');
    expect(valueText(key, 'rateLimit', { window: 60, count: 10 })).toBeUndefined();
    expect(valueText(key, 'isActive', null)).toBeUndefined();
    expect([valueText(key, 'create', null), valueText(key, 'create', { name: 'x' })]).toEqual(['none', "created, with the old key's rate limit and SDK settings"]);
    expect([fieldText(key, 'create'), fieldText(key, 'rateLimit')]).toEqual(['replacement key', 'rateLimit']);
  });

  it('an invitation\'s and a token\'s existence is their status: pending/withdrawn, active/revoked', () => {
    expect([fieldText(invitation, 'exists'), fieldText(invitation, 'orgRole')]).toEqual(['status', 'orgRole']);
    expect([valueText(invitation, 'exists', true), valueText(invitation, 'exists', false), valueText(invitation, 'exists', null)]).toEqual(['pending', 'withdrawn (deleted)', undefined]);
    expect(valueText(invitation, 'orgRole', true)).toBeUndefined();
    expect([fieldText(token, 'exists'), fieldText(token, 'name')]).toEqual(['status', 'name']);
    expect([valueText(token, 'exists', true), valueText(token, 'exists', false), valueText(token, 'exists', null)]).toEqual(['active', 'revoked (deleted)', undefined]);
    expect(valueText(token, 'name', true)).toBeUndefined();
  });

  it('types without words keep the API\'s field names and raw values', () => {
    expect(fieldText({ type: 'member', id: '7', email: 'a@x' }, 'orgRole')).toBe('orgRole');
    expect(valueText({ type: 'member', id: '7', email: 'a@x' }, 'orgRole', 'admin')).toBeUndefined();
    expect(fieldText({ type: 'team', id: 'sre' }, 'x')).toBe('x');
  });
});

describe('holdsBefore: the live value compared with a planned "before" as the writer reads it', () => {
  const legacy = { type: 'filter', id: 'legacy-browsers', project: 'web' } as const;
  it('an off legacy-browser filter planned as `false` is the empty list read live', () => {
    expect(holdsBefore(legacy, 'subfilters', [], false)).toBe(true);
    expect(holdsBefore(legacy, 'subfilters', ['ie'], false)).toBe(false);
    // `true` (every subfilter) stays `true`
    expect(holdsBefore(legacy, 'subfilters', true, true)).toBe(true);
    expect(holdsBefore(legacy, 'subfilters', [], true)).toBe(false);
  });

  it('only the subfilters field reads `false` as the empty list', () => {
    expect(holdsBefore(legacy, 'active', [], false)).toBe(false);
    expect(holdsBefore(legacy, 'active', false, false)).toBe(true);
  });

  it('other types compare the values as Sentry stores them; types without a writer too', () => {
    expect(holdsBefore({ type: 'organization', id: 'acme' }, 'sensitiveFields', ['A', 'b'], ['b', 'a'])).toBe(true);
    expect(holdsBefore({ type: 'organization', id: 'acme' }, 'sensitiveFields', ['a'], ['a', 'b'])).toBe(false);
    expect(holdsBefore({ type: 'team', id: 'sre' }, 'x', 1, 1)).toBe(true);
    expect(holdsBefore({ type: 'team', id: 'sre' }, 'x', 1, 2)).toBe(false);
  });
});
