// What every report renderer receives.

import type { DriftReport } from '../engine/drift.js';
import type { ProbeReport } from '../engine/probe.js';
import type { ControlResult, Level } from '../../steps/types.js';

/** The report formats of `verify --format`. */
export type OutputFormat = 'table' | 'json' | 'markdown' | 'sarif' | 'junit' | 'html';

/** The file name extension of each format (`verify --output-dir`: sentry-harden.<ext>). */
export const FORMAT_EXTENSION: Record<OutputFormat, string> = { table: 'txt', json: 'json', markdown: 'md', sarif: 'sarif', junit: 'xml', html: 'html' };

/** One report of a run: its format and file (stdout when absent). */
export interface ReportRequest {
  format: OutputFormat;
  output?: string;
}

export interface ReportTarget {
  /** base URL without credentials */
  baseUrl: string;
  org: string;
  /** where the URL, org and level came from: "--url", "SENTRY_URL", "~/.sentryclirc", "default" ... */
  sources?: TargetSources;
}

export interface TargetSources {
  url: string;
  org: string;
  level?: string;
}

/**
 * Every report header: URL, org and level, each with where it came from, e.g.
 * "https://sentry.io (default) · acme (SENTRY_ORG) · L2 (--level)".
 */
export function targetLine(target: ReportTarget, level?: string): string {
  const src = (s: string | undefined): string => (s ? ` (${s})` : '');
  const parts = [`${target.baseUrl}${src(target.sources?.url)}`, `${target.org}${src(target.sources?.org)}`];
  if (level) parts.push(`${level}${src(target.sources?.level)}`);
  return parts.join(' · ');
}

export interface ReportInput {
  results: ControlResult[];
  target: ReportTarget;
  level: Level;
  /** ISO timestamp */
  generatedAt: string;
  toolVersion: string;
  /** `verify --probe-pii`: the leak probe, linked to the scrubbing checks */
  probe?: ProbeReport;
  /** `verify --baseline FILE`: what changed since the saved baseline */
  drift?: DriftReport;
}

export interface TerminalOptions {
  /** ANSI colours (TTY without NO_COLOR / --no-color) */
  color: boolean;
  /** columns to fit (default 80) */
  width?: number;
}

export const TOOL_NAME = 'sentry-harden';
export const TOOL_URI = 'https://www.npmjs.com/package/sentry-harden';
