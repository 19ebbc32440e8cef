// The end of a session: before -> after per control, the snapshot session to roll back, the manual
// steps left and the command to keep the level in CI.

import React from 'react';
import { Box, Text } from 'ink';
import type { SummaryModel } from '../summary-model.js';
import { STATUS_ICON, STATUS_TONE, useTone } from '../theme.js';
import type { CheckStatus } from '../../../steps/types.js';
import { plural } from '../../words.js';

function Status({ status }: { status?: CheckStatus }): React.JSX.Element {
  const tone = useTone();
  if (!status) return <Text color={tone('dim')}>?</Text>;
  return (
    <Text color={tone(STATUS_TONE[status])}>{STATUS_ICON[status]}</Text>
  );
}

export function SummaryView({ model, org, level }: { model: SummaryModel; org: string; level: string }): React.JSX.Element {
  const tone = useTone();
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>
        Summary for {org} at {level}
        {model.interrupted ? <Text color={tone('warn')}> (interrupted)</Text> : null}
      </Text>
      {model.rows.map((r) => (
        <Text key={r.controlId} wrap="truncate-end">
          <Status status={r.before} /> → <Status status={r.after} /> {r.controlId.padEnd(4)} {r.done}
          <Text color={tone('dim')}> · {r.title}</Text>
        </Text>
      ))}
      {model.session ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">
            Snapshot session <Text bold>{model.session.id}</Text>
          </Text>
          <Text color={tone('dim')} wrap="truncate-end">
            {'  '}
            {model.session.dir}
          </Text>
          <Text wrap="truncate-end">
            Undo: <Text color={tone('accent')}>{model.rollbackCommand}</Text>
          </Text>
        </Box>
      ) : (
        <Text color={tone('dim')}>Nothing was changed, so no snapshot session was written.</Text>
      )}
      {model.plan ? (
        'error' in model.plan ? (
          <Text color={tone('warn')} wrap="wrap">
            Plan file {model.plan.error}
          </Text>
        ) : (
          <Box flexDirection="column">
            <Text wrap="wrap">
              Plan file ({plural(model.plan.changes, 'change')}): <Text bold>{model.plan.path}</Text>
            </Text>
            <Text wrap="wrap">
              Apply exactly it: <Text color={tone('accent')}>{model.plan.command}</Text>
            </Text>
          </Box>
        )
      ) : null}
      {model.manualLeft.length > 0 ? (
        <Text wrap="wrap">
          Manual steps left ({model.manualLeft.length}): {model.manualLeft.map((m) => m.checkId).join(', ')}
        </Text>
      ) : null}
      {model.failingLeft > 0 ? <Text color={tone('warn')}>{plural(model.failingLeft, 'failing check')} left.</Text> : null}
      <Text wrap="truncate-end">
        In CI: <Text color={tone('accent')}>{model.verifyCommand}</Text>
      </Text>
    </Box>
  );
}
