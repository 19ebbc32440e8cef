// The process's streams, environment and folder, passed down instead of read from `process`
// so commands, prompts and the wizard run the same in tests.

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
