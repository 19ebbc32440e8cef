// Interactive rollback, as pure views: a picker of snapshot sessions, then each journal entry's
// live value vs the saved one (what a restore would write), drift and what cannot be undone.

import React from 'react';
import { Box, Text } from 'ink';
import { Select } from '@inkjs/ui';
import type { SessionSummary } from '../../snapshots/store.js';
import { newestFirst, sessionLabel } from '../../snapshots/session-list.js';
import type { RollbackItem, RollbackPlan } from '../../engine/types.js';
import { rollbackCounts } from '../../engine/rollback.js';
import { diffFields } from '../diff-model.js';
import { plural } from '../../words.js';
import { useTone, type Tone } from '../theme.js';
import { KeyHints } from './KeyHints.js';
import { WarningBox } from './ControlView.js';

export function SessionPicker({ sessions, onPick }: { sessions: SessionSummary[]; onPick: (id: string) => void }): React.JSX.Element {
  const tone = useTone();
  const usable = newestFirst(sessions.filter((s) => !s.error));
  return (
    <Box flexDirection="column">
      <Text bold>Which session do you want to roll back? (newest first)</Text>
      {usable.length === 0 ? (
        <Text color={tone('warn')}>No readable snapshot session.</Text>
      ) : (
        <Select options={usable.map((s) => ({ label: sessionLabel(s), value: s.dir }))} visibleOptionCount={8} onChange={onPick} />
      )}
      {sessions.length > usable.length ? <Text color={tone('dim')}>{plural(sessions.length - usable.length, 'unreadable session')} not listed (see `sentry-harden snapshots`).</Text> : null}
      <Text color={tone('dim')}>↑/↓ to move, enter to choose, Esc to cancel</Text>
    </Box>
  );
}

const STATE: Record<RollbackItem['state'], { icon: string; tone: Tone; word: string }> = {
  restorable: { icon: '↺', tone: 'accent', word: 'restore' },
  drifted: { icon: '!', tone: 'warn', word: 'drifted' },
  'already-restored': { icon: '✔', tone: 'ok', word: 'already restored' },
  'cannot-undo': { icon: '✘', tone: 'bad', word: 'cannot undo' },
};

function ItemView({ item, forceDrifted }: { item: RollbackItem; forceDrifted: boolean }): React.JSX.Element {
  const tone = useTone();
  const st = STATE[item.state];
  // per field: undrifted fields are restored; a drifted one only with --force-drifted
  const restored = item.state === 'restorable' || item.state === 'drifted' ? item.fields.filter((f) => !f.drifted || forceDrifted) : [];
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={tone(st.tone)}>
          {st.icon} {st.word}
        </Text>{' '}
        #{item.seq} {item.description}
      </Text>
      {restored.flatMap((f, i) =>
        diffFields({ [f.field]: f.live }, { [f.field]: f.before }).map((l, j) => (
          <Text key={`${i}.${j}`} color={l.sign === '+' ? tone('add') : l.sign === '-' ? tone('remove') : tone('dim')} wrap="truncate-end">
            {'    '}
            {l.sign} {l.text}
          </Text>
        )),
      )}
      {item.message ? (
        <Text color={tone('dim')} wrap="wrap">
          {'    '}
          {item.message}
        </Text>
      ) : null}
    </Box>
  );
}

export { rollbackCounts };

export function RollbackReview({ plan, forceDrifted, maxItems = 12 }: { plan: RollbackPlan; forceDrifted: boolean; maxItems?: number }): React.JSX.Element {
  const tone = useTone();
  const { restore, drifted } = rollbackCounts(plan, forceDrifted);
  const shown = plan.items.slice(0, maxItems);
  return (
    <Box flexDirection="column">
      <Text bold>
        Roll back session {plan.sessionId} of {plan.org}: live (-) → restored (+)
      </Text>
      {shown.map((item) => (
        <ItemView key={item.seq} item={item} forceDrifted={forceDrifted} />
      ))}
      {plan.items.length > shown.length ? <Text color={tone('dim')}>… {plan.items.length - shown.length} more entries</Text> : null}
      {drifted > 0 && !forceDrifted ? (
        <Text color={tone('warn')} wrap="wrap">
          {plural(drifted, 'drifted field')} changed by someone else since the session {drifted === 1 ? 'is' : 'are'} left as {drifted === 1 ? 'it is' : 'they are'} (--force-drifted overwrites them); the other fields are restored.
        </Text>
      ) : null}
      <WarningBox title="The API cannot undo these" lines={plan.cannotUndo} expanded />
      {plan.warnings.map((w, i) => (
        <Text key={i} color={tone('warn')} wrap="wrap">
          {w}
        </Text>
      ))}
      {restore > 0 ? (
        <Box flexDirection="column">
          <Text>
            Restore {plural(restore, 'change')} of <Text bold>{plan.org}</Text>?
          </Text>
          <KeyHints
            hints={[
              { key: 'y', label: 'yes, restore' },
              { key: 'n', label: 'no' },
            ]}
          />
        </Box>
      ) : (
        <Text>Nothing to restore. Press any key.</Text>
      )}
    </Box>
  );
}
