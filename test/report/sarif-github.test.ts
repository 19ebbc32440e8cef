// The SARIF of the demo org against GitHub code scanning's published ingestion rules, so an
// upload is not rejected as a whole ("locationFromSarifResult: expected artifact location").
// Sources of each rule:
//   [support] docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning
//             (sarifLog version/runs; tool.driver.name; result ruleId, message.text, locations
//             "at least one location is required"; physicalLocation.artifactLocation.uri, a path
//             relative to the repository root; region.startLine; partialFingerprints; automationDetails.id)
//   [limits]  docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit
//             (20 runs per file, 25,000 results and 25,000 rules per run, 1,000 locations per
//             result, 20 tags per rule; 10 MB gzip file-too-large)
//   [sdk]     microsoft/sarif-sdk Sarif.Multitool rules GH1001 (location with physicalLocation),
//             GH1003 (region.startLine), GH1005 (relative URIs), GH1007 (message text, not only an id)
//   [spec]    SARIF 2.1.0 §3.27.9/§3.27.10: kind enum; a kind other than "fail" has level "none"

import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import { automationId, FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import type { Level } from '../../steps/types.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';

type Json = Record<string, unknown>;
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];
const LEVELS = ['none', 'note', 'warning', 'error'];

/** Every way `doc` breaks GitHub's ingestion rules, as readable strings (empty: accepted). */
export function githubSarifProblems(doc: Json): string[] {
  const p: string[] = [];
  if (doc.version !== '2.1.0') p.push('[support] version must be "2.1.0"');
  const runs = doc.runs;
  if (!Array.isArray(runs)) return [...p, '[support] runs must be an array'];
  if (runs.length > 20) p.push(`[limits] ${runs.length} runs > 20`);
  runs.forEach((run: Json, ri) => {
    const driver = ((run.tool as Json | undefined)?.driver ?? {}) as Json;
    if (typeof driver.name !== 'string' || driver.name === '') p.push(`[support] runs[${ri}].tool.driver.name is required`);
    const rules = (driver.rules ?? []) as Json[];
    if (rules.length > 25_000) p.push(`[limits] ${rules.length} rules > 25,000`);
    const ruleIds = rules.map((r) => r.id);
    rules.forEach((r, i) => {
      if (typeof r.id !== 'string' || r.id === '') p.push(`[support] rules[${i}].id is required`);
      const tags = ((r.properties as Json | undefined)?.tags ?? []) as unknown[];
      if (tags.length > 20) p.push(`[limits] rule ${String(r.id)} has ${tags.length} tags > 20`);
    });
    const auto = run.automationDetails as Json | undefined;
    if (auto !== undefined && (typeof auto.id !== 'string' || auto.id === '')) p.push('[support] automationDetails.id must be a non-empty string');
    const results = (run.results ?? []) as Json[];
    if (!Array.isArray(run.results)) p.push(`[support] runs[${ri}].results must be an array`);
    if (results.length > 25_000) p.push(`[limits] ${results.length} results > 25,000`);
    results.forEach((r, i) => {
      const at = `results[${i}] (${String(r.ruleId)})`;
      if (typeof r.ruleId !== 'string' || !ruleIds.includes(r.ruleId)) p.push(`[support] ${at}: ruleId must name a rule`);
      if (r.ruleIndex !== undefined && rules[r.ruleIndex as number]?.id !== r.ruleId) p.push(`[support] ${at}: ruleIndex does not point at ruleId`);
      const text = (r.message as Json | undefined)?.text;
      if (typeof text !== 'string' || text.trim() === '') p.push(`[sdk GH1007] ${at}: message.text is required`);
      if (r.kind !== undefined && !KINDS.includes(r.kind as string)) p.push(`[spec] ${at}: kind "${String(r.kind)}"`);
      if (r.level !== undefined && !LEVELS.includes(r.level as string)) p.push(`[spec] ${at}: level "${String(r.level)}"`);
      if (r.kind !== undefined && r.kind !== 'fail' && r.level !== undefined && r.level !== 'none') p.push(`[spec] ${at}: kind ${String(r.kind)} needs level none`);
      const locations = r.locations as Json[] | undefined;
      if (!Array.isArray(locations) || locations.length === 0) p.push(`[support] ${at}: at least one location is required`);
      else if (locations.length > 1000) p.push(`[limits] ${at}: ${locations.length} locations > 1,000`);
      for (const loc of locations ?? []) {
        const phys = loc.physicalLocation as Json | undefined;
        const uri = (phys?.artifactLocation as Json | undefined)?.uri;
        if (typeof uri !== 'string' || uri === '') {
          p.push(`[sdk GH1001] ${at}: expected artifact location (physicalLocation.artifactLocation.uri)`);
          continue;
        }
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.split('/').includes('..')) p.push(`[sdk GH1005] ${at}: uri "${uri}" is not relative`);
        const start = (phys?.region as Json | undefined)?.startLine;
        if (!Number.isInteger(start) || (start as number) < 1) p.push(`[sdk GH1003] ${at}: region.startLine is required`);
      }
      const fp = r.partialFingerprints as Json | undefined;
      if (fp !== undefined && (typeof fp !== 'object' || Object.values(fp).some((v) => typeof v !== 'string'))) p.push(`[support] ${at}: partialFingerprints values must be strings`);
    });
  });
  if (gzipSync(JSON.stringify(doc)).length > 10 * 1024 * 1024) p.push('[limits] larger than 10 MB gzipped');
  return p;
}

