// `verify --save-baseline FILE` and `verify --baseline FILE` against the simulator over HTTP:
// the baseline holds no secret and is mode 0600; a change made through Sentry's API shows as
// drift (resource, setting, old → new) with the audit-log entry the simulator wrote for it
// (src/simulator/routes-projects.ts and routes-org.ts write project.edit / org.edit like
// Sentry's endpoints); the exit code follows findings; a bad file is exit 2, one line, nothing written.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import { main } from '../../src/main.js';
import type { DriftReport } from '../../src/engine/drift.js';
import type { JsonReport } from '../../src/report/json.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim: startSim } = closedAfterEach();

async function verify(sim: RunningSimulator, dir: string, over: Parameters<typeof globalOptions>[0]) {
  const c = tempIo(simEnv(sim));
  const code = await runVerify(globalOptions({ level: 'L2', format: 'json', ...over }), { ...c.io, cwd: dir });
  return { code, out: c.out(), err: c.err() };
}

async function put(sim: RunningSimulator, p: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/api/0/${p}`, { method: 'PUT', headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

describe('verify --save-baseline / --baseline', () => {
  it('saves a baseline without secrets (0600), then lists a change made through the API with its audit entry', async () => {
    const sim = await startSim();
    const { dir } = tempIo();
    const saved = await verify(sim, dir, { saveBaseline: 'base.json' });
    expect(saved.err).toContain('saved the baseline to');
    const file = path.join(dir, 'base.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const base = JSON.parse(text) as { kind: string; settings: Record<string, Record<string, unknown>>; checks: Record<string, { status: string }> };
    expect(base.kind).toBe('sentry-harden-baseline');
    expect(base.settings['project/api-prod']).toMatchObject({ dataScrubber: true });
    expect(Object.keys(base.settings).some((k) => k.startsWith('key/'))).toBe(true);
    // no secret: the token, no key secret, no DSN
    expect(text).not.toContain(sim.token);
    expect(sim.state.keys.size).toBeGreaterThan(0);
    for (const k of sim.state.keys.values()) expect(text).not.toContain(k.secret);
    expect(text).not.toMatch(/"(dsn|secret|public)"/i);

    // nothing changed: no drift, same exit code as a plain verify
    const plain = await verify(sim, dir, {});
    const same = await verify(sim, dir, { baseline: 'base.json' });
    expect(same.code).toBe(plain.code);
    expect((JSON.parse(same.out) as JsonReport).drift).toMatchObject({ entries: [], checks: [] });

    // change two settings through Sentry's API: the simulator writes the audit entries
    await put(sim, 'projects/acme/api-prod/', { dataScrubber: false });
    await put(sim, 'organizations/acme/', { allowSharedIssues: false });
    const after = await verify(sim, dir, { baseline: 'base.json' });
    const drift = (JSON.parse(after.out) as JsonReport & { drift: DriftReport }).drift;
    const scrub = drift.entries.find((e) => e.resource === 'project/api-prod' && e.setting === 'dataScrubber')!;
    expect(scrub).toMatchObject({ change: 'changed', before: true, after: false, audit: { event: 'project.edit' } });
    expect(scrub.audit!.actor).toMatch(/@/);
    const shared = drift.entries.find((e) => e.resource === 'organization/acme' && e.setting === 'allowSharedIssues')!;
    expect(shared).toMatchObject({ before: true, after: false, audit: { event: 'org.edit' } });
    expect(drift.entries).toHaveLength(2);
    // 3.1.7 (shared issues) passes now; the exit code still follows the findings
    expect(drift.checks).toContainEqual(expect.objectContaining({ id: '3.1.7', before: 'fail', after: 'pass' }));
    const plainAfter = await verify(sim, dir, {});
    expect(after.code).toBe(plainAfter.code);

    // every format carries it: table and markdown lines, SARIF run properties, HTML section
    const table = await verify(sim, dir, { baseline: 'base.json', format: 'table' });
    expect(table.out.replace(/\s+/g, ' ')).toMatch(/project\/api-prod dataScrubber: true → false \(project\.edit by \S+@\S+/);
    const md = await verify(sim, dir, { baseline: 'base.json', format: 'markdown' });
    expect(md.out).toContain('## Drift since the baseline');
    expect(md.out).toMatch(/\| project\/api-prod \| dataScrubber \| `true` \| `false` \| project\.edit by /);
    const sarif = JSON.parse((await verify(sim, dir, { baseline: 'base.json', format: 'sarif' })).out) as { runs: { properties: { drift: DriftReport } }[] };
    expect(sarif.runs[0]!.properties.drift.entries).toHaveLength(2);
    const html = await verify(sim, dir, { baseline: 'base.json', format: 'html' });
    expect(html.out).toContain('<section id="drift">');
  });

  it('a bad baseline is exit 2 with one line, before any request, and writes nothing', async () => {
    const sim = await startSim();
    const { dir } = tempIo();
    writeFileSync(path.join(dir, 'notjson.json'), '{"kind": ');
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ kind: 'something-else' }));
    await verify(sim, dir, { saveBaseline: 'good.json' });
    const good = JSON.parse(readFileSync(path.join(dir, 'good.json'), 'utf8')) as { target: { org: string } };
    writeFileSync(path.join(dir, 'otherorg.json'), JSON.stringify({ ...good, target: { ...good.target, org: 'globex' } }));
    const cases: [string, RegExp][] = [
      ['missing.json', /--baseline missing\.json: no such file; save one first/],
      ['notjson.json', /--baseline notjson\.json: not JSON/],
      ['other.json', /--baseline other\.json: not a sentry-harden baseline/],
      ['otherorg.json', /--baseline otherorg\.json: saved for globex at .*, not acme at /],
    ];
    for (const [file, msg] of cases) {
      sim.stats.reset();
      const c = tempIo(simEnv(sim));
      const code = await main(['verify', '--level', 'L2', '--baseline', file, '--output', 'report.json', '--save-baseline', 'new.json'], { ...c.io, cwd: dir });
      expect(code, file).toBe(2);
      const lines = c.err().trim().split('\n');
      expect(lines, file).toHaveLength(1);
      expect(lines[0], file).toMatch(msg);
      expect(existsSync(path.join(dir, 'report.json')), file).toBe(false);
      expect(existsSync(path.join(dir, 'new.json')), file).toBe(false);
      if (file !== 'otherorg.json') expect(sim.stats.total, file).toBe(0);
    }
  });
});
