// Values a person must choose (a team, owners to demote, origins, IP ranges, a rate limit), with
// @inkjs/ui widgets. The choice goes back through `onSubmit`; the driver re-evaluates the check.

import React, { useRef } from 'react';
import { Box, Text } from 'ink';
import { MultiSelect, Select, TextInput } from '@inkjs/ui';
import type { EditSpec } from '../edits.js';
import { useTone } from '../theme.js';

export interface EditViewProps {
  specs: EditSpec[];
  pick: number | null;
  error?: string;
  onPick: (index: number) => void;
  onSubmit: (spec: EditSpec, value: string | string[]) => void;
}

/** Options on screen at once (the widgets show 5 by default and hide the rest without a sign). */
const VISIBLE = 12;

function More({ count }: { count: number }): React.JSX.Element | null {
  const tone = useTone();
  return count > VISIBLE ? <Text color={tone('dim')}>↑↓ scrolls the list ({count} in all)</Text> : null;
}

function Field({ spec, onSubmit }: { spec: EditSpec; onSubmit: EditViewProps['onSubmit'] }): React.JSX.Element {
  const tone = useTone();
  switch (spec.kind) {
    case 'team':
      return (
        <Box flexDirection="column">
          <Select options={spec.options} visibleOptionCount={VISIBLE} {...(spec.initial ? { defaultValue: spec.initial } : {})} onChange={(v) => onSubmit(spec, v)} />
          <More count={spec.options.length} />
        </Box>
      );
    case 'owners':
    case 'project-teams':
    case 'admin-roles':
      return (
        <Box flexDirection="column">
          <Text color={tone('dim')}>space to mark, enter to confirm</Text>
          <MultiSelect options={spec.options} visibleOptionCount={VISIBLE} defaultValue={spec.initial} onSubmit={(v) => onSubmit(spec, v)} />
          <More count={spec.options.length} />
        </Box>
      );
    case 'list':
    case 'rate-limit':
      return <TextField spec={spec} onSubmit={onSubmit} />;
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/**
 * A pasted line and its Enter can arrive before the input's handler sees the new value; the
 * value is tracked through onChange and read one macrotask after Enter, when it has settled.
 */
function TextField({ spec, onSubmit }: { spec: Extract<EditSpec, { kind: 'list' | 'rate-limit' }>; onSubmit: EditViewProps['onSubmit'] }): React.JSX.Element {
  const tone = useTone();
  const value = useRef(spec.initial);
  return (
    <Box flexDirection="column">
      {spec.kind === 'list' ? <Text color={tone('dim')}>{spec.hint}</Text> : <Text color={tone('dim')}>events per window in seconds, e.g. 1000/60</Text>}
      <Box>
        <Text color={tone('accent')}>{'> '}</Text>
        <TextInput
          defaultValue={spec.initial}
          onChange={(v) => (value.current = v)}
          onSubmit={() => {
            setTimeout(() => onSubmit(spec, value.current), 0);
          }}
        />
      </Box>
    </Box>
  );
}

export function EditView({ specs, pick, error, onPick, onSubmit }: EditViewProps): React.JSX.Element {
  const tone = useTone();
  const spec = pick === null ? undefined : specs[pick];
  return (
    <Box flexDirection="column" marginTop={1}>
      {spec ? (
        <>
          <Text bold>{spec.label}</Text>
          <Field spec={spec} onSubmit={onSubmit} />
        </>
      ) : (
        <>
          <Text bold>What do you want to choose?</Text>
          <Select options={specs.map((s, i) => ({ label: s.label, value: String(i) }))} visibleOptionCount={VISIBLE} onChange={(v) => onPick(Number(v))} />
        </>
      )}
      {error ? <Text color={tone('bad')}>{error}</Text> : null}
      <Text color={tone('dim')}>Esc to go back</Text>
    </Box>
  );
}
