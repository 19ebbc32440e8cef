// One control under review: what it is, why it matters, its checks, the diff of what `a` would
// change, the risks, what blocks it, and what a person must do by hand. Pure: props in, text out.
// Collapsed (the default) fits 80×24: a one-field fix sits on its check's line, long lists are
// clipped with "+N more"; `d` (details) shows everything.

import React from 'react';
import { Box, Text } from 'ink';
import wrapAnsi from 'wrap-ansi';
import { cut, visibleLength } from '../../report/text.js';
import type { CheckResult, ControlResult } from '../../../steps/types.js';
import { diffBlocks, inlineChange, type InlineChange } from '../diff-model.js';
import { STATUS_ICON, STATUS_TONE, useTone } from '../theme.js';
import { DiffView } from './DiffView.js';
import { KeyHints } from './KeyHints.js';
import { reviewHints } from './review-hints.js';
import { frameworkTagsText } from '../plain/tags.js';
import { plural } from '../../words.js';
import { missingValueLine } from '../edits.js';

export const frameworkTags = frameworkTagsText;

/** About two lines of a long text, for the collapsed view: at most `max` columns, cut at a word. */
export function clip(text: string, max: number): string {
  return visibleLength(text) <= max ? text : `${cut(text, max - 2).replace(/\s+\S*$/, '')} …`;
}

/**
 * Rows `text` takes in an Ink <Text> `width` columns wide: Ink wraps with wrap-ansi (hard, not
 * trimmed), so the same call counts them; a column spare for a box's rounding.
 */
function wrappedRows(words: readonly string[], width: number): number {
  return wrapAnsi(words.join(' '), Math.max(10, width - 1), { hard: true, trim: false }).split('\n').length;
}

/** `text` cut at a word so that, wrapped at `width`, it takes at most `rows` rows. */
export function clipRows(text: string, width: number, rows: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (wrappedRows(words, width) <= rows) return words.join(' ');
  let n = words.length - 1;
  while (n > 1 && wrappedRows([...words.slice(0, n), '…'], width) > rows) n -= 1;
  return `${words.slice(0, n).join(' ')} …`;
}

function Inline({ change }: { change: InlineChange }): React.JSX.Element {
  const tone = useTone();
  return (
    <Text wrap="truncate-end">
      {change.field}: <Text color={tone('remove')}>{change.before}</Text> → <Text color={tone('add')}>{change.after}</Text>
    </Text>
  );
}

function CheckLine({ check, details, inline }: { check: CheckResult; details: boolean; inline?: InlineChange }): React.JSX.Element {
  const tone = useTone();
  const note = check.status === 'error' || check.status === 'not_applicable' || (details && check.reason) ? check.reason : undefined;
  return (
    <Box flexDirection="column">
      <Box columnGap={2}>
        <Box flexShrink={1}>
          <Text wrap="truncate-end">
            <Text color={tone(STATUS_TONE[check.status])}>{STATUS_ICON[check.status]}</Text> {check.id} {check.title}
            {check.risk !== 'none' && check.status === 'fail' ? <Text color={tone('warn')}> ({check.risk})</Text> : null}
          </Text>
        </Box>
        {inline ? (
          <Box flexShrink={0}>
            <Inline change={inline} />
          </Box>
        ) : null}
      </Box>
      {note ? (
        <Text color={tone('dim')} wrap={details ? 'wrap' : 'truncate-end'}>
          {'    '}
          {note}
        </Text>
      ) : null}
      {details && check.status === 'fail'
        ? check.findings.slice(0, DETAIL_FINDINGS).map((f, i) => (
            // the details view scrolls: findings wrap instead of losing their end
            <Text key={i} color={tone('dim')} wrap="wrap">
              {'    '}· {f.message}
            </Text>
          ))
        : null}
      {details && check.status === 'fail' && check.findings.length > DETAIL_FINDINGS ? <Text color={tone('dim')}>    · … {check.findings.length - DETAIL_FINDINGS} more (the full list: sentry-harden verify)</Text> : null}
    </Box>
  );
}

