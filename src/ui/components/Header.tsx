// One line: where we are (org, region, level) and how far (control k of n, a progress bar).

import React from 'react';
import { Box, Text } from 'ink';
import type { Level } from '../../../steps/types.js';
import { useTone } from '../theme.js';

export interface HeaderProps {
  org: string;
  region: string;
  level: Level;
  k: number;
  n: number;
  /** a short tag after the org, e.g. "(simulated)" in the demo */
  banner?: string;
}

export function progressBar(k: number, n: number, width: number): string {
  if (n <= 0) return '░'.repeat(width);
  const filled = Math.round((Math.min(k, n) / n) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function Header({ org, region, level, k, n, banner }: HeaderProps): React.JSX.Element {
  const tone = useTone();
  return (
    <Box columnGap={1}>
      <Box flexShrink={1} flexGrow={1}>
        <Text wrap="truncate-end">
          <Text bold>sentry-harden</Text>
          <Text color={tone('dim')}> · </Text>
          <Text color={tone('accent')}>{org}</Text>
          {banner ? (
            <Text color={tone('warn')} bold>
              {' '}
              {banner}
            </Text>
          ) : null}
          <Text color={tone('dim')}> · </Text>
          <Text bold>{level}</Text>
          <Text color={tone('dim')}> · {region}</Text>
        </Text>
      </Box>
      {n > 0 ? (
        <Box flexShrink={0}>
          <Text>
            control {k} of {n} <Text color={tone('accent')}>{progressBar(k, n, 10)}</Text>
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
