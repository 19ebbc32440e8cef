// Changes whose raw values are internal read in words in human text (plan table and markdown,
// apply's plan lines, the wizard's diff blocks): a project's null debug files role is the
// organization's setting (Sentry's debug_files.py falls back to the organization's option, then
// "admin"), an invitation or token "exists: true → false" is withdrawn or revoked. The words come
// from the resource adapters (ResourceNames.label / valueText); JSON keeps the raw values.

import { describe, expect, it } from 'vitest';
import { planLine } from '../../src/commands/apply.js';
import { fieldText, valueText } from '../../src/engine/resources/index.js';
import { buildJsonPlan, renderPlanMarkdown, renderPlanTable, type PlanInput } from '../../src/report/plan.js';
import { diffBlocks, inlineChange } from '../../src/ui/diff-model.js';
import type { CheckResult, ControlResult, PlannedChange } from '../../steps/types.js';
import { failingResults } from './fixtures.js';

const debugFiles: PlannedChange = { checkId: '2.1.7', target: { type: 'project', id: 'payments' }, field: 'debugFilesRole', before: 'member', after: null, risk: 'none', reversible: true };
const invite: PlannedChange = { checkId: '2.1.10', target: { type: 'invitation', id: '7', email: 'old@acme.example' }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false };
const token: PlannedChange = { checkId: '2.4.1', target: { type: 'org-auth-token', id: '4002', name: 'Old deploy script' }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false };
const crash: PlannedChange = { checkId: '3.1.10', target: { type: 'project', id: 'mobile' }, field: 'storeCrashReports', before: -1, after: null, risk: 'none', reversible: true };
const orgCrash: PlannedChange = { checkId: '3.1.10', target: { type: 'organization', id: 'acme' }, field: 'storeCrashReports', before: 5, after: 0, risk: 'none', reversible: true };
const rate: PlannedChange = { checkId: '3.2.1', target: { type: 'key', id: 'k1', project: 'web', name: 'Default' }, field: 'rateLimit', before: null, after: { count: 1000, window: 60 }, risk: 'disruptive', reversible: true };
// 3.2.4's rotation: a POST for a new key whose settings are the old key's
const rotate: PlannedChange = { checkId: '3.2.4', target: { type: 'key', id: 'rotate:k1', project: 'web', name: 'sentry-harden {session} rotates k1' }, field: 'create', before: null, after: { name: 'sentry-harden {session} rotates k1', rateLimit: null, browserSdkVersion: '8.x' }, risk: 'none', reversible: true };
const changes = [debugFiles, invite, token, crash, orgCrash, rate, rotate];

describe('values in words, from the resource adapters', () => {
  it('the adapters name internal fields and values; other values stay as they are', () => {
    expect(valueText(debugFiles.target, 'debugFilesRole', null)).toBe("the organization's setting (Sentry's default: admin)");
    expect(valueText(debugFiles.target, 'debugFilesRole', 'member')).toBeUndefined();
    expect(fieldText(invite.target, 'exists')).toBe('status');
    expect([valueText(invite.target, 'exists', true), valueText(invite.target, 'exists', false)]).toEqual(['pending', 'withdrawn (deleted)']);
    expect([valueText(token.target, 'exists', true), valueText(token.target, 'exists', false)]).toEqual(['active', 'revoked (deleted)']);
    expect([-1, 0, 5, null].map((v) => valueText(crash.target, 'storeCrashReports', v))).toEqual(['unlimited per issue', 'none (off)', '5 per issue', "the organization's setting"]);
    expect(valueText(rate.target, 'rateLimit', null)).toBe('no rate limit');
    expect(fieldText(rotate.target, 'create')).toBe('replacement key');
    expect([valueText(rotate.target, 'create', null), valueText(rotate.target, 'create', rotate.after)]).toEqual(['none', "created, with the old key's rate limit and SDK settings"]);
    expect(fieldText(rate.target, 'rateLimit')).toBe('rateLimit');
    expect(fieldText(orgCrash.target, 'require2FA')).toBe('require2FA');
    expect(valueText(orgCrash.target, 'require2FA', false)).toBeUndefined();
  });

  const input: PlanInput = { changes, results: failingResults(), target: { baseUrl: 'https://sentry.io', org: 'acme' }, level: 'L3', generatedAt: '2026-11-25T15:00:00.000Z', toolVersion: '0.1.0' };

  it('plan (table and markdown) says what a null or "exists" means', () => {
    const table = renderPlanTable(input, { color: false, width: 80 });
    expect(table).toContain(`    project payments · debugFilesRole\n      - "member"\n      + the organization's setting (Sentry's default: admin)`);
    expect(table).toContain('    invitation old@acme.example · status\n      - pending\n      + withdrawn (deleted)');
    expect(table).toMatch(/organization auth token "Old deploy script" \(id 4002\) · status\n {6}- active\n {6}\+ revoked \(deleted\)/);
    expect(table).toContain('      - unlimited per issue\n      + the organization\'s setting');
    expect(table).toContain('      - 5 per issue\n      + none (off)');
    expect(table).not.toMatch(/exists|\+ null|- true\n\s+\+ false/);
    const md = renderPlanMarkdown(input);
    expect(md).toContain("+ the organization's setting (Sentry's default: admin)");
    expect(md).toContain('· `status`');
  });

  it('the JSON plan keeps the raw field names and values', () => {
    const json = buildJsonPlan(input) as unknown as { changes: PlannedChange[] };
    expect(json.changes.find((c) => c.checkId === '2.1.7')).toMatchObject({ field: 'debugFilesRole', before: 'member', after: null });
    expect(json.changes.find((c) => c.checkId === '2.1.10')).toMatchObject({ field: 'exists', before: true, after: false });
  });

  it("apply's plan lines", () => {
    expect(planLine(debugFiles)).toBe(`  2.1.7   project payments debugFilesRole: "member" -> the organization's setting (Sentry's default: admin)`);
    expect(planLine(invite)).toBe('  2.1.10  invitation old@acme.example status: pending -> withdrawn (deleted) [risky]');
    expect(planLine(rotate)).toBe("  3.2.4   key sentry-harden {session} rotates k1 (web) replacement key: none -> created, with the old key's rate limit and SDK settings");
    expect(planLine(rate)).toBe('  3.2.1   key Default (web) rateLimit: no rate limit -> {"count":1000,"window":60} [disruptive]');
  });

  it("the wizard's diff blocks and inline changes", () => {
    const check = (id: string, cs: PlannedChange[]): CheckResult => ({ id, title: id, level: 'L1', automation: 'auto', risk: 'none', rationale: 'x', status: 'fail', findings: [], changes: cs });
    const control: ControlResult = {
      id: '9.1', title: 't', level: 'L1', frameworks: { cis: [], nist: [], soc2: [] }, rationale: 'x', status: 'fail',
      checks: [check('2.1.7', [debugFiles]), check('2.1.10', [invite]), check('3.1.10', [orgCrash])],
    };
    const lines = diffBlocks(control).flatMap((b) => b.variants.flatMap((v) => v.lines.map((l) => `${l.sign} ${l.text}`)));
    expect(lines).toContain("+ debugFilesRole: the organization's setting (Sentry's default: admin)");
    expect(lines).toContain('- status: pending');
    expect(lines).toContain('+ status: withdrawn (deleted)');
    expect(lines).toContain('+ storeCrashReports: none (off)');
    expect(lines.join('\n')).not.toMatch(/exists|null/);
    expect(inlineChange(check('3.1.10', [orgCrash]))).toEqual({ field: 'storeCrashReports', before: '5 per issue', after: 'none (off)' });
  });
});
