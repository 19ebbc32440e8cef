// The plan renderer: diffs of changed keys only, identical project changes collapsed, risk
// marked, JSON listing every change.

import { describe, expect, it } from 'vitest';
import { diffText, diffValues } from '../../src/report/diff.js';
import { buildJsonPlan, groupChanges, renderPlanMarkdown, renderPlanTable, type PlanInput } from '../../src/report/plan.js';
import type { PlannedChange } from '../../steps/types.js';
import { failingResults } from './fixtures.js';
import stringWidth from 'string-width';

const filterChange = (project: string, consequence?: string): PlannedChange => ({
  checkId: '3.3.1',
  target: { type: 'filter', id: 'localhost', project },
  field: 'active',
  before: false,
  after: true,
  risk: 'disruptive',
  reversible: true,
  ...(consequence ? { consequence } : {}),
});

describe('diffValues', () => {
  it('shows scalars as one removed and one added line', () => {
    expect(diffText(false, true)).toEqual(['- false', '+ true']);
    expect(diffText(null, 'x')).toEqual(['- null', '+ "x"']);
  });

  it('shows only the changed keys of objects, with a line of context', () => {
    const before = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 };
    const lines = diffValues(before, { ...before, d: 40 });
    expect(lines.filter((l) => l.kind === 'remove').map((l) => l.text.trim())).toEqual(['"d": 4,']);
    expect(lines.filter((l) => l.kind === 'add').map((l) => l.text.trim())).toEqual(['"d": 40,']);
    expect(lines.some((l) => l.kind === 'skip')).toBe(true);
    expect(lines.find((l) => l.text.includes('"a"'))).toBeUndefined();
  });

  it('compares JSON strings (relayPiiConfig) as structures', () => {
    const a = JSON.stringify({ rules: { '0': { type: 'iban' } }, applications: { $string: ['0'] } });
    const b = JSON.stringify({ rules: { '0': { type: 'iban' }, x: { type: 'creditcard' } }, applications: { $string: ['0', 'x'] } });
    const text = diffText(a, b).join('\n');
    expect(text).toMatch(/\+ +"x": \{/);
    expect(text).not.toMatch(/^- .*iban/m);
  });
});

describe('groupChanges', () => {
  it('collapses identical changes across projects and keeps different ones apart', () => {
    const groups = groupChanges([
      filterChange('web'),
      filterChange('admin'),
      filterChange('shop'),
      { ...filterChange('other'), after: 'different' },
      { checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: false },
    ]);
    expect(groups.map((g) => [g.checkId, g.changes.length, g.projects])).toEqual([
      ['3.3.1', 3, ['web', 'admin', 'shop']],
      ['3.3.1', 1, ['other']],
      ['1.2.1', 1, []],
    ]);
  });
});

describe('renderPlanTable / buildJsonPlan', () => {
  const results = failingResults();
  const changes = results.flatMap((c) => c.checks.filter((k) => k.status === 'fail').flatMap((k) => k.changes ?? []));
  const input: PlanInput = { changes, results, target: { baseUrl: 'https://sentry.io', org: 'acme' }, level: 'L3', generatedAt: '2026-11-25T15:00:00.000Z', toolVersion: '0.1.0' };

  it('renders per control with diffs and risk tags in 80 columns', () => {
    expect(changes.length).toBeGreaterThan(2);
    const out = renderPlanTable(input, { color: false, width: 80 });
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toContain(`${changes.length} change`);
    expect(out).toMatch(/1\.2\.1 {2}Two-factor authentication is required \[risky\]/);
    expect(out).toContain('    organization acme · require2FA\n      - false\n      + true');
    expect(out).not.toContain('\u001B[');
  });

  it('JSON lists every change with its control, risk and diff', () => {
    const plan = buildJsonPlan(input);
    expect(plan.summary.changes).toBe(changes.length);
    expect(plan.changes.map((c) => c.checkId)).toEqual(changes.map((c) => c.checkId));
    for (const c of plan.changes) {
      expect(c.controlId).toBe(c.checkId.split('.').slice(0, 2).join('.'));
      expect(c.diff.length).toBeGreaterThan(0);
      expect('context' in c).toBe(false);
    }
    expect(plan.summary.risky).toBe(changes.filter((c) => c.risk === 'risky').length);
  });

  it('collapses a consequence repeated on every project into one line', () => {
    const inputs: PlanInput = { ...input, changes: [filterChange('web', 'Drops localhost on web'), filterChange('admin', 'Drops localhost on admin')] };
    const out = renderPlanTable(inputs, { color: false });
    expect(out).toMatch(/filter localhost on 2 projects: web, admin/);
    expect(out).toMatch(/Drops localhost on web \(likewise for the other 1\)/);
    expect(renderPlanMarkdown(inputs)).toContain('```diff\n- false\n+ true\n```');
  });

  it('marks a change riskier than its check', () => {
    const results = failingResults();
    const risky: PlannedChange = { checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'other', before: 1, after: 2, risk: 'disruptive', reversible: true };
    const out = renderPlanTable({ ...input, results, changes: [risky] }, { color: false });
    expect(out).toContain('organization acme · other [disruptive]');
  });

  it('wraps a long consequence with a hanging indent under its text', () => {
    const long = `Drops localhost events on web ${'and more words '.repeat(12)}end`;
    const lines = renderPlanTable({ ...input, changes: [filterChange('web', long)] }, { color: false, width: 60 }).split('\n');
    const start = lines.findIndex((l) => l.includes('Drops localhost events'));
    expect(lines[start]).toMatch(/^ {6}! Drops/);
    const next = lines.slice(start + 1, start + 4);
    for (const l of next) expect(l, l).toMatch(/^ {8}\S/);
  });

  it('says so when nothing is to change', () => {
    const out = renderPlanTable({ ...input, changes: [], results: [] }, { color: false });
    expect(out).toMatch(/Nothing to change\./);
  });
});
