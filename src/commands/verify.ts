// `sentry-harden verify`: evaluate a level and report; changes nothing.
// Exit 0 when no evaluated check fails or errors, 1 otherwise, 2 when it could not run.
// `--baseline FILE` adds what changed since a saved baseline (drift does not change the exit
// code: findings do); `--save-baseline FILE` saves this run's settings and statuses.

import { exitCodeFor } from '../engine/evaluate.js';
import { linkProbe, probeFails, type ProbeReport } from '../engine/probe.js';
import { buildBaseline, compareBaseline, snapshotSettings } from '../engine/drift.js';
import { checkBaselineTarget, readBaseline, saveBaseline } from './baseline-file.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { complianceView } from '../report/compliance.js';
import type { ReportRequest } from '../report/types.js';
import { DEFAULT_PROBE_SAMPLE, probeProjects } from '../state/events.js';
import { renderReportChunks } from '../report/index.js';
import { toolVersion } from '../version.js';
import { connectCollectEvaluate, emit, showsProgress, terminalOptions, type CommandHooks, type Evaluation } from './shared.js';
import type { Io, VerifyOptions } from './types.js';

export async function runVerify(opts: VerifyOptions, io: Io, hooks: CommandHooks = {}): Promise<number> {
  // a bad baseline file is exit 2 before any request
  const baseline = opts.baseline ? await readBaseline(opts.baseline, io.cwd) : undefined;
  // On a terminal an Ink progress bar on stderr (not in CI, not with machine-readable output);
  // it is loaded only then, so CI runs stay lean.
  const bar = !hooks.onProgress && showsProgress(opts, io) && io.env.TERM !== 'dumb'
    ? (await import('../ui/progress-ui.js')).startInkProgress(io.stderr, { color: opts.color })
    : undefined;
  let ev: Evaluation | undefined;
  try {
    ev = await connectCollectEvaluate(opts, io, 'verify', { needKeyStats: false, needProjects: opts.probePii === true }, bar ? { ...hooks, onProgress: bar.onProgress } : hooks);
  } finally {
    bar?.done();
  }
  if (baseline && opts.baseline) checkBaselineTarget(opts.baseline, baseline, ev.target);
  const probe = opts.probePii ? await runProbe(ev, opts.probeSample ?? DEFAULT_PROBE_SAMPLE) : undefined;
  const drift = baseline ? compareBaseline(baseline, snapshotSettings(ev.state), ev.results, ev.state.auditLog) : undefined;
  const toSave = opts.saveBaseline ? buildBaseline(ev.state, ev.results, { toolVersion: toolVersion(), savedAt: ev.generatedAt, level: ev.level }) : undefined;
  const { target, sources, level, generatedAt } = ev;
  // --compliance: the framework's controls take the place of the tool's (every format shows them)
  const results = opts.compliance ? complianceView(ev.results, opts.compliance) : ev.results;
  if (results.length === 0) throw new UserError(`--compliance ${opts.compliance}: none of the selected checks maps to a ${opts.compliance} control`);
  // the collected state is let go before the reports are built: on a large org the two together
  // would be the run's peak memory
  ev = undefined;
  const input = {
    results,
    target: { baseUrl: target.baseUrl, org: target.org, sources },
    level,
    generatedAt,
    toolVersion: toolVersion(),
    ...(probe ? { probe } : {}),
    ...(drift ? { drift } : {}),
  };
  if (toSave && opts.saveBaseline) {
    const file = await saveBaseline(opts.saveBaseline, io.cwd, toSave);
    io.stderr.write(`sentry-harden: saved the baseline to ${file}\n`);
  }
  // one read, many reports: every format is rendered from this one collection
  const reports: ReportRequest[] = opts.reports ?? [{ format: opts.format ?? 'table', ...(opts.output !== undefined ? { output: opts.output } : {}) }];
  for (const r of reports) {
    if (opts.reports && r.output !== undefined) await mkdir(path.dirname(path.resolve(io.cwd, r.output)), { recursive: true });
    const where = { output: r.output, color: opts.color };
    await emit(where, io, renderReportChunks(r.format, input, terminalOptions(where, io)));
  }
  return Math.max(exitCodeFor(results), probe && probeFails(probe) ? 1 : 0);
}

/** The PII probe over every project the collection read; unreadable projects or org are errors. */
async function runProbe(ev: Evaluation, sample: number): Promise<ProbeReport> {
  const { org, projects } = ev.state;
  if (!org.ok || !projects.ok) {
    const reason = !org.ok ? org.reason : !projects.ok ? projects.reason : '';
    throw new UserError(`--probe-pii: cannot sample events: ${reason}`);
  }
  const result = await probeProjects(ev.api, ev.target.org, org.value, projects.value, sample, ev.policy.sensitiveFields);
  return linkProbe(result, ev.results);
}
