// What every command receives from cli.ts, and what it returns (an exit code).
// Commands never call process.exit: they return 0/1/2 or throw a UserError (exit 2).

import type { Io } from '../io.js';
import type { Level } from '../levels.js';
import type { OutputFormat } from '../report/types.js';

export type { Io } from '../io.js';
export type { OutputFormat } from '../report/types.js';

export interface GlobalOptions {
  url?: string;
  org?: string;
  /** --allow-http: plain http to a host that is not loopback (never saved) */
  allowHttp?: boolean;
  /** --timeout SECONDS as typed (validated in config/transport.ts) */
  timeout?: string;
  level?: Level;
  only: string[];
  skip: string[];
  policy?: string;
  snapshotsDir?: string;
  format?: OutputFormat;
  output?: string;
  yes: boolean;
  dryRun: boolean;
  allowRisky: string[];
  forceDrifted: boolean;
  plain: boolean;
  color: boolean;
  /** rollback */
  latest: boolean;
  session?: string;
  /** audit-log */
  since?: string;
  exportFile?: string;
  /** positional arguments after the command name */
  args: string[];
  /** simulator / demo */
  seed?: string;
  projects?: number;
  members?: number;
  latencyMs?: number;
  rateLimit?: number;
  port?: number;
  json: boolean;
  /** verify: sample recent events and look for values scrubbing should have removed */
  probePii?: boolean;
  /** verify --probe-pii: events per project (default 50) */
  probeSample?: number;
}


export type Command = (opts: GlobalOptions, io: Io) => Promise<number>;
