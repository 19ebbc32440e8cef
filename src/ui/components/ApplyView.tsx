// A spinner per request in flight, then its outcome: applied and verified (read back), not
// effective (the server ignored it), failed (with Sentry's message), held back.

import React from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { RequestView } from '../wizard-state.js';
import { OUTCOME_ICON, OUTCOME_TONE, OUTCOME_WORD, useTone } from '../theme.js';

export interface ApplyViewProps {
  requests: RequestView[];
  stopping: boolean;
  stopped?: string;
}

export function RequestLine({ view }: { view: RequestView }): React.JSX.Element {
  const tone = useTone();
  if (view.status === 'running') return <Spinner label={view.request.description} />;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={tone(OUTCOME_TONE[view.status])}>{OUTCOME_ICON[view.status]}</Text> {view.request.description}
        <Text color={tone(OUTCOME_TONE[view.status])}> {OUTCOME_WORD[view.status]}</Text>
      </Text>
      {view.message ? (
        <Text color={tone('dim')} wrap="wrap">
          {'  '}
          {view.message}
        </Text>
      ) : null}
    </Box>
  );
}

export function ApplyView({ requests, stopping, stopped }: ApplyViewProps): React.JSX.Element {
  const tone = useTone();
  // keep the live area short: the last finished requests and the ones in flight
  const running = requests.filter((r) => r.status === 'running');
  const done = requests.filter((r) => r.status !== 'running');
  const shown = [...done.slice(-6), ...running];
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Applying…</Text>
      {done.length > 6 ? <Text color={tone('dim')}>… {done.length - 6} earlier requests</Text> : null}
      {shown.map((r) => (
        <RequestLine key={r.request.id} view={r} />
      ))}
      {requests.length === 0 ? <Spinner label="Writing the snapshot journal" /> : null}
      {requests.length > 0 && running.length === 0 && !stopping ? <Spinner label="Reading the organization back to verify" /> : null}
      {stopped ? <Text color={tone('bad')}>Stopped: {stopped}</Text> : null}
      {stopping ? <Text color={tone('warn')}>Stopping after the request in flight (its journal entry is kept)…</Text> : null}
    </Box>
  );
}
