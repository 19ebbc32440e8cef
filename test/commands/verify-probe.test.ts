// `verify --probe-pii` end to end: the command against the simulator over HTTP, demo seed with
// seeded events (src/simulator/seed-events.ts: DEMO_EVENT_LEAKS).

import { describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import type { ProbeReport } from '../../src/engine/probe.js';
import type { JsonReport } from '../../src/report/json.js';
import { DEMO_EVENT_LEAKS } from '../../src/simulator/seed-events.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { parseXml } from '../report/xml.js';

const { sim: startSim } = closedAfterEach();

async function probe(sim: RunningSimulator, over: Parameters<typeof globalOptions>[0] = {}, token = sim.token) {
  const c = tempIo(simEnv(sim, token));
  const code = await runVerify(globalOptions({ level: 'L1', format: 'json', probePii: true, probeSample: 50, ...over }), c.io);
  const text = c.out();
  return { code, text, report: (JSON.parse(text) as JsonReport & { probe: ProbeReport }).probe, err: c.err() };
}

describe('verify --probe-pii', () => {
  it('finds exactly the seeded leaks per project and kind, and fails the run', async () => {
    const sim = await startSim();
    const { code, report, text } = await probe(sim);
    expect(code).toBe(1);
    const byKind = Object.fromEntries(report.projects.filter((p) => p.project in DEMO_EVENT_LEAKS).map((p) => [p.project, p.byKind]));
    expect(byKind).toEqual(DEMO_EVENT_LEAKS);
    const sampled = Object.fromEntries(report.projects.map((p) => [p.project, p.sampled]));
    expect(sampled).toMatchObject({ 'api-prod': 50, 'checkout-web': 25, 'payments-service': 10, worker: 15, 'web-app': 0 });
    expect(report.totals).toEqual({ projects: 12, sampled: 100, leaks: 14, despitePass: 0, errors: 0 });
    // paths, and the verdict: on the demo org 3.1.2 fails, which explains the card numbers
    const f = report.findings.find((x) => x.project === 'api-prod' && x.kind === 'creditcard')!;
    expect(f).toMatchObject({ path: 'context.payment_note', count: 2, verdict: 'leak-expected' });
    expect(f.checks).toEqual([{ id: '3.1.2', status: 'fail' }, { id: '3.1.9', status: 'not-evaluated' }]);
    expect(f.eventIds).toHaveLength(2);
    expect(report.findings.find((x) => x.kind === 'bearer')).toMatchObject({ path: 'request.headers.Authorization', count: 4 });
    // the values themselves never appear (the look-alike negatives are in every event too)
    for (const v of ['4111 1111 1111 1111', 'buyer0@example.com', 'GB82 WEST', 'BEGIN RSA PRIVATE KEY', '4000056655665556']) expect(text).not.toContain(v);
    const bearer = sim.state.events!.get('api-prod')!.flatMap((e) => ((e.entries as { data: { headers?: [string, string][] } }[])[1]!.data.headers ?? []).filter(([k]) => k === 'Authorization').map(([, v]) => v));
    expect(bearer.length).toBeGreaterThan(0);
    for (const v of bearer) expect(text).not.toContain(v.slice(7, 20));
  });

  it('reads all projects concurrently through the client, full payloads, at most N events each', async () => {
    const sim = await startSim({ latencyMs: 30 });
    sim.stats.reset();
    const { report } = await probe(sim, { probeSample: 5, only: ['3.1.2'] });
    expect(report.sampleSize).toBe(5);
    expect(report.projects.find((p) => p.project === 'api-prod')!.sampled).toBe(5);
    // per_page follows the sample: one request per project with events, none past the sample
    const urls = [...sim.stats.byUrl.keys()].filter((u) => u.includes('/events/'));
    const slugs = new Set(urls.map((u) => /\/projects\/acme\/([^/]+)\/events\//.exec(u)?.[1]));
    expect(slugs).toEqual(new Set(sim.state.projects.keys()));
    // (main's client may request a next page ahead; the probe still keeps at most N per project)
    for (const u of urls) expect(u).toMatch(/[?&]full=true/);
    for (const u of urls) expect(u).toMatch(/[?&]per_page=5/);
  });

  it('follows pagination past 100 events', async () => {
    const sim = await startSim();
    const list = sim.state.events!.get('worker')!;
    const template = list[0]!;
    for (let i = 0; i < 140; i++) list.push({ ...template, eventID: `w${i}`, id: `w${i}`, user: { email: `p${i}@example.com` } });
    const { report } = await probe(sim, { probeSample: 150, only: ['3.1.2'] });
    const worker = report.projects.find((p) => p.project === 'worker')!;
    expect(worker.sampled).toBe(150);
    expect(worker.byKind).toEqual({ email: 135 });
  });

  it('a leak under passing scrubbing checks is flagged as the finding that matters', async () => {
    const sim = await startSim();
    Object.assign(sim.state.org, { dataScrubber: true, dataScrubberDefaults: true });
    const { report } = await probe(sim, { only: ['3.1.1', '3.1.2'] });
    const card = report.findings.find((x) => x.project === 'api-prod' && x.kind === 'creditcard')!;
    expect(card.verdict).toBe('leak-despite-pass');
    expect(card.checks[0]).toEqual({ id: '3.1.2', status: 'pass' });
    expect(report.totals.despitePass).toBeGreaterThanOrEqual(2);
  });

  it('IP addresses are looked for only where IP scrubbing is on', async () => {
    const sim = await startSim();
    const ev = sim.state.events!.get('worker')![0]!;
    (ev.user as Record<string, unknown>).ip_address = '198.51.100.23';
    expect((await probe(sim, { only: ['3.1.2'] })).report.projects.find((p) => p.project === 'worker')!.byKind).toEqual({});
    Object.assign(sim.state.org, { scrubIPAddresses: true });
    expect((await probe(sim, { only: ['3.1.2'] })).report.projects.find((p) => p.project === 'worker')!.byKind).toEqual({ ip: 1 });
  });

  it('a project whose events cannot be read is an error (the run fails), the others are still read', async () => {
    const sim = await startSim();
    sim.faults.failNext({ method: 'GET', path: /\/projects\/acme\/worker\/events\// }, 500, 10);
    const { code, report } = await probe(sim, { only: ['3.1.2'] });
    expect(code).toBe(1);
    expect(report.totals.errors).toBe(1);
    const worker = report.projects.find((p) => p.project === 'worker')!;
    expect(worker.sampled).toBeNull();
    expect(worker.error).toMatch(/could not read events/);
    expect(report.projects.find((p) => p.project === 'api-prod')!.sampled).toBe(50);
  });

  it('--probe-sample without --probe-pii, or out of range, is exit 2 with one line', async () => {
    const { main } = await import('../../src/main.js');
    for (const argv of [['verify', '--probe-sample', '5'], ['verify', '--probe-pii', '--probe-sample', '0'], ['verify', '--probe-pii', '--probe-sample', 'x']]) {
      const c = tempIo({});
      expect(await main(argv, c.io)).toBe(2);
      expect(c.err().split('\n')[0]).toMatch(/^sentry-harden: --probe-(sample|pii)/);
    }
  });
  it('SARIF and JUnit carry the probe: a result per leak with the linked checks, a testcase per project', async () => {
    const sim = await startSim();
    const json = await probe(sim);
    const run = async (format: 'sarif' | 'junit') => {
      const c = tempIo(simEnv(sim));
      const code = await runVerify(globalOptions({ level: 'L1', format, probePii: true, probeSample: 50 }), c.io);
      return { code, out: c.out() };
    };
    const sarif = await run('sarif');
    expect(sarif.code).toBe(1);
    const sarifRun = (JSON.parse(sarif.out) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties: { kind: string; count: number; linkedChecks: unknown[]; verdict: string } }[] }[] }).runs[0]!;
    const leaks = sarifRun.results.filter((r) => r.ruleId === 'pii-probe');
    expect(leaks).toHaveLength(json.report.findings.length);
    expect(sarifRun.tool.driver.rules[leaks[0]!.ruleIndex]!.id).toBe('pii-probe');
    expect(leaks.reduce((n, r) => n + r.properties.count, 0)).toBe(json.report.totals.leaks);
    const card = leaks.find((r) => r.properties.kind === 'creditcard')!;
    expect(card.locations[0]!.physicalLocation.artifactLocation.uri).toBe('sentry/acme/project/api-prod');
    expect(card.properties.linkedChecks).toEqual([{ id: '3.1.2', status: 'fail' }, { id: '3.1.9', status: 'not-evaluated' }]);
    expect(card.level).toBe('warning'); // explained by the failing 3.1.2, whose own result is the error
    expect(card.message.text).toContain('explained by failing 3.1.2');
    for (const v of ['4111 1111 1111 1111', 'buyer0@example.com', 'BEGIN RSA PRIVATE KEY']) expect(sarif.out).not.toContain(v);

    const junit = await run('junit');
    const root = parseXml(junit.out);
    const suite = root.children.find((s) => s.attrs.name === 'PII-leak probe')!;
    expect(suite.children.filter((c) => c.name === 'testcase')).toHaveLength(json.report.projects.length);
    const withLeaks = json.report.projects.filter((p) => p.eventsWithLeaks > 0).length;
    expect(suite.attrs.failures).toBe(String(withLeaks));
    const api = suite.children.find((c) => c.attrs.name === 'events of api-prod')!;
    expect(api.children[0]!.name).toBe('failure');
    expect(api.children[0]!.text).toContain('creditcard at context.payment_note');
    expect(Number(root.attrs.tests)).toBe(json.report.projects.length + JSON.parse(json.text).controls.flatMap((c: { checks: unknown[] }) => c.checks).length);
  });
});
