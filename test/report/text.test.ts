// Terminal columns, not code points: a CJK project name, an emoji and ANSI colour must measure as
// a terminal draws them. Expected widths follow string-width's definition (Unicode UAX #11 East
// Asian Width: Wide and Fullwidth characters take 2 columns; an RGI emoji, ZWJ sequences
// included, takes 2; ANSI escapes, control characters and combining marks take 0).

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cut, inline, painter, truncate, visibleLength, wrap, wrapHanging, wrapLine } from '../../src/report/text.js';
import { renderTable } from '../../src/report/table.js';
import type { ControlResult } from '../../steps/types.js';
import { reportInput } from './fixtures.js';

describe('visibleLength', () => {
  it.each([
    ['web-app', 7],
    ['決済サービス', 12], // 6 Wide characters (CJK ideographs, katakana)
    ['ｗｅｂ', 6], // Fullwidth Latin
    ['ｱｲｳ', 3], // Halfwidth katakana
    ['🔒', 2], // U+1F512, Emoji_Presentation
    ['👩‍💻', 2], // woman technologist: one ZWJ sequence, one glyph
    ['🇯🇵', 2], // a flag: two regional indicators, one glyph
    ['café', 4], // é as e + U+0301 combining acute
    ['\u001B[31mred\u001B[39m', 3], // SGR colour around 3 columns of text
    ['a\u0001b', 2], // a control character advances nothing
  ])('%j takes %i columns', (s, cols) => {
    expect(visibleLength(s)).toBe(cols);
  });

  it('ignores the colour painter() adds', () => {
    expect(visibleLength(painter(true)('red', '決済 🔒'))).toBe(7);
  });
});

describe('truncate', () => {
  it('cuts by columns and ends with an ellipsis', () => {
    expect(truncate('決済サービス', 9)).toBe('決済サー…'); // 8 columns of text + 1
    expect(truncate('web-app', 7)).toBe('web-app');
    expect(truncate('web-app-production', 8)).toBe('web-app…');
  });

  it('never runs past the width, whatever straddles the edge', () => {
    const s = `東京🔒 project 👩‍💻 決済サービス ${'x'.repeat(10)}`;
    for (let w = 1; w <= stringWidth(s) + 1; w++) {
      const t = truncate(s, w);
      expect(stringWidth(t), `${w}: ${t}`).toBeLessThanOrEqual(w);
      if (stringWidth(s) > w) expect(t.endsWith('…'), t).toBe(true);
      else expect(t).toBe(s);
    }
  });

  it('keeps colour intact', () => {
    const red = painter(true)('red', 'payments 決済サービス');
    const t = truncate(red, 12);
    expect(stringWidth(t)).toBeLessThanOrEqual(12);
    expect(t).toContain('\u001B[31m');
    expect(t).toContain('\u001B[39m');
  });

  it('inline() quotes strings and cuts long values by columns', () => {
    expect(inline('東京')).toBe('"東京"');
    expect(stringWidth(inline('東'.repeat(40), 20))).toBeLessThanOrEqual(20);
  });
});

describe('wrap', () => {
  const text = 'Project 決済サービス 🔒 stores IP addresses of 東京 users 👩‍💻 in every event';

  it('wraps at word boundaries by columns: no line past the width, no word split', () => {
    for (const width of [20, 24, 30, 40]) {
      const lines = wrap(text, width, '  ');
      for (const l of lines) expect(stringWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      for (const l of lines) expect(l.startsWith('  ')).toBe(true);
      expect(lines.map((l) => l.trim()).join(' ')).toBe(text);
    }
  });

  it('fills a line by columns, not by code points', () => {
    // "Project 決済サービス" is 7 + 1 + 12 = 20 columns but 14 code points: it fits 20 columns, and
    // with the next word (2 more columns and a space) it would not
    expect(wrap(text, 20)[0]).toBe('Project 決済サービス');
  });

  it('breaks a word longer than the line by columns', () => {
    const lines = wrap('東'.repeat(15), 10);
    expect(lines).toEqual(['東東東東東', '東東東東東', '東東東東東']);
  });

  it('keeps paragraphs and collapses runs of white space', () => {
    expect(wrap('a  b\n\nc', 20)).toEqual(['a b', '', 'c']);
  });

  it('a hanging marker: continuation lines sit under the text', () => {
    const lines = wrapHanging('• ', text, 24, '    ');
    expect(lines[0]!.startsWith('    • Project')).toBe(true);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {6}\S/);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(24);
  });
});