/** Lines of a list shown in full when expanded, else the first `max` and a "+N more" line. */
function Clipped({ items, expanded, max, prefix, tone, wrap = false, more = 'd for details' }: { items: string[]; expanded: boolean; max: number; prefix: string; tone?: string | undefined; wrap?: boolean; more?: string }): React.JSX.Element {
  const t = useTone();
  const shown = expanded ? items : items.slice(0, max);
  return (
    <Box flexDirection="column">
      {shown.map((s, i) => (
        <Text key={i} color={tone} wrap={expanded || wrap ? 'wrap' : 'truncate-end'}>
          {prefix}
          {s}
        </Text>
      ))}
      {shown.length < items.length ? (
        <Text color={t('dim')}>
          {prefix}+{items.length - shown.length} more ({more})
        </Text>
      ) : null}
    </Box>
  );
}

export function WarningBox({ title, lines, expanded, max = 2, more }: { title: string; lines: string[]; expanded: boolean; max?: number; more?: string }): React.JSX.Element | null {
  const tone = useTone();
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('warn')} paddingX={1}>
      <Text color={tone('warn')} bold>
        ⚠ {title}
      </Text>
      <Clipped items={lines} expanded={expanded} max={max} prefix="" wrap {...(more ? { more } : {})} />
    </Box>
  );
}

export interface ControlViewProps {
  control: ControlResult;
  details: boolean;
  notice?: string;
  /** hide the key hints (plain snapshots, confirm screen below) */
  hints?: boolean;
  canEdit: boolean;
  /** `p` is offered: add the changes to the plan file instead of applying */
  canPlan?: boolean;
  /** the terminal's size: collapsed, the diff gets the rows the rest leaves (at least 3) */
  width?: number;
  rows?: number;
}

// word wrap leaves lines short of the width: estimate with some slack (in columns: CJK takes 2)
const linesOf = (text: string, width: number): number => Math.max(1, Math.ceil(visibleLength(text) / Math.max(20, width - 8)));

/** findings listed per check in the details view; verify's report lists them all */
const DETAIL_FINDINGS = 20;

