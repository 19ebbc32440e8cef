// Confirmation by risk tier (POLICY.md): plain `y`; disruptive: the consequence in a warning box,
// then `y`; risky: the consequence, then the organization slug typed out.

import React from 'react';
import { Box, Text } from 'ink';
import type { PlannedChange } from '../../../steps/types.js';
import type { ConfirmMode } from '../wizard-state.js';
import { useTone } from '../theme.js';
import { clipRows, WarningBox } from './ControlView.js';
import { KeyHints } from './KeyHints.js';
import { consequences } from './consequences.js';
import { riskyFlag } from './review-hints.js';
import { SlugInput } from './SlugInput.js';
import { plural } from '../../words.js';

export interface ConfirmViewProps {
  org: string;
  mode: ConfirmMode;
  /** `p`: the question is whether to add them to the plan file; nothing is written now */
  toPlan?: boolean;
  changes: PlannedChange[];
  warnings: string[];
  error?: string;
  /** every consequence in full (d, or Tab in the slug field) */
  details?: boolean;
  onTyped: (text: string) => void;
  onSubmit: () => void;
  width?: number;
}

export function ConfirmView({ org, mode, toPlan = false, changes, warnings, error, details = false, onTyped, onSubmit, width = 80 }: ConfirmViewProps): React.JSX.Element {
  const tone = useTone();
  const n = changes.length;
  const what = plural(n, 'change');
  const lines = consequences(changes, warnings);
  return (
    <Box flexDirection="column" marginTop={1}>
      {mode !== 'plain' || lines.length > 0 ? (
        <WarningBox
          title={mode === 'risky' ? 'Risky: someone may lose access, or it cannot be fully undone' : 'This narrows access or drops data from now on'}
          // at most 12 rows in all (four lines of three rows, or fewer), so the question stays on a
          // 24-row screen; d (Tab in the slug field) shows them whole
          lines={details ? lines : lines.map((l) => clipRows(l, width - 4, lines.length > 3 ? 2 : 3))}
          expanded={details}
          max={4}
          more={mode === 'risky' && !toPlan ? 'Tab shows all' : 'd shows all'}
        />
      ) : null}
      {toPlan ? (
        <Box flexDirection="column">
          {mode === 'risky' ? <Text wrap="wrap">`apply FILE` holds the risky ones back unless you pass {riskyFlag(changes)}.</Text> : null}
          <Text>
            Add {what} to the plan file? Nothing is written to <Text bold>{org}</Text> now.
          </Text>
          <KeyHints
            hints={[
              { key: 'y', label: 'yes, add to the plan' },
              { key: 'n', label: 'no, go back' },
            ]}
          />
        </Box>
      ) : mode === 'risky' ? (
        <Box flexDirection="column">
          <Text>
            Type the organization slug <Text bold>{org}</Text> to apply {what}, Esc to go back:
          </Text>
          <Box>
            <Text color={tone('accent')}>{'> '}</Text>
            <SlugInput onChange={onTyped} onSubmit={() => onSubmit()} />
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
