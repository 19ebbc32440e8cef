// JUnit XML for CI test dashboards: one testsuite per control, one testcase per check;
// fail -> <failure>, error -> <error>, manual, not_applicable and accepted -> <skipped> (an
// accepted risk's message names the acceptance: reason, owner, expiry). `--probe-pii` adds a
// testsuite "PII-leak probe" with a testcase per project.

import type { CheckResult } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { acceptanceText, countChecks, findingText } from './summary.js';
import { targetLine, TOOL_NAME, type ReportInput } from './types.js';
import { verdictText, type ProbeReport } from '../engine/probe.js';
import { missingValueText } from './missing-value.js';

/** Characters XML 1.0 cannot carry at all are dropped; markup characters escaped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => ` ${name}="${xmlEscape(String(value))}"`;

/**
 * `--probe-pii`: one testsuite, one testcase per project; leaks → <failure> listing path, kind,
 * count, masked hint and the linked checks' verdict; unreadable events → <error>.
 */
function probeSuite(probe: ProbeReport, at: string): string[] {
  const p = redactSecrets(probe);
  const failures = p.projects.filter((x) => x.sampled !== null && x.eventsWithLeaks > 0).length;
  const errors = p.projects.filter((x) => x.sampled === null).length;
  const out = [`  <testsuite${attr('name', 'PII-leak probe')}${attr('tests', p.projects.length)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', 0)}${attr('time', 0)}${attr('timestamp', at)}>`];
  for (const pr of p.projects) {
    const open = `    <testcase${attr('classname', 'pii-probe')}${attr('name', `events of ${pr.project}`)}${attr('time', 0)}`;
    const leaks = p.findings.filter((f) => f.project === pr.project);
    if (pr.sampled === null) {
      out.push(`${open}>\n      <error${attr('message', pr.error ?? 'could not read events')}${attr('type', 'error')}/>\n    </testcase>`);
    } else if (leaks.length > 0) {
      const msg = `${pr.eventsWithLeaks} of ${pr.sampled} sampled events carry values scrubbing should have removed`;
      const text = leaks.map((f) => `- ${f.kind} at ${f.path} ×${f.count} (${f.hint}; events ${f.eventIds.join(', ')}): ${verdictText(f)}`).join('\n');
      out.push(`${open}>\n      <failure${attr('message', msg)}${attr('type', 'pii-leak')}>${xmlEscape(text)}</failure>\n    </testcase>`);
    } else out.push(`${open}/>`);
  }
  out.push('  </testsuite>');
  return out;
}

function body(c: CheckResult): string {
  const lines: string[] = [];
  for (const f of c.findings) lines.push(`- ${findingText(f)}`);
  if (c.reason) lines.push(c.reason);
  if (c.missingParameter) lines.push(missingValueText(c.id, c.missingParameter));
  return lines.join('\n');
}

function testcase(org: string, controlId: string, c: CheckResult): string {
  const open = `    <testcase${attr('classname', `${org}.${controlId}`)}${attr('name', `${c.id} ${c.title}`)}${attr('time', 0)}`;
  const text = body(c);
  switch (c.status) {
    case 'pass':
      return `${open}/>`;
    case 'fail': {
      const first = c.findings[0];
      const msg = first ? findingText(first) : (c.reason ?? 'fails');
      const more = c.findings.length > 1 ? ` (and ${c.findings.length - 1} more)` : '';
      return `${open}>\n      <failure${attr('message', msg + more)}${attr('type', 'fail')}>${xmlEscape(text)}</failure>\n    </testcase>`;
    }
    case 'error':
      return `${open}>\n      <error${attr('message', c.reason ?? 'could not be evaluated')}${attr('type', 'error')}>${xmlEscape(text)}</error>\n    </testcase>`;
    case 'accepted': {
      const a = c.acceptances?.[0];
      const msg = a ? acceptanceText(a) : 'accepted';
      return `${open}>\n      <skipped${attr('message', msg)}/>\n    </testcase>`;
    }
    case 'manual':
    case 'not_applicable': {
      const msg = `${c.status === 'manual' ? 'manual' : 'not applicable'}: ${c.reason ?? ''}`.trim();
      return `${open}>\n      <skipped${attr('message', msg)}/>\n    </testcase>`;
    }
  }
}

export function renderJunit(input: ReportInput): string {
  const org = input.target.org;
  const results = redactSecrets(input.results);
  const all = countChecks(results.flatMap((c) => c.checks));
  // the probe's testcases count in the totals like any other
  const pp = input.probe?.projects ?? [];
  const probeTests = pp.length;
  const probeFailures = pp.filter((x) => x.sampled !== null && x.eventsWithLeaks > 0).length;
  const probeErrors = pp.filter((x) => x.sampled === null).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites${attr('name', `${TOOL_NAME} ${org} ${input.level}`)}${attr('tests', all.pass + all.fail + all.error + all.manual + all.not_applicable + all.accepted + probeTests)}` +
      `${attr('failures', all.fail + probeFailures)}${attr('errors', all.error + probeErrors)}${attr('skipped', all.manual + all.not_applicable + all.accepted)}${attr('time', 0)}${attr('timestamp', input.generatedAt)}>`,
  );
  for (const control of results) {
    const s = countChecks(control.checks);
    out.push(
      `  <testsuite${attr('name', `${control.id} ${control.title}`)}${attr('tests', control.checks.length)}${attr('failures', s.fail)}` +
        `${attr('errors', s.error)}${attr('skipped', s.manual + s.not_applicable + s.accepted)}${attr('time', 0)}${attr('timestamp', input.generatedAt)}>`,
    );
    out.push(`    <properties>`);
    out.push(`      <property${attr('name', 'level')}${attr('value', control.level)}/>`);
    out.push(`      <property${attr('name', 'url')}${attr('value', input.target.baseUrl)}/>`);
    out.push(`      <property${attr('name', 'target')}${attr('value', targetLine(input.target, input.level))}/>`);
    out.push(`      <property${attr('name', 'tool')}${attr('value', `${TOOL_NAME} ${input.toolVersion}`)}/>`);
    out.push(`    </properties>`);
    for (const c of control.checks) out.push(testcase(org, control.id, c));
    out.push('  </testsuite>');
  }
  if (input.probe) out.push(...probeSuite(input.probe, input.generatedAt));
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
