// The whole wizard screen for one state: finished controls in <Static>, then a short live area
// (header, and the phase: collecting, a control, a confirmation, an edit, applying, the summary).
// Pure: every input comes through props, every action leaves through a callback.

import React from 'react';
import { Box, Static, Text, useStdout } from 'ink';
import { ProgressBar, Spinner } from '@inkjs/ui';
import { position, type ControlRecord, type WizardState } from '../wizard-state.js';
import type { EditSpec } from '../edits.js';
import { summaryModel } from '../summary-model.js';
import { useTone } from '../theme.js';
import { Header } from './Header.js';
import { ControlView } from './ControlView.js';
import { ConfirmView } from './ConfirmView.js';
import { EditView } from './EditView.js';
import { ApplyView } from './ApplyView.js';
import { SummaryView } from './SummaryView.js';
import { RecordLine } from './RecordLine.js';
import { ScrollView } from './ScrollView.js';
import { KeyHints } from './KeyHints.js';
import { screenRows } from '../ink-stdout.js';
import { reviewHints } from './review-hints.js';

export interface WizardScreenProps {
  state: WizardState;
  verifyCommand: string;
  /** whether `e` has something to offer on the control under review */
  canEdit: boolean;
  /** whether `p` (add to the plan file instead of applying) is offered */
  canPlan?: boolean;
  /** the session ended and the plan file is being written: the summary waits for its path */
  savingPlan?: boolean;
  onTyped?: (text: string) => void;
  onConfirm?: () => void;
  onEditPick?: (index: number) => void;
  onEditSubmit?: (spec: EditSpec, value: string | string[]) => void;
  /** columns to lay out for (default: the terminal's, at most 100) */
  width?: number;
  /** rows to fit a control into (default: the terminal's, else 24) */
  rows?: number;
}

const noop = (): void => undefined;

/** A line of <Static> output: a finished control, or the summary at the end. */
interface Printed {
  key: string;
  record?: ControlRecord;
  summary?: ReturnType<typeof summaryModel>;
}

/** A control's id and title above what is happening to it (confirming, editing, applying). */
function ControlFrame({ state, index, children }: { state: WizardState; index: number; children: React.ReactNode }): React.JSX.Element {
  const control = state.controls[index]!;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {control.id} {control.title}
      </Text>
      {children}
    </Box>
  );
}

function Live({ state, verifyCommand, canEdit, canPlan = false, savingPlan = false, onTyped = noop, onConfirm = noop, onEditPick = noop, onEditSubmit = noop, width = 80, rows = 24 }: WizardScreenProps): React.JSX.Element | null {
  const tone = useTone();
  const phase = state.phase;
  switch (phase.kind) {
    case 'collecting':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Spinner label={`Reading the organization: ${phase.message}${phase.total > 0 ? ` (${phase.done}/${phase.total})` : ''}`} />
          {phase.total > 0 ? (
            <Box width={40}>
              <ProgressBar value={Math.round((phase.done / phase.total) * 100)} />
            </Box>
          ) : null}
          {phase.counts ? (
            <Text dimColor wrap="truncate-end">
              {phase.counts}
            </Text>
          ) : null}
        </Box>
      );
    case 'reviewing': {
      const control = state.controls[phase.index]!;
      if (!phase.details) {
        return <ControlView control={control} details={false} canEdit={canEdit} canPlan={canPlan} width={width} rows={rows} {...(phase.notice ? { notice: phase.notice } : {})} />;
      }
      // the details can be taller than the screen: a window onto them, with the keys kept below
      // (header 1 row, key hints up to 2, the cursor's line 1)
      return (
        <Box flexDirection="column">
          <ScrollView height={Math.max(5, rows - 4)} offset={phase.scroll ?? 0}>
            <ControlView control={control} details canEdit={canEdit} canPlan={canPlan} width={width} rows={rows} hints={false} {...(phase.notice ? { notice: phase.notice } : {})} />
          </ScrollView>
          <KeyHints hints={reviewHints(control, canEdit, canPlan)} />
        </Box>
      );
    }
    case 'confirming':
      return (
        <ControlFrame state={state} index={phase.index}>
          <ConfirmView width={width} org={state.org} mode={phase.mode} toPlan={phase.toPlan === true} changes={phase.changes} warnings={phase.warnings} details={phase.details === true} onTyped={onTyped} onSubmit={onConfirm} {...(phase.error ? { error: phase.error } : {})} />
        </ControlFrame>
      );
    case 'editing':
      return (
        <ControlFrame state={state} index={phase.index}>
          <EditView specs={phase.specs} pick={phase.pick} onPick={onEditPick} onSubmit={onEditSubmit} {...(phase.error ? { error: phase.error } : {})} />
        </ControlFrame>
      );
    case 'applying':
      return (
        <ControlFrame state={state} index={phase.index}>
          <ApplyView requests={phase.requests} stopping={phase.stopping} {...(phase.stopped ? { stopped: phase.stopped } : {})} />
        </ControlFrame>
      );
    case 'summary':
      // printed once into <Static> (WizardScreen): the last frame stays short
      return savingPlan ? <Spinner label="Saving the plan file" /> : null;
    case 'failed':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text color={tone('bad')} wrap="wrap">
            ✘ {phase.message}
          </Text>
        </Box>
      );
    default: {
      const never: never = phase;
      return never;
    }
  }
}

export function WizardScreen(props: WizardScreenProps): React.JSX.Element {
  const { state } = props;
  const { k, n } = position(state);
  const done = state.phase.kind === 'summary' || state.phase.kind === 'failed';
  const { stdout } = useStdout();
  const width = props.width ?? Math.max(40, Math.min(stdout.columns || 80, 100));
  const rows = props.rows ?? screenRows(stdout);
  // what is final goes into <Static>: written once above the live area and never redrawn, so a
  // summary taller than the terminal cannot make Ink clear the screen (ink-stdout.ts)
  const printed: Printed[] = state.records.map((r) => ({ key: r.controlId, record: r }));
  if (state.phase.kind === 'summary' && !props.savingPlan) printed.push({ key: 'summary', summary: summaryModel(state, props.verifyCommand) });
  return (
    <>
      <Static items={printed}>
        {(p: Printed) => (p.record ? <RecordLine key={p.key} record={p.record} /> : <SummaryView key={p.key} model={p.summary!} org={state.org} level={state.level} />)}
      </Static>
      <Box flexDirection="column" width={width}>
        {done ? null : <Header org={state.org} region={state.region} level={state.level} k={k} n={n} {...(state.banner ? { banner: state.banner } : {})} />}
        <Live {...props} width={width} rows={rows} />
      </Box>
    </>
  );
}