export function ControlView({ control, details, notice, hints = true, canEdit, canPlan = false, width = 80, rows = 24 }: ControlViewProps): React.JSX.Element {
  const tone = useTone();
  const failing = control.checks.filter((c) => c.status === 'fail');
  const inline = new Map<string, InlineChange>();
  if (!details) {
    for (const c of failing) {
      const i = inlineChange(c);
      if (i) inline.set(c.id, i);
    }
  }
  const blocks = diffBlocks(control, new Set(inline.keys()));
  const allWarnings = [...new Set(failing.flatMap((c) => c.warnings ?? []))];
  // collapsed: one line per warning inside the box (border and padding take 4 columns)
  const warnings = details ? allWarnings : allWarnings.map((w) => clip(w, width - 4));
  const blockers = [...new Set(control.checks.flatMap((c) => c.blockers ?? []))];
  const manualChecks = control.checks.filter((c) => (c.manualSteps ?? []).length > 0 && (c.status === 'manual' || c.status === 'fail'));
  const manual = manualChecks.flatMap((c) => (c.manualSteps ?? []).map((s) => `${c.id}: ${s}`));
  const hasChanges = failing.some((c) => (c.changes ?? []).length > 0);
  const missing = failing.filter((c) => c.missingParameter && (c.changes ?? []).length === 0);
  const showManual = manual.length > 0 && !hasChanges;
  const fullRationale = control.rationale.replace(/\s*\n\s*/g, ' ');
  const keyHints = reviewHints(control, canEdit, canPlan);
  const hintRows = hints ? linesOf(keyHints.map((h) => `[${h.key}] ${h.label}`).join('  '), width + 8) : 0;
  const boxRows = (max: number): number => (warnings.length ? 3 + Math.min(warnings.length, max) + (warnings.length > max ? 1 : 0) : 0);
  const shownBlockers = details ? blockers : blockers.slice(0, 2);
  // rows the rest of the screen takes (upper bounds): header, title, checks, missing values,
  // blockers, manual steps, notice, keys, and the cursor's row below the frame (a frame as tall
  // as the terminal makes Ink clear the screen, scrollback included, on every redraw)
  const fixed =
    2 +
    control.checks.length +
    control.checks.filter((c) => c.status === 'error' || c.status === 'not_applicable').length +
    missing.reduce((n, c) => n + linesOf(missingValueLine(c.id, c.missingParameter!, 'press e'), width), 0) +
    shownBlockers.reduce((n, b) => n + linesOf(`✘ Blocked: ${b}`, width), 0) +
    (blockers.length > shownBlockers.length ? 1 : 0) +
    (manual.length ? (showManual ? 1 + manual.slice(0, 3).reduce((n, m) => n + linesOf(`  ${m}`, width), 0) + (manual.length > 3 ? 1 : 0) : 1) : 0) +
    (notice ? linesOf(notice, width) : 0) +
    hintRows +
    1;
  const showHeading = details || inline.size === 0;
  const diffNeed = blocks.length > 0 ? (showHeading ? 1 : 0) + 3 : 0;
  // when the screen is short: one warning line in the box, then the rationale cut to two lines
  let warnMax = 2;
  let rationale = fullRationale;
  if (!details && boxRows(1) < boxRows(2) && rows - fixed - linesOf(rationale, width) - boxRows(warnMax) < diffNeed) warnMax = 1;
  if (!details && rows - fixed - linesOf(rationale, width) - boxRows(warnMax) < diffNeed) rationale = clip(fullRationale, 2 * (width - 8));
  const diffRows = Math.max(1, rows - fixed - linesOf(rationale, width) - boxRows(warnMax) - (showHeading ? 1 : 0));
  return (
    <Box flexDirection="column">
      <Box columnGap={2}>
        <Box flexShrink={0}>
          <Text bold>
            <Text color={tone(STATUS_TONE[control.status])}>{STATUS_ICON[control.status]}</Text> {control.id} {control.title}
          </Text>
        </Box>
        <Box flexShrink={1}>
          <Text color={tone('dim')} wrap="truncate-end">
            {frameworkTags(control)}
          </Text>
        </Box>
      </Box>
      <Text wrap="wrap">{rationale}</Text>
      <Box flexDirection="column" marginTop={details ? 1 : 0}>
        {control.checks.map((c) => (
          <CheckLine key={c.id} check={c} details={details} {...(inline.has(c.id) ? { inline: inline.get(c.id)! } : {})} />
        ))}
      </Box>
      {blocks.length > 0 ? (
        <Box flexDirection="column" marginTop={details ? 1 : 0}>
          {showHeading ? <Text color={tone('dim')}>Current → recommended</Text> : null}
          <DiffView blocks={blocks} expanded={details} maxLines={diffRows} width={width} />
        </Box>
      ) : null}
      {missing.map((c) => (
        <Text key={c.id} color={tone('warn')} wrap="wrap">
          {missingValueLine(c.id, c.missingParameter!, 'press e')}
        </Text>
      ))}
      <WarningBox title="Before you apply" lines={warnings} expanded={details} max={warnMax} />
      {blockers.length > 0 ? <Clipped items={blockers} expanded={details} max={2} prefix="✘ Blocked: " tone={tone('bad')} wrap /> : null}
      {manual.length > 0 && (details || showManual) ? (
        <Box flexDirection="column">
          <Text bold>By hand:</Text>
          <Clipped items={manual} expanded={details} max={3} prefix="  " wrap />
        </Box>
      ) : null}
      {manual.length > 0 && !details && !showManual ? (
        <Text color={tone('dim')} wrap="truncate-end">
          By hand: {manualChecks.map((c) => c.id).join(', ')} ({plural(manual.length, 'step')}; d for details)
        </Text>
      ) : null}
      {notice ? (
        <Text color={tone('warn')} wrap="wrap">
          {notice}
        </Text>
      ) : null}
      {hints ? <KeyHints hints={keyHints} /> : null}
    </Box>
  );
}
