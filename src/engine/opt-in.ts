// The command-line flag that lets a held-back risky change through with --yes: one way for
// every risky check, the 2FA sweep (1.2.1) included.

export function allowFlagFor(checkId: string): string {
  return `--allow-risky ${checkId}`;
}