describe('the rule checker itself', () => {
  it('rejects a result with only a logical location, an absolute uri and a review at level note', () => {
    const doc = {
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 't', rules: [{ id: 'a' }] } },
        results: [
          { ruleId: 'a', message: { text: 'x' }, locations: [{ logicalLocations: [{ name: 'acme' }] }] },
          { ruleId: 'a', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'https://sentry.io/x' }, region: { startLine: 1 } } }] },
          { ruleId: 'a', kind: 'review', level: 'note', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a/b' } } }] },
          { ruleId: 'b', message: { id: 'm' }, locations: [] },
        ],
      }],
    };
    const problems = githubSarifProblems(doc).join('\n');
    expect(problems).toContain('expected artifact location');
    expect(problems).toContain('is not relative');
    expect(problems).toContain('kind review needs level none');
    expect(problems).toContain('region.startLine is required');
    expect(problems).toContain('ruleId must name a rule');
    expect(problems).toContain('message.text is required');
    expect(problems).toContain('at least one location is required');
  });
});

describe('verify --format sarif of the demo org meets GitHub code scanning rules', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });
  afterAll(async () => sim.close());

  async function sarif(level: Level): Promise<Json> {
    const c = tempIo(simEnv(sim));
    expect(await runVerify(globalOptions({ level, format: 'sarif' }), c.io)).toBe(1);
    return JSON.parse(c.out()) as Json;
  }
  const resultsOf = (doc: Json): Json[] => ((doc.runs as Json[])[0]!.results as Json[]);

  for (const level of ['L1', 'L2', 'L3'] as const) {
    it(`at ${level}: no problem, a relative uri per result, review for manual checks`, async () => {
      const doc = await sarif(level);
      expect(githubSarifProblems(doc)).toEqual([]);
      const results = resultsOf(doc);
      expect(results.length).toBeGreaterThan(10);
      for (const r of results) {
        const loc = (r.locations as Json[])[0]!;
        expect(((loc.physicalLocation as Json).artifactLocation as Json).uri).toMatch(/^sentry\/acme\/[a-z-]+(\/|$)/);
      }
      // 3.1.4 (PII review) is manual on the demo org: a review, not a failure
      const manual = results.filter((r) => r.ruleId === '3.1.4');
      expect(manual).toHaveLength(1);
      expect(manual[0]).toMatchObject({ kind: 'review', level: 'none' });
      expect((doc.runs as Json[])[0]!.automationDetails).toEqual({ id: automationId('acme', level) });
    });
  }

  it('fingerprints are unique within a run and identical on a re-run (alerts update, not duplicate)', async () => {
    const first = resultsOf(await sarif('L3'));
    const again = resultsOf(await sarif('L3'));
    const fps = (rs: Json[]): string[] => rs.map((r) => (r.partialFingerprints as Record<string, string>)[FINGERPRINT_KEY]!);
    expect(new Set(fps(first)).size).toBe(first.length);
    expect(fps(again)).toEqual(fps(first));
  });

  it('automationDetails.id differs per organization and per level', () => {
    const ids = new Set(['acme', 'globex'].flatMap((org) => ['L1', 'L2', 'L3'].map((l) => automationId(org, l))));
    expect(ids.size).toBe(6);
  });
});
