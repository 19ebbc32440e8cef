// `controls`: the catalog, no connection needed.

import { describe, expect, it } from 'vitest';
import { runControls } from '../../src/commands/controls.js';
import { CONTROLS } from '../../steps/index.js';
import { globalOptions, tempIo } from '../helpers/io.js';
import stringWidth from 'string-width';

interface CatalogJson {
  schemaVersion: number;
  controls: { id: string; title: string; level: string; frameworks: { cis: string[] }; checks: { id: string; level: string; automation: string; risk: string; rationale: string }[] }[];
}

describe('controls', () => {
  it('lists every control and check as JSON without any environment', async () => {
    const c = tempIo({});
    expect(await runControls(globalOptions({ format: 'json' }), c.io)).toBe(0);
    const cat = JSON.parse(c.out()) as CatalogJson;
    expect(cat.controls.map((x) => x.id)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '4.1']);
    const checks = cat.controls.flatMap((x) => x.checks);
    expect(checks.length).toBe(CONTROLS.reduce((n, x) => n + x.checks.length, 0));
    expect(checks.find((x) => x.id === '1.2.1')).toMatchObject({ level: 'L1', automation: 'auto', risk: 'risky' });
    for (const k of checks) expect(k.rationale.length).toBeGreaterThan(10);
  });

  it('--level keeps the checks at or below it', async () => {
    const c = tempIo({});
    await runControls(globalOptions({ format: 'json', level: 'L1' }), c.io);
    const cat = JSON.parse(c.out()) as CatalogJson;
    expect(cat.controls.map((x) => x.id)).not.toContain('2.2');
    expect(cat.controls.flatMap((x) => x.checks).every((k) => k.level === 'L1')).toBe(true);
  });

  it('prints a table that fits 80 columns, and markdown', async () => {
    const c = tempIo({});
    await runControls(globalOptions({}), c.io);
    const out = c.out();
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toContain('3.1.9');
    expect(out).toMatch(/14 controls, \d+ checks/);
    const m = tempIo({});
    await runControls(globalOptions({ format: 'markdown' }), m.io);
    expect(m.out()).toMatch(/^\| Check \| Title \|/);
  });
});
