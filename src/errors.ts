// Errors a user can see. Each says what happened and what to do next; cli.ts prints the message
// as one line (no stack trace) and exits with `exitCode`.

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Bad flags or arguments: cli.ts adds the usage hint. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
