// The questions a run may ask, behind one interface: @inquirer/prompts (arrow-key menus) on a
// terminal, the line prompter (line-prompts.ts) in line mode. This is the only place the config
// layer touches @inquirer/prompts. Prompts write to stderr so a report on stdout stays clean;
// connect, credentials, onboarding and the plain wizard receive a prompter injected.

import { checkbox, confirm, input, password, select } from '@inquirer/prompts';
import type { Io } from '../io.js';

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
  /** a letter that also picks it in line mode (the wizard's a/s/e/d/q) */
  key?: string;
}

/** What connect and credentials ask. */
export interface Prompts {
  /** input not shown */
  password(message: string): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  select(message: string, choices: { name: string; value: string }[], defaultValue?: string): Promise<string>;
}

/** Every kind of question (onboarding and the wizard too). */
export interface Prompter extends Prompts {
  select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
  checkbox<T>(message: string, choices: readonly (Choice<T> & { checked?: boolean })[]): Promise<T[]>;
  input(message: string, opts?: { default?: string; validate?: (s: string) => true | string }): Promise<string>;
  password(message: string, opts?: { validate?: (s: string) => true | string }): Promise<string>;
}

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export function createInquirerPrompter(context: PromptStreams): Prompter {
  return {
    password: (message, o = {}) => password({ message, mask: true, ...(o.validate ? { validate: o.validate } : {}) }, context),
    confirm: (message, defaultValue) => confirm({ message, default: defaultValue }, context),
    select: <T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) =>
      select<T>({ message, choices: choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })), ...(defaultValue !== undefined ? { default: defaultValue } : {}) }, context),
    checkbox: <T>(message: string, choices: readonly (Choice<T> & { checked?: boolean })[]) =>
      checkbox<T>({ message, choices: choices.map((c) => ({ value: c.value, name: c.name, checked: c.checked === true })) }, context),
    input: (message, o = {}) => input({ message, ...(o.default !== undefined ? { default: o.default } : {}), ...(o.validate ? { validate: o.validate } : {}) }, context),
  };
}

export function createInquirerPrompts(io: Pick<Io, 'stdin' | 'stderr'>): Prompts {
  return createInquirerPrompter({ input: io.stdin, output: io.stderr });
}
