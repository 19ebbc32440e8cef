// A failing check that waits for a value names its policy parameter in every output, and the
// wizard only when the wizard has an editor for it (CheckDef.edit): 3.5.1's replayAccess has
// none, 2.3.1's demoteOwners has one.

import { describe, expect, it } from 'vitest';
import { findCheck } from '../../steps/index.js';
import type { CheckResult, ControlResult } from '../../steps/types.js';
import { missingValueText, wizardCanEdit } from '../../src/report/missing-value.js';
import { renderTable } from '../../src/report/table.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderPlanMarkdown, renderPlanTable } from '../../src/report/plan.js';
import { missingValueLine } from '../../src/ui/edits.js';
import { controlText } from '../../src/ui/plain/text.js';
import { reportInput } from './fixtures.js';

function waiting(id: string, missingParameter: string): ControlResult {
  const { control, check } = findCheck(id)!;
  const c: CheckResult = {
    id, title: check.title, level: check.level, automation: check.automation, risk: check.risk, rationale: check.rationale,
    status: 'fail', findings: [], changes: [], missingParameter,
  };
  return { id: control.id, title: control.title, level: control.level, frameworks: control.frameworks, rationale: control.rationale, status: 'fail', checks: [c] };
}

const results = [waiting('2.3.1', 'demoteOwners'), waiting('3.5.1', 'replayAccess')];
const input = reportInput(results);
const plan = { ...input, changes: [] };

describe('the missing value of a failing check', () => {
  it('mentions the wizard only for a check that declares an editor', () => {
    expect(findCheck('2.3.1')!.check.edit).toBeDefined();
    expect(findCheck('3.5.1')!.check.edit).toBeUndefined();
    expect(wizardCanEdit('2.3.1')).toBe(true);
    expect(wizardCanEdit('3.5.1')).toBe(false);
    expect(wizardCanEdit('9.9.9')).toBe(false);
    expect(missingValueText('2.3.1', 'demoteOwners')).toBe('needs policy parameter "demoteOwners" (--policy FILE) or the wizard');
    expect(missingValueText('3.5.1', 'replayAccess')).toBe('needs policy parameter "replayAccess" (--policy FILE)');
    expect(missingValueText('3.5.1', 'replayAccess', 'markdown')).toBe('needs policy parameter `replayAccess` (`--policy FILE`)');
    expect(missingValueText('2.3.1', 'demoteOwners', 'html')).toBe('needs policy parameter <code>demoteOwners</code> (<code>--policy FILE</code>) or the wizard');
  });

  it('is the same sentence in the table, Markdown, HTML, JUnit and the plan', () => {
    const table = renderTable(input, { color: false, width: 120 });
    expect(table).toContain('      needs policy parameter "demoteOwners" (--policy FILE) or the wizard\n');
    expect(table).toContain('      needs policy parameter "replayAccess" (--policy FILE)\n');
    const md = renderMarkdown(input);
    expect(md).toContain('needs policy parameter `demoteOwners` (`--policy FILE`) or the wizard');
    expect(md).toMatch(/needs policy parameter `replayAccess` \(`--policy FILE`\)(?! or the wizard)/);
    const html = renderHtml(input);
    expect(html).toContain('Needs policy parameter <code>demoteOwners</code> (<code>--policy FILE</code>) or the wizard.');
    expect(html).toContain('Needs policy parameter <code>replayAccess</code> (<code>--policy FILE</code>).');
    const junit = renderJunit(input);
    expect(junit).toContain('needs policy parameter &quot;replayAccess&quot; (--policy FILE)<');
    const planText = renderPlanTable(plan, { color: false, width: 120 });
    expect(planText).toContain(`  2.3.1 ${findCheck('2.3.1')!.check.title}: needs policy parameter "demoteOwners" (--policy FILE) or the wizard\n`);
    expect(planText).toMatch(new RegExp(`^ {2}3\\.5\\.1 ${findCheck('3.5.1')!.check.title}: needs policy parameter "replayAccess" \\(--policy FILE\\)$`, 'm'));
    const planMd = renderPlanMarkdown(plan);
    expect(planMd).toContain('needs policy parameter `replayAccess` (`--policy FILE`)\n');
    for (const out of [table, md, html, junit, planText, planMd]) expect(out).not.toMatch(/replayAccess[^\n]*wizard/);
  });

  it('in the wizard: the edit key only when there is an editor, else the same sentence as the reports', () => {
    expect(missingValueLine('2.3.1', 'demoteOwners', 'press e')).toBe('2.3.1 needs a value from you: press e (or set "demoteOwners" in --policy).');
    expect(missingValueLine('3.5.1', 'replayAccess', 'press e')).toBe('3.5.1 needs policy parameter "replayAccess" (--policy FILE).');
    const plain = results.flatMap((c) => controlText(c, { details: false, k: 1, n: 2 })).join('\n');
    expect(plain).toContain('2.3.1 needs a value from you: choose "edit" (or set "demoteOwners" in --policy).');
    expect(plain).toContain('3.5.1 needs policy parameter "replayAccess" (--policy FILE).');
    expect(plain).not.toMatch(/3\.5\.1[^\n]*edit/);
  });
});
