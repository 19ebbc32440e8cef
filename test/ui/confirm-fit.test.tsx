// A confirmation with several long consequences (data scrubbing, access loss by email) keeps its
// question, the slug field and the error on a 24-row screen: each line is cut at a word to two or
// three wrapped rows, and d (Tab in the slug field) shows them whole.

import { afterEach, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { WizardScreen } from '../../src/ui/components/WizardScreen.js';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { clip, clipRows } from '../../src/ui/components/ControlView.js';
import { ColorProvider } from '../../src/ui/theme.js';
import { initialState, type WizardState } from '../../src/ui/wizard-state.js';
import { control } from './fixtures.js';

afterEach(() => cleanup());

const LONG =
  'every key or value that contains "card_number", "cvv", "bank_account", "routing_number", "social_security", "passport_number", "date_of_birth", "tax_id" (case-insensitive, anywhere in the text) is replaced with "[Filtered]" in new events of every project, including safe fields and breadcrumbs.';

function confirming(warnings: string[], details = false): WizardState {
  const c = control('2.1');
  return {
    ...initialState({ org: 'acme', region: 'us.sentry.io', level: 'L2' }),
    controls: [c],
    initial: [c],
    phase: { kind: 'confirming', index: 0, mode: 'risky', changes: [], warnings, typed: 'acne', error: 'Type the organization slug "acme" exactly to confirm, or press Esc.', details },
  };
}

it('four long consequences, the question, the slug field and its error fit 80×24', () => {
  const warnings = ['From now on', 'Since today', 'After this', 'Then also', 'And'].map((p) => `${p} ${LONG}`);
  const t = render(
    <ColorProvider color={false}>
      <WizardScreen state={confirming(warnings)} verifyCommand="v" canEdit={false} width={80} rows={24} />
    </ColorProvider>,
  );
  const lines = t.lastFrame()!.split('\n');
  expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(23);
  expect(lines.some((l) => l.includes('Type the organization slug "acme" exactly'))).toBe(true);
  expect(lines.some((l) => l.includes('+1 more (Tab shows all)'))).toBe(true);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
});

it('clipRows cuts at a word so the wrapped text takes at most the rows given', () => {
  expect(clipRows('short text', 76, 2)).toBe('short text');
  const cut = clipRows(LONG, 76, 2);
  expect(cut.endsWith(' …')).toBe(true);
  expect(LONG.startsWith(cut.slice(0, -2))).toBe(true);
  expect(cut.length).toBeLessThanOrEqual(2 * 76);
});

it('clipRows and clip count terminal columns: CJK project names take 2 per character', () => {
  const wide = Array.from({ length: 30 }, (_, i) => `決済サービス${i}`).join(' ');
  const cut = clipRows(wide, 76, 2);
  expect(cut.endsWith(' …')).toBe(true);
  // as Ink draws it: wrap-ansi at the Text's width
  expect(wrapAnsi(cut, 76, { hard: true, trim: false }).split('\n').length).toBeLessThanOrEqual(2);
  expect(wide.startsWith(cut.slice(0, -2))).toBe(true);
  const short = clip(wide, 40);
  expect(stringWidth(short)).toBeLessThanOrEqual(40);
  expect(short.endsWith(' …')).toBe(true);
  expect(wide.startsWith(short.slice(0, -2))).toBe(true);
});
