// Colours and status icons. Every status also has its own icon and every diff line its sign, so
// nothing depends on colour: with NO_COLOR (or --no-color) the screen reads the same, uncoloured.

import React, { createContext, useContext } from 'react';
import type { CheckStatus } from '../../steps/types.js';
import type { RequestStatus } from '../engine/types.js';
import { STATUS_LABEL, STATUS_MARK } from '../report/summary.js';

export type Tone = 'ok' | 'bad' | 'warn' | 'dim' | 'accent' | 'add' | 'remove';

const COLORS: Record<Tone, string> = {
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  dim: 'gray',
  accent: 'cyan',
  add: 'green',
  remove: 'red',
};

const ColorContext = createContext(true);

export function ColorProvider({ color, children }: { color: boolean; children: React.ReactNode }): React.JSX.Element {
  return <ColorContext.Provider value={color}>{children}</ColorContext.Provider>;
}

/** The colour of a tone, or undefined when colour is off (Ink then prints plain text). */
export function useTone(): (tone: Tone) => string | undefined {
  const color = useContext(ColorContext);
  return (tone) => (color ? COLORS[tone] : undefined);
}

/** The marks every output shares (report/summary.ts). */
export const STATUS_ICON: Record<CheckStatus, string> = STATUS_MARK;

export const STATUS_TONE: Record<CheckStatus, Tone> = {
  pass: 'ok',
  fail: 'bad',
  manual: 'warn',
  not_applicable: 'dim',
  error: 'bad',
  accepted: 'dim',
};

/** The words every output shares (report/summary.ts). */
export const STATUS_WORD: Record<CheckStatus, string> = STATUS_LABEL;

export const OUTCOME_ICON: Record<RequestStatus, string> = {
  applied: '✔',
  'not-effective': '✘',
  failed: '✘',
  'held-back': '◆',
  skipped: '–',
};

export const OUTCOME_TONE: Record<RequestStatus, Tone> = {
  applied: 'ok',
  'not-effective': 'bad',
  failed: 'bad',
  'held-back': 'warn',
  skipped: 'dim',
};

export const OUTCOME_WORD: Record<RequestStatus, string> = {
  applied: 'applied and verified',
  'not-effective': 'not effective',
  failed: 'failed',
  'held-back': 'held back',
  skipped: 'skipped',
};

/** True unless NO_COLOR is set (any value) or colour was turned off by flag. */
export function colorEnabled(env: NodeJS.ProcessEnv, flag: boolean): boolean {
  if (!flag) return false;
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}
