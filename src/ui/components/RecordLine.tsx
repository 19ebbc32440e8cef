// A finished control, one line, printed once into <Static> above the live area.

import React from 'react';
import { Text } from 'ink';
import type { ControlRecord } from '../wizard-state.js';
import { describeDecision } from '../summary-model.js';
import { STATUS_ICON, STATUS_TONE, useTone } from '../theme.js';

export function RecordLine({ record }: { record: ControlRecord }): React.JSX.Element {
  const tone = useTone();
  return (
    <Text wrap="truncate-end">
      <Text color={tone(STATUS_TONE[record.before])}>{STATUS_ICON[record.before]}</Text>
      {record.after ? (
        <>
          {' → '}
          <Text color={tone(STATUS_TONE[record.after])}>{STATUS_ICON[record.after]}</Text>
        </>
      ) : null}{' '}
      {record.controlId} {record.title}
      <Text color={tone('dim')}> — {describeDecision(record.decision)}</Text>
    </Text>
  );
}
