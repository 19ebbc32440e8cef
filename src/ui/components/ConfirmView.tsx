// Confirmation by risk tier (POLICY.md): plain `y`; disruptive: the consequence in a warning box,
// then `y`; risky: the consequence, then the organization slug typed out.

import React from 'react';
import { Box, Text } from 'ink';
import { TextInput } from '@inkjs/ui';
import type { PlannedChange } from '../../../steps/types.js';
import type { ConfirmMode } from '../wizard-state.js';
import { useTone } from '../theme.js';
import { clip, WarningBox } from './ControlView.js';
import { KeyHints } from './KeyHints.js';
import { consequences } from './consequences.js';

export interface ConfirmViewProps {
  org: string;
  mode: ConfirmMode;
  changes: PlannedChange[];
  warnings: string[];
  error?: string;
  onTyped: (text: string) => void;
  onSubmit: () => void;
  width?: number;
}

export function ConfirmView({ org, mode, changes, warnings, error, onTyped, onSubmit, width = 80 }: ConfirmViewProps): React.JSX.Element {
  const tone = useTone();
  const n = changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  const lines = consequences(changes, warnings);
  return (
    <Box flexDirection="column" marginTop={1}>
      {mode !== 'plain' || lines.length > 0 ? (
        <WarningBox
          title={mode === 'risky' ? 'Risky: someone may lose access, or it cannot be fully undone' : 'This narrows access or drops data from now on'}
          // about three lines each, so the question stays on a 24-row screen (d on the control shows all)
          lines={lines.map((l) => clip(l, 3 * (width - 4)))}
          expanded={false}
          max={4}
        />
      ) : null}
      {mode === 'risky' ? (
        <Box flexDirection="column">
          <Text>
            Type the organization slug <Text bold>{org}</Text> to apply {what}, Esc to go back:
          </Text>
          <Box>
            <Text color={tone('accent')}>{'> '}</Text>
            <TextInput onChange={onTyped} onSubmit={() => onSubmit()} />
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column">
          <Text>
            Apply {what} to <Text bold>{org}</Text>?
          </Text>
          <KeyHints
            hints={[
              { key: 'y', label: 'yes, apply' },
              { key: 'n', label: 'no, go back' },
            ]}
          />
        </Box>
      )}
      {error ? <Text color={tone('bad')}>{error}</Text> : null}
    </Box>
  );
}
