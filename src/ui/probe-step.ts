// The wizard's last step with --probe-pii (Ink and --plain alike, after the summary): does
// scrubbing work? Samples recent events read-only and prints the probe's lines (path, kind, masked
// hint, event ids and the linked 3.1 checks' verdict; never a value).

import { probeFails, type ProbeReport } from '../engine/probe.js';
import { probeTableLines } from '../report/probe.js';
import type { WizardDriver } from './wizard-driver.js';

export async function runProbeStep(driver: WizardDriver, sample: number, say: (line: string) => void): Promise<ProbeReport | undefined> {
  if (!driver.probe) return undefined;
  say('');
  say(`Does scrubbing work? Reading up to ${sample} recent events per project (read-only; values are never shown)...`);
  try {
    const report = await driver.probe(sample);
    for (const line of probeTableLines(report)) say(line);
    say(probeFails(report)
      ? 'Leaks found: turn on the scrubbing the linked 3.1 checks name (or add an advanced rule for the path), then delete the affected events.'
      : 'No leak in the sample.');
    return report;
  } catch (err) {
    say(`PII probe: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return undefined;
  }
}
