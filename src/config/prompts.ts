// The only place the config layer touches @inquirer/prompts. Prompts write to stderr so a
// report on stdout stays clean; connect and credentials receive these functions injected.

import { confirm, password, select } from '@inquirer/prompts';
import type { Io } from '../io.js';

export interface Prompts {
  /** masked input */
  password(message: string): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  select(message: string, choices: { name: string; value: string }[], defaultValue?: string): Promise<string>;
}

export function createInquirerPrompts(io: Pick<Io, 'stdin' | 'stderr'>): Prompts {
  const context = { input: io.stdin, output: io.stderr };
  return {
    password: (message) => password({ message, mask: true }, context),
    confirm: (message, defaultValue) => confirm({ message, default: defaultValue }, context),
    select: (message, choices, defaultValue) => select({ message, choices, ...(defaultValue ? { default: defaultValue } : {}) }, context),
  };
}
