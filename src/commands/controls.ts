// `sentry-harden controls`: the catalog of controls and checks; needs no connection.
// `--level` limits it to the checks at or below that level.

import { renderControlsJson, renderControlsMarkdown, renderControlsTable } from '../report/controls.js';
import { toolVersion } from '../version.js';
import { CONTROLS } from '../../steps/index.js';
import { levelRank, type ControlDef } from '../../steps/types.js';
import { emit, terminalOptions } from './shared.js';
import type { ControlsOptions, Io } from './types.js';

export function catalogAt(level: ControlsOptions['level']): ControlDef[] {
  if (!level) return [...CONTROLS];
  return CONTROLS.map((c) => ({ ...c, checks: c.checks.filter((k) => levelRank(k.level) <= levelRank(level)) })).filter((c) => c.checks.length > 0);
}

export async function runControls(opts: ControlsOptions, io: Io): Promise<number> {
  const controls = catalogAt(opts.level);
  const format = opts.format ?? 'table';
  const text =
    format === 'json'
      ? renderControlsJson(controls, toolVersion())
      : format === 'markdown'
        ? renderControlsMarkdown(controls)
        : renderControlsTable(controls, terminalOptions(opts, io));
  await emit(opts, io, text);
  return 0;
}
