// The verify renderers on fixtures: JSON follows DESIGN.md's schemaVersion 1, SARIF has the
// required 2.1.0 fields, JUnit is well-formed XML, the table fits 80 columns.

import { describe, expect, it } from 'vitest';
import { buildJsonReport, renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildSarif } from '../../src/report/sarif.js';
import { renderTable } from '../../src/report/table.js';
import { findAll, parseXml } from './xml.js';
import { failingResults, hostileControl, reportInput, SECRET } from './fixtures.js';
import stringWidth from 'string-width';

type Json = Record<string, unknown>;

describe('renderJson', () => {
  const report = buildJsonReport(reportInput());

  it('has exactly the fields of DESIGN.md in order', () => {
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'target', 'level', 'generatedAt', 'summary', 'controls']);
    expect(report.tool).toEqual({ name: 'sentry-harden', version: '0.1.0' });
    expect(report.target).toEqual({ url: 'https://sentry.io', org: 'acme' });
    // accepted (policy acceptedRisks) is counted apart, added after DESIGN.md's five
    expect(Object.keys(report.summary)).toEqual(['pass', 'fail', 'manual', 'not_applicable', 'error', 'accepted']);
    const checks = report.controls.flatMap((c) => c.checks);
    const sum = Object.values(report.summary).reduce((a, b) => a + b, 0);
    expect(sum).toBe(checks.length);
    expect(report.summary.fail).toBe(checks.filter((c) => c.status === 'fail').length);
  });

  it('lists findings, reasons for not_applicable and messages for errors', () => {
    const checks = report.controls.flatMap((c) => c.checks);
    const twofa = checks.find((c) => c.id === '1.2.1')!;
    expect(twofa.status).toBe('fail');
    expect(twofa.findings[0]).toMatchObject({ resource: { type: 'organization', id: 'acme' }, field: 'require2FA', current: false, expected: true });
    const errored = checks.find((c) => c.id === '9.9.2')!;
    expect(errored).toMatchObject({ status: 'error', message: 'cannot read <it>: the token lacks the scope org:write' });
    expect(errored.reason).toBeUndefined();
    expect(checks.find((c) => c.id === '9.9.3')).toMatchObject({ status: 'not_applicable', reason: 'self-hosted' });
    // the audit log could not be read: 4.1.1 is an error naming the scope
    expect(JSON.stringify(checks.find((c) => c.id === '4.1.1'))).toMatch(/org:write/);
  });

  it('redacts secrets', () => {
    const text = renderJson(reportInput());
    expect(text).not.toContain(SECRET);
    expect(text).toContain('[redacted]');
    expect(text).toContain('https://pub@o1.ingest.sentry.io/1');
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('renderTable', () => {
  it('fits 80 columns, groups by control, shows icons and scores', () => {
    const out = renderTable(reportInput(), { color: false, width: 80 });
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/^1\.2 {2}Enforce Two-Factor Authentication +L1 +fail$/m);
    expect(out).toMatch(/^ {2}✘ 1\.2\.1 /m);
    expect(out).toMatch(/^ {2}! 9\.9\.2 /m);
    expect(out).toMatch(/Score \(passing of pass\/fail checks\): L1 \d+\/\d+ \(\d+%\) · L2 .* · L3 /);
    expect(out).not.toContain('\u001B[');
    expect(out).not.toContain(SECRET);
  });

  it('wraps a long finding with a hanging indent: continuation lines sit under its text', () => {
    const lines = renderTable(reportInput(), { color: false, width: 80 }).split('\n');
    const start = lines.findIndex((l) => l.includes('A very long finding message'));
    expect(lines[start]).toMatch(/^ {6}• \S/);
    const rest = lines.slice(start + 1, lines.findIndex((l, i) => i > start && !/^ {8}\S/.test(l)));
    expect(rest.length).toBeGreaterThan(2);
    expect(rest.join(' ')).toContain('more words');
    for (const l of rest) expect(l, l).toMatch(/^ {8}\S/);
  });

  it('colours only when asked', () => {
    expect(renderTable(reportInput(), { color: true })).toContain('\u001B[31m');
  });

  it('wraps at narrower widths too', () => {
    const out = renderTable(reportInput(), { color: false, width: 60 });
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
  });
});

describe('renderMarkdown', () => {
  it('escapes cells so every table row keeps its columns', () => {
    const out = renderMarkdown(reportInput());
    expect(out).toContain('| Check | Level | Status | Details |');
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    let header = 0;
    for (const line of out.split('\n')) {
      if (!line.startsWith('|')) {
        header = 0;
        continue;
      }
      if (header === 0) header = cells(line);
      else expect(cells(line), line).toBe(header);
    }
    expect(out).toContain('Weird &lt;title&gt; & "quotes" \\| pipes');
    expect(out).not.toContain(SECRET);
  });
});

describe('renderSarif', () => {
  const sarif = buildSarif(reportInput()) as Json;
  const run = (sarif.runs as Json[])[0]!;
  const driver = (run.tool as Json).driver as Json;
  const rules = driver.rules as Json[];
  const results = run.results as Json[];

  it('has the required SARIF 2.1.0 fields', () => {
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.version).toBe('2.1.0');
    expect(driver).toMatchObject({ name: 'sentry-harden', version: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
  });

  it('has one rule per check with descriptions, help and framework tags', () => {
    const checks = reportInput().results.flatMap((c) => c.checks);
    expect(rules.map((r) => r.id)).toEqual(checks.map((c) => c.id));
    for (const r of rules) {
      expect(r.name).toMatch(/^[A-Za-z0-9]+$/);
      expect((r.shortDescription as Json).text).toBeTruthy();
      expect((r.fullDescription as Json).text).toBeTruthy();
      expect((r.help as Json).text).toBeTruthy();
      expect(((r.properties as Json).tags as string[]).length).toBeGreaterThan(0);
    }
    const r121 = rules.find((r) => r.id === '1.2.1')!;
    expect((r121.properties as Json).tags).toEqual(expect.arrayContaining(['CIS:6.5', 'NIST:IA-2(1)', 'SOC2:CC6.1', 'level:L1']));
  });

  it('reports fail and error as error, manual as a review, nothing for pass and n/a', () => {
    const checks = new Map(reportInput().results.flatMap((c) => c.checks).map((c) => [c.id, c]));
    for (const r of results) {
      const check = checks.get(r.ruleId as string)!;
      expect(rules[r.ruleIndex as number]!.id).toBe(r.ruleId);
      expect(r.level).toBe(check.status === 'manual' ? 'none' : 'error');
      expect(r.kind).toBe(check.status === 'manual' ? 'review' : 'fail');
      // §3.27.9: a kind other than "fail" allows only level "none"
      if (r.kind !== undefined && r.kind !== 'fail') expect(r.level).toBe('none');
      expect(['fail', 'error', 'manual']).toContain(check.status);
      expect((r.message as Json).text).toBeTruthy();
      const loc = (r.locations as Json[])[0]!;
      expect(((loc.logicalLocations as Json[])[0] as Json).fullyQualifiedName).toBeTruthy();
    }
    const failing = [...checks.values()].filter((c) => c.status === 'fail');
    expect(results.filter((r) => r.level === 'error').length).toBeGreaterThanOrEqual(failing.length);
    const keyResult = results.find((r) => r.ruleId === '9.9.1')!;
    expect(((keyResult.locations as Json[])[0]!.logicalLocations as Json[])[0]).toMatchObject({ fullyQualifiedName: 'acme/project/web/key/abc', kind: 'resource' });
    expect(JSON.stringify(sarif)).not.toContain(SECRET);
  });
});

describe('renderJunit', () => {
  it('is well-formed XML with one testcase per check and the right outcomes', () => {
    const input = reportInput();
    const xml = renderJunit(input);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    const checks = input.results.flatMap((c) => c.checks);
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(checks.length);
    expect(findAll(root, 'testsuite')).toHaveLength(input.results.length);
    expect(findAll(root, 'failure')).toHaveLength(checks.filter((c) => c.status === 'fail').length);
    expect(findAll(root, 'error')).toHaveLength(checks.filter((c) => c.status === 'error').length);
    expect(findAll(root, 'skipped')).toHaveLength(checks.filter((c) => c.status === 'manual' || c.status === 'not_applicable').length);
    expect(root.attrs.failures).toBe(String(checks.filter((c) => c.status === 'fail').length));
    // markup survives escaping; the control character is dropped
    const hostile = cases.find((c) => c.attrs.name?.startsWith('9.9.1'))!;
    expect(hostile.attrs.name).toBe("9.9.1 Check with 'apostrophes' <b>bold</b>  control & ]]> end");
    expect(xml).not.toContain(SECRET);
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a x="1 & 2"/>')).toThrow();
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
    expect(() => parseXml('<a/><b/>')).toThrow();
  });
});

describe('renderers on an all-passing org', () => {
  it('score 100% and an empty SARIF result list', () => {
    const results = failingResults().map((c) => ({ ...c, status: 'pass' as const, checks: c.checks.map((k) => ({ ...k, status: 'pass' as const, findings: [] })) }));
    const input = reportInput(results);
    expect(renderTable(input, { color: false })).toMatch(/Level L3: no failing checks/);
    expect(((buildSarif(input).runs as Json[])[0]!.results as Json[])).toEqual([]);
    expect(findAll(parseXml(renderJunit(input)), 'failure')).toEqual([]);
    void hostileControl;
  });
});
