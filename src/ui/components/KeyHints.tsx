// The keys that work now, always on screen.

import React from 'react';
import { Box, Text } from 'ink';
import { useTone } from '../theme.js';

import type { KeyHint } from './review-hints.js';

export type { KeyHint };

export function KeyHints({ hints }: { hints: KeyHint[] }): React.JSX.Element {
  const tone = useTone();
  return (
    <Box flexWrap="wrap" columnGap={2}>
      {hints.map((h) => (
        <Text key={h.key}>
          <Text color={tone('accent')} bold>
            [{h.key}]
          </Text>{' '}
          {h.label}
        </Text>
      ))}
    </Box>
  );
}
