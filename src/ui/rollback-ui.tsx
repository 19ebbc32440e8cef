// Interactive rollback for `rollback` without --yes on a terminal: short-lived Ink trees the
// command awaits (pick a session; review live vs saved and confirm). The command does the I/O.

import React, { useState } from 'react';
import { render, useApp, useInput } from 'ink';
import type { SessionSummary } from '../snapshots/store.js';
import type { RollbackPlan } from '../engine/types.js';
import { RollbackReview, SessionPicker, rollbackCounts } from './components/RollbackViews.js';
import { ColorProvider } from './theme.js';
import { inkStdout } from './ink-stdout.js';

export interface UiStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

async function mount<T>(node: (finish: (value: T) => void) => React.ReactElement, streams: UiStreams, color: boolean): Promise<T> {
  // stdin may just have been released by a prompt or another Ink tree (TOOLCHAIN.md)
  await new Promise((r) => setImmediate(r));
  streams.stdin.ref?.();
  let result: { value: T } | undefined;
  const instance = render(<ColorProvider color={color}>{node((value) => (result = { value }))}</ColorProvider>, {
    stdin: streams.stdin,
    stdout: inkStdout(streams.stdout),
    stderr: streams.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await instance.waitUntilExit();
  // Ink leaves the cursor at the end of its last line: what the command prints next starts below
  streams.stdout.write('\n');
  streams.stdin.ref?.();
  if (!result) throw new Error('the screen closed without an answer');
  return result.value;
}

export function PickerApp({ sessions, finish }: { sessions: SessionSummary[]; finish: (v: string | undefined) => void }): React.JSX.Element {
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c') || (input === 'q' && sessions.length === 0)) {
      finish(undefined);
      exit();
    }
  });
  return (
    <SessionPicker
      sessions={sessions}
      onPick={(dir) => {
        finish(dir);
        exit();
      }}
    />
  );
}

/** The chosen session's folder, or undefined (Esc, Ctrl+C). Sessions newest first. */
export function pickSessionInk(sessions: SessionSummary[], streams: UiStreams, opts: { color?: boolean } = {}): Promise<string | undefined> {
  return mount<string | undefined>((finish) => <PickerApp sessions={sessions} finish={finish} />, streams, opts.color ?? true);
}

export function ReviewApp({ plan, forceDrifted, finish }: { plan: RollbackPlan; forceDrifted: boolean; finish: (v: boolean) => void }): React.JSX.Element {
  const { exit } = useApp();
  const [answered, setAnswered] = useState(false);
  const nothing = rollbackCounts(plan, forceDrifted).restore === 0;
  useInput((input, key) => {
    if (answered) return;
    const yes = !nothing && (input === 'y' || input === 'Y');
    const no = nothing || input === 'n' || input === 'N' || key.escape || (key.ctrl && input === 'c');
    if (!yes && !no) return;
    setAnswered(true);
    finish(yes);
    exit();
  });
  return <RollbackReview plan={plan} forceDrifted={forceDrifted} />;
}

/** Show live vs saved per entry, drift and what cannot be undone; true when the person says y. */
export function confirmRollbackInk(plan: RollbackPlan, streams: UiStreams, opts: { forceDrifted?: boolean; color?: boolean } = {}): Promise<boolean> {
  return mount<boolean>((finish) => <ReviewApp plan={plan} forceDrifted={opts.forceDrifted ?? false} finish={finish} />, streams, opts.color ?? true);
}
