// A progress bar while `verify` collects on a terminal: the same {onProgress, done} shape as the
// plain progress line of src/commands/shared.ts, so the command can swap one for the other.

import React from 'react';
import { Box, Text, render } from 'ink';
import { ProgressBar } from '@inkjs/ui';
import type { CollectProgress } from '../state/collect.js';
import { progressCounts } from '../state/progress.js';
import { ColorProvider } from './theme.js';
import { inkStdout } from './ink-stdout.js';
import { truncate, visibleLength } from '../report/text.js';

export function CollectProgressView({ progress, width = 80 }: { progress: CollectProgress | undefined; width?: number }): React.JSX.Element {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  // one row, always: the label is cut here rather than wrapped by the layout
  const count = progress ? ` ${progressCounts(progress)} · ` : ` ${done}/${total} `;
  const room = Math.max(0, width - 1 - 'Reading '.length - BAR - visibleLength(count));
  const shown = truncate(progress?.label ?? '', room);
  return (
    <Box width={width - 1}>
      <Text>Reading </Text>
      {/* a fixed width: the bar measures itself and would spill if the row shrank it */}
      <Box width={BAR} flexShrink={0}>
        <ProgressBar value={pct} />
      </Box>
      <Text>
        {count}
        {shown}
      </Text>
    </Box>
  );
}

const BAR = 30;

/** Mounts the bar on `stream` (stderr, so a report on stdout stays clean); done() removes it. */
export function startInkProgress(stream: NodeJS.WriteStream, opts: { color?: boolean; stdin?: NodeJS.ReadStream } = {}): { onProgress: (e: CollectProgress) => void; done: () => void } {
  const tree = (p: CollectProgress | undefined): React.ReactElement => (
    <ColorProvider color={opts.color ?? true}>
      <CollectProgressView progress={p} width={stream.columns || 80} />
    </ColorProvider>
  );
  const instance = render(tree(undefined), { stdout: inkStdout(stream), ...(opts.stdin ? { stdin: opts.stdin } : {}), patchConsole: false, exitOnCtrlC: false });
  let last = 0;
  return {
    onProgress(e) {
      const t = Date.now();
      if (t - last < 50 && e.done !== e.total) return;
      last = t;
      instance.rerender(tree(e));
    },
    done() {
      instance.unmount();
      // unmounting prints the last frame (one line, the label truncates) and a newline: erase it
      if (stream.isTTY) stream.write('\u001B[1A\u001B[2K\r');
    },
  };
}
