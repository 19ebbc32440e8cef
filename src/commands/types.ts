// What each command receives from main.ts (its own options), and what it returns (an exit code).
// Commands never call process.exit: they return 0/1/2 or throw a UserError (exit 2).

import type { Io } from '../io.js';
import type { Level } from '../levels.js';
import type { OutputFormat } from '../report/types.js';
import type { CommandOptions } from './specs.js';

export type { Io } from '../io.js';
export type { OutputFormat } from '../report/types.js';

/** Each command's own options, derived from its spec in specs.ts (flags, types, defaults). */
export type WizardOptions = CommandOptions<'wizard'>;
export type VerifyOptions = CommandOptions<'verify'>;
export type PlanOptions = CommandOptions<'plan'>;
export type ApplyOptions = CommandOptions<'apply'>;
export type RollbackOptions = CommandOptions<'rollback'>;
export type SnapshotsOptions = CommandOptions<'snapshots'>;
export type ControlsOptions = CommandOptions<'controls'>;
export type AuditLogOptions = CommandOptions<'audit-log'>;
export type DemoOptions = CommandOptions<'demo'>;
export type SimulatorCommandOptions = CommandOptions<'simulator'>;

/** What the shared pieces read (each takes only the fields it needs). */
export interface SelectionOptions {
  level?: Level;
  only: string[];
  skip: string[];
  policy?: string;
}
export interface ReportOptions {
  format?: OutputFormat;
  output?: string;
  json?: boolean;
  color: boolean;
}
