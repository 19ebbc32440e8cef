// What every report renderer receives.

import type { ControlResult, Level } from '../../steps/types.js';

/** The report formats of `verify --format`. */
export type OutputFormat = 'table' | 'json' | 'markdown' | 'sarif' | 'junit';

export interface ReportTarget {
  /** base URL without credentials */
  baseUrl: string;
  org: string;
}

export interface ReportInput {
  results: ControlResult[];
  target: ReportTarget;
  level: Level;
  /** ISO timestamp */
  generatedAt: string;
  toolVersion: string;
}

export interface TerminalOptions {
  /** ANSI colours (TTY without NO_COLOR / --no-color) */
  color: boolean;
  /** columns to fit (default 80) */
  width?: number;
}

export const TOOL_NAME = 'sentry-harden';
export const TOOL_URI = 'https://www.npmjs.com/package/sentry-harden';