describe('renderTable with wide characters', () => {
  const wide = (): ControlResult => ({
    id: '9.8',
    title: '決済サービス 🔒 controls',
    level: 'L1',
    frameworks: { cis: [], nist: [], soc2: [] },
    rationale: 'x',
    status: 'fail',
    checks: [
      {
        id: '9.8.1',
        title: 'Project 決済サービス stores IP addresses 👩‍💻',
        level: 'L1',
        automation: 'auto',
        risk: 'none',
        rationale: 'x',
        status: 'fail',
        findings: [
          {
            resource: { type: 'project', id: '決済サービス', name: '決済サービス' },
            field: 'storeCrashReports',
            current: 1,
            expected: 0,
            message: `Project 決済サービス 🔒 keeps ${'東京 '.repeat(30)}crash reports`,
          },
        ],
      },
    ],
  });

  it('aligns the status column at the last column and wraps findings within 80 columns', () => {
    const out = renderTable(reportInput([wide()]), { color: false, width: 80 });
    const lines = out.split('\n');
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    const control = lines.find((l) => l.startsWith('9.8  '))!;
    const check = lines.find((l) => l.includes('9.8.1'))!;
    // the status ends at column 80 exactly: the gap was measured in columns
    expect(control).toMatch(/L1 +fail$/);
    expect(stringWidth(control)).toBe(80);
    expect(stringWidth(check)).toBe(80);
    const finding = lines.filter((l) => l.startsWith('      ') && /東京|keeps|crash/.test(l));
    expect(finding.length).toBeGreaterThan(1);
    expect(finding.map((l) => l.trim().replace(/^• /, '')).join(' ')).toBe(`Project 決済サービス 🔒 keeps ${'東京 '.repeat(30)}crash reports`);
  });

  it('with colour the same lines take the same columns', () => {
    const plain = renderTable(reportInput([wide()]), { color: false, width: 80 }).split('\n');
    const coloured = renderTable(reportInput([wide()]), { color: true, width: 80 }).split('\n');
    expect(coloured.map((l) => stringWidth(l))).toEqual(plain.map((l) => stringWidth(l)));
  });
});

describe('cut', () => {
  it('the first columns, no ellipsis, never past the width', () => {
    expect(cut('決済サービス', 5)).toBe('決済');
    expect(cut('web-app', 3)).toBe('web');
    expect(cut('web', 1)).toBe('w');
    expect(cut('東京', 1)).toBe('');
    expect(cut('\u001B[31m東京\u001B[39m', 3)).toBe('\u001B[31m東\u001B[39m');
  });
});

describe('wrapLine', () => {
  const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

  it('leaves a line that fits as it is', () => {
    expect(wrapLine('  applied       1.2.1 PUT organization acme: require2FA', 80)).toEqual(['  applied       1.2.1 PUT organization acme: require2FA']);
  });

  it('wraps a sentence at word boundaries, continuations flush left', () => {
    const line = 'It is served on this machine at http://127.0.0.1:37003; nothing goes to the network.';
    const out = wrapLine(line, 80);
    expect(out).toEqual(['It is served on this machine at http://127.0.0.1:37003; nothing goes to the', 'network.']);
  });

  it('hangs continuations under the text of a list item', () => {
    const line = '  - Members turned into pending invitations by the 2FA requirement: finley@acme.example (manager). Turning require2FA off does not bring them back.';
    const out = wrapLine(line, 80);
    expect(out[0]).toMatch(/^ {2}- Members/);
    for (const l of out.slice(1)) expect(l).toMatch(/^ {4}\S/);
    for (const l of out) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(words(out.join(' '))).toEqual(words(line));
  });

  it('hangs continuations under the second column of a column layout', () => {
    const line = '  applied       2.1.1 PUT organization acme: defaultRole, allowJoinRequests, openMembership, allowMemberInvite';
    const out = wrapLine(line, 80);
    expect(out).toEqual(['  applied       2.1.1 PUT organization acme: defaultRole, allowJoinRequests,', '                openMembership, allowMemberInvite']);
  });

  it('breaks a path longer than the line, and measures wide characters', () => {
    const line = `Snapshot session 20261206T171615Z-b36f59f9 (/tmp/${'x'.repeat(100)})`;
    const out = wrapLine(line, 80);
    expect(out.length).toBe(2);
    for (const l of out) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(out.join('').replace(/\s/g, '')).toBe(line.replace(/\s/g, ''));
    const cjk = wrapLine(`  - 決済サービス ${'東京 '.repeat(30)}end`, 40);
    for (const l of cjk) expect(stringWidth(l)).toBeLessThanOrEqual(40);
    expect(words(cjk.join(' '))).toEqual(words(`- 決済サービス ${'東京 '.repeat(30)}end`));
  });
});
