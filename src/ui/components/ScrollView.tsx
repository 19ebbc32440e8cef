// A fixed-height window onto content taller than the terminal (the details view of a large
// control). Ink redraws a frame taller than the screen by clearing it, which loses its top, so
// the content is shifted up by `offset` rows inside a clipped box instead.

import React, { useLayoutEffect, useRef, useState } from 'react';
import { Box, measureElement, Text, type DOMElement } from 'ink';
import { useTone } from '../theme.js';

export function ScrollView({ height, offset, children }: { height: number; offset: number; children: React.ReactNode }): React.JSX.Element {
  const tone = useTone();
  const inner = useRef<DOMElement>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  // layout is known only after a render: measure it, then clamp the offset to the content
  useLayoutEffect(() => {
    if (inner.current) {
      const h = measureElement(inner.current).height;
      if (h !== measured) setMeasured(h);
    }
  });
  // until measured, and whenever the content may have grown since, the window is clipped to
  // `height` rows: the first frame of a tall view must not be taller than the screen either
  const contentHeight = measured ?? height + 1;
  const fits = contentHeight <= height;
  const viewport = fits ? height : height - 1; // one row for the position line
  const max = Math.max(0, contentHeight - viewport);
  const top = Math.min(offset, max);
  return (
    <Box flexDirection="column">
      <Box height={fits ? contentHeight : viewport} overflowY="hidden" flexDirection="column">
        <Box ref={inner} marginTop={-top} flexDirection="column" flexShrink={0}>
          {children}
        </Box>
      </Box>
      {fits ? null : (
        <Text color={tone('dim')}>
          rows {top + 1}–{Math.min(top + viewport, contentHeight)} of {contentHeight} · ↑↓ PgUp PgDn scroll
        </Text>
      )}
    </Box>
  );
}
