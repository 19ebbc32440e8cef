// How every output words things: one plural helper, so "1 change" / "2 changes" read the same
// in the wizard, reports and commands; one time format for people (machine-readable outputs
// such as JSON, SARIF and JUnit keep ISO 8601).

/** "1 change", "2 changes"; `many` for irregular plurals ("entry" → "entries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2026-11-25 14:03 UTC": report headers and the audit log, wherever a person reads a time. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
