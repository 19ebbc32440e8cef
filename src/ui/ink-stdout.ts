// Ink clears the whole terminal, scrollback included (ESC[2J ESC[3J), whenever the previous frame
// was at least as tall as `stdout.rows` (ink/build/ink.js, onRender). A terminal whose size is
// unknown reports 0 rows (a pty under `script` without a terminal, some CI runners), so every
// frame would wipe what was printed before it: the demo banner with the snapshot folder, the
// applied lines, the report. Ink gets a view of stdout whose row count is never 0: unknown means
// "unbounded", and the screens keep their frames below the real height where it is known.

/** Rows a layout may fill: the terminal's, or `fallback` when the terminal does not say. */
export function screenRows(stdout: { rows?: number }, fallback = 24): number {
  const rows = stdout.rows ?? 0;
  return rows > 0 && rows !== UNKNOWN_ROWS ? rows : fallback;
}

/** What Ink is told when the terminal does not know its height: never "full". */
const UNKNOWN_ROWS = Number.MAX_SAFE_INTEGER;

/** `stdout` for Ink's render(): the same stream, with `rows` never 0 (see above). */
export function inkStdout<S extends NodeJS.WritableStream & { rows?: number }>(stdout: S): S {
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'rows') return target.rows !== undefined && target.rows > 0 ? target.rows : UNKNOWN_ROWS;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
