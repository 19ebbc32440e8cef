// Current (red, "-") vs recommended (green, "+"). Blocks of many alike resources are collapsed to
// one diff with a count; `d` (expanded) lists every resource. `maxLines` keeps the live area short.

import React from 'react';
import { Box, Text } from 'ink';
import { joinNames, type DiffBlock, type DiffLine } from '../diff-model.js';
import { useTone } from '../theme.js';
import { plural } from '../../words.js';

function Line({ line }: { line: DiffLine }): React.JSX.Element {
  const tone = useTone();
  const color = line.sign === '+' ? tone('add') : line.sign === '-' ? tone('remove') : tone('dim');
  return (
    <Text color={color} wrap="truncate-end">
      {line.sign} {line.text}
    </Text>
  );
}

export interface DiffViewProps {
  blocks: DiffBlock[];
  expanded: boolean;
  /** collapsed view: at most this many diff lines in all */
  maxLines?: number;
  width?: number;
}

export function DiffView({ blocks, expanded, maxLines = 8, width = 76 }: DiffViewProps): React.JSX.Element | null {
  const tone = useTone();
  if (blocks.length === 0) return null;
  // one row stays free for the "… more lines" hint
  let budget = expanded ? Number.POSITIVE_INFINITY : maxLines - 1;
  let hidden = 0;
  const out: React.JSX.Element[] = [];
  blocks.forEach((block, bi) => {
    const variants = expanded ? block.variants : block.variants.slice(0, 1);
    const single = block.noun !== 'organization' && block.count === 1 ? block.variants[0]?.resources[0] : undefined;
    const heading = block.count > 1 ? `${block.title} · ${block.noun}` : single ? `${block.title} · ${single}` : block.title;
    const names = block.noun !== 'organization' && !single;
    // the heading (and the names under it) only with room for a line of the diff itself
    if (budget < (names ? 3 : 2)) {
      hidden += variants.reduce((n, v) => n + v.lines.length, 0);
      budget = 0;
      return;
    }
    budget -= 1;
    // the "+N more with other values" line
    if (!expanded && block.variants.length > 1) budget -= 1;
    out.push(
      <Text key={`h${bi}`} bold wrap="truncate-end">
        {heading}
      </Text>,
    );
    variants.forEach((v, vi) => {
      if (names) {
        const names = expanded ? v.resources.join(', ') : joinNames(v.resources, width - 4);
        budget -= 1;
        out.push(
          <Text key={`r${bi}.${vi}`} color={tone('dim')} wrap={expanded ? 'wrap' : 'truncate-end'}>
            {'  '}
            {names}
          </Text>,
        );
      }
      for (const [li, line] of v.lines.entries()) {
        if (budget <= 0) {
          hidden += 1;
          continue;
        }
        budget -= 1;
        out.push(<Line key={`l${bi}.${vi}.${li}`} line={line} />);
      }
    });
    if (!expanded && block.variants.length > 1) {
      const others = block.variants.slice(1).reduce((n, v) => n + v.resources.length, 0);
      out.push(
        <Text key={`m${bi}`} color={tone('dim')}>
          {'  '}+{others} more with other values (d to expand)
        </Text>,
      );
    }
  });
  if (hidden > 0) {
    out.push(
      <Text key="hidden" color={tone('dim')}>
        … {plural(hidden, 'more line')} (d for details)
      </Text>,
    );
  }
  return <Box flexDirection="column">{out}</Box>;
}
