// How every output words things: one plural helper, so "1 change" / "2 changes" read the same
// in the wizard, reports and commands.

/** "1 change", "2 changes"; `many` for irregular plurals ("entry" → "entries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
