// Mount the Ink wizard and resolve with its final state once the summary is on screen.

// React in scope: tsx started outside the project (npx tsx /path/src/cli.ts) compiles JSX classically
import { mark } from '../timing.js';
import React from 'react';
import { render } from 'ink';
import { WizardApp, type WizardAppProps } from './components/WizardApp.js';
import { ColorProvider } from './theme.js';
import type { WizardState } from './wizard-state.js';
import { inkStdout } from './ink-stdout.js';

export interface InkStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runInkWizard(props: Omit<WizardAppProps, 'onDone'> & { color: boolean; streams: InkStreams }): Promise<WizardState> {
  // A prompt that just closed leaves stdin paused; Ink's first render needs it live (TOOLCHAIN.md).
  await new Promise((r) => setImmediate(r));
  let final: WizardState | undefined;
  const { color, streams, ...app } = props;
  const instance = render(
    <ColorProvider color={color}>
      <WizardApp {...app} onDone={(s) => (final = s)} />
    </ColorProvider>,
    { stdin: streams.stdin, stdout: inkStdout(streams.stdout), stderr: streams.stderr, exitOnCtrlC: false, patchConsole: false },
  );
  mark('first-frame');
  await instance.waitUntilExit();
  if (!final) throw new Error('the wizard ended without a summary');
  return final;
}
