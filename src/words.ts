// How every output words things: one plural helper, so "1 change" / "2 changes" read the same
// in the wizard, reports, commands and the checks' own messages (never "change(s)"); one time
// format for people (machine-readable outputs such as JSON, SARIF and JUnit keep ISO 8601).

/** The word that agrees with `n`: `one` for 1, else `many` ("owner"/"owners", "is"/"are"). */
export function word(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 change", "2 changes"; `many` for irregular plurals ("entry" → "entries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${word(n, one, many)}`;
}

/** "2026-11-25 14:03 UTC": report headers, the audit log, session lists, wherever a person reads a time. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
