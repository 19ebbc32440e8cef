// A progress bar while `verify` collects on a terminal: the same {onProgress, done} shape as the
// plain progress line of src/commands/shared.ts, so the command can swap one for the other.

import React from 'react';
import { Box, Text, render } from 'ink';
import { ProgressBar } from '@inkjs/ui';
import type { CollectProgress } from '../state/collect.js';
import { ColorProvider } from './theme.js';

export function CollectProgressView({ progress }: { progress: CollectProgress | undefined }): React.JSX.Element {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Box columnGap={1}>
      <Text>Reading</Text>
      <Box width={30}>
        <ProgressBar value={pct} />
      </Box>
      <Text wrap="truncate-end">
        {done}/{total} {progress?.label ?? ''}
      </Text>
    </Box>
  );
}

/** Mounts the bar on `stream` (stderr, so a report on stdout stays clean); done() removes it. */
export function startInkProgress(stream: NodeJS.WriteStream, opts: { color?: boolean; stdin?: NodeJS.ReadStream } = {}): { onProgress: (e: CollectProgress) => void; done: () => void } {
  const tree = (p: CollectProgress | undefined): React.ReactElement => (
    <ColorProvider color={opts.color ?? true}>
      <CollectProgressView progress={p} />
    </ColorProvider>
  );
  const instance = render(tree(undefined), { stdout: stream, ...(opts.stdin ? { stdin: opts.stdin } : {}), patchConsole: false, exitOnCtrlC: false });
  let last = 0;
  return {
    onProgress(e) {
      const t = Date.now();
      if (t - last < 50 && e.done !== e.total) return;
      last = t;
      instance.rerender(tree(e));
    },
    done() {
      instance.clear();
      instance.unmount();
    },
  };
}
