// `verify --format html` in a real browser (Debian's Chromium driven by playwright-core): the
// structure and counts match the JSON report of the same run, nothing is fetched, no console
// error, hostile names stay text (no element, no script), and the print style applies.
// Without a browser the test skips saying so; in CI (CI=true) a missing browser is a failure,
// since `.ci/run` installs it (a skip there would hide a broken install step).

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { runVerify } from '../../src/commands/verify.js';
import type { JsonReport } from '../../src/report/json.js';
import { renderHtml } from '../../src/report/html.js';
import type { ControlResult } from '../../steps/types.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { failingResults, reportInput } from './fixtures.js';

const CHROMIUM = process.env.SENTRY_HARDEN_CHROMIUM ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
/** playwright-core is a devDependency; an install made before it was added lacks it */
const PLAYWRIGHT = (() => {
  try {
    return createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    return undefined;
  }
})();
const HAVE_BROWSER = existsSync(CHROMIUM) && PLAYWRIGHT !== undefined;
if (!HAVE_BROWSER && !IN_CI) {
  console.warn(`test/report/html-browser: skipped: ${PLAYWRIGHT ? `no browser at ${CHROMIUM} (apt-get install -y chromium, or set SENTRY_HARDEN_CHROMIUM)` : 'playwright-core is not installed (npm ci)'}`);
}

// The few playwright-core calls this test makes, typed here: the module is loaded by path at run
// time, so the type check does not depend on an install that has it.
interface Page {
  on(event: 'console', f: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', f: (e: Error) => void): void;
  on(event: 'request' | 'requestfailed', f: (r: { url(): string }) => void): void;
  on(event: 'dialog', f: (d: { message(): string; dismiss(): Promise<void> }) => void): void;
  goto(url: string, o: { waitUntil: 'load' }): Promise<unknown>;
  title(): Promise<string>;
  locator(selector: string): { count(): Promise<number>; textContent(): Promise<string | null>; allTextContents(): Promise<string[]>; first(): { textContent(): Promise<string | null> } };
  evaluate(expression: string): Promise<unknown>;
  emulateMedia(o: { media: 'print' | 'screen' }): Promise<void>;
  pdf(o: { format: string }): Promise<Buffer>;
  screenshot(o: { path: string; fullPage: boolean }): Promise<Buffer>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const { sim: startSim } = closedAfterEach();
const NOW = new Date('2026-12-06T12:00:00Z');
const RISKS = [
  { check: '3.1.7', reason: 'public sharing needed for the support portal', owner: 'alex@acme.example', expires: '2027-06-30' },
  { check: '3.1.8', reason: 'rollout pending', owner: 'blake@acme.example', expires: '2026-12-05' },
];

interface Loaded {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  failed: string[];
  dialogs: string[];
}

describe.skipIf(!HAVE_BROWSER && !IN_CI)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!HAVE_BROWSER) throw new Error(`CI=true but no browser at ${CHROMIUM} or no playwright-core: .ci/run installs chromium, npm ci the devDependencies`);
    type Playwright = { chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } };
    const mod = (await import(pathToFileURL(PLAYWRIGHT!).href)) as Playwright & { default?: Playwright };
    const { chromium } = mod.default ?? mod;
    dir = mkdtempSync(path.join(os.tmpdir(), 'sh-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // flags from the machine notes: no sandbox as root, and no background connections (the
      // network is closed; they would fail loudly and slow the start). Playwright starts every
      // launch with a fresh temporary profile of its own (it refuses --user-data-dir here).
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function load(name: string, html: string): Promise<Loaded> {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const out: Loaded = { page, consoleErrors: [], requests: [], failed: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') out.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => out.consoleErrors.push(String(e)));
    page.on('request', (r) => out.requests.push(r.url()));
    page.on('requestfailed', (r) => out.failed.push(r.url()));
    page.on('dialog', (d) => {
      out.dialogs.push(d.message());
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    expect(out.requests).toEqual([url]); // the file itself and nothing else
    return out;
  }

  const count = (page: Page, selector: string): Promise<number> => page.locator(selector).count();

  it('a verify run against the demo org: counts match the JSON report, no console error, no fetch', async () => {
    const sim = await startSim();
    const policy = path.join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ acceptedRisks: RISKS }));
    const run = async (format: 'json' | 'html') => {
      const c = tempIo(simEnv(sim));
      const code = await runVerify(globalOptions({ level: 'L2', format, policy, probePii: true, probeSample: 50 }), c.io, { now: () => NOW });
      return { code, out: c.out() };
    };
    const json = await run('json');
    const html = await run('html');
    expect(html.code).toBe(json.code);
    const report = JSON.parse(json.out) as JsonReport;
    const { page, consoleErrors, failed, dialogs } = await load('demo.html', html.out);

    expect(await page.title()).toBe(`Sentry hardening report: ${sim.org} at L2`);
    const h2 = await page.locator('h2').allTextContents();
    expect(h2).toEqual(['Summary', 'Findings and remedies', 'Accepted risks', 'PII-leak probe', 'All checks']);
    // the summary counts are the JSON summary's
    for (const [status, n] of Object.entries(report.summary)) {
      expect(await page.locator(`#summary .counts li[data-status="${status}"] .n`).textContent(), status).toBe(String(n));
    }
    expect(await count(page, 'tr.control')).toBe(report.controls.length);
    const checks = report.controls.flatMap((c) => c.checks);
    expect(await count(page, 'tr.check-row')).toBe(checks.length);
    // one row per finding of the JSON report, each in its check's section
    expect(await count(page, 'tr.finding')).toBe(checks.reduce((n, c) => n + c.findings.length, 0));
    for (const c of checks.filter((k) => k.findings.length > 0)) {
      expect(await count(page, `section[data-check="${c.id}"] tr.finding`), c.id).toBe(c.findings.length);
    }
    const failing = checks.filter((c) => c.status === 'fail' || c.status === 'error').length;
    expect(await count(page, '#findings section.check[data-status="fail"], #findings section.check[data-status="error"]')).toBe(failing);
    // every failing check has a remedy line
    expect(await count(page, '#findings section.check[data-status="fail"] ul.remedy')).toBe(checks.filter((c) => c.status === 'fail').length);
    // accepted and expired acceptances
    expect(await count(page, 'tr.acceptance')).toBe(checks.reduce((n, c) => n + (c.acceptances?.length ?? 0), 0));
    expect(await page.locator('tr.acceptance').first().textContent()).toContain('public sharing needed for the support portal');
    expect(await count(page, 'tr.expired-acceptance')).toBe(1);
    expect(await page.locator('tr.expired-acceptance').textContent()).toContain('2026-12-05');
    // probe: one row per project and per leak, the counts add up to the JSON totals
    expect(await count(page, 'tr.probe-project')).toBe(report.probe!.projects.length);
    expect(await count(page, 'tr.probe-leak')).toBe(report.probe!.findings.length);
    const leakCounts = await page.locator('tr.probe-leak td:nth-child(4)').allTextContents();
    expect(leakCounts.reduce((n, x) => n + Number(x), 0)).toBe(report.probe!.totals.leaks);
    expect(report.probe!.totals.leaks).toBeGreaterThan(0);

    expect(consoleErrors).toEqual([]);
    expect(failed).toEqual([]);
    expect(dialogs).toEqual([]);

    // printed: the print style applies (no width cap, header row repeated) and a PDF renders
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('none');
    expect(await page.evaluate("getComputedStyle(document.querySelector('thead')).display")).toBe('table-header-group');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    if (process.env.SENTRY_HARDEN_SCREENSHOT) await page.screenshot({ path: process.env.SENTRY_HARDEN_SCREENSHOT, fullPage: false });
  }, 120_000);

  it('hostile names from the server stay text: no element, no script, no request', async () => {
    const payload = `<img src=x onerror="alert('xss')"><script>alert('xss2')</script>"'&`;
    const results: ControlResult[] = failingResults().map((c) => ({
      ...c,
      title: `${c.title} ${payload}`,
      checks: c.checks.map((k) => ({
        ...k,
        findings: k.findings.map((f) => ({ ...f, resource: { type: 'project', id: `web${payload}`, name: payload }, message: `${f.message} ${payload}`, current: payload })),
        ...(k.id === '1.2.1' ? { acceptances: [{ check: '1.2.1', reason: payload, owner: payload, expires: '2027-01-01' }] } : {}),
      })),
    }));
    const input = {
      ...reportInput(results),
      target: { baseUrl: 'https://sentry.example', org: `acme${payload}` },
      probe: {
        sampleSize: 5,
        projects: [{ project: payload, sampled: 5, eventsWithLeaks: 1, scannedIps: false, byKind: { email: 1 } }],
        findings: [{ project: payload, path: `extra.${payload}`, kind: 'email' as const, count: 1, hint: payload, eventIds: [payload], checks: [{ id: '3.1.4', status: 'pass' as const }], verdict: 'leak-despite-pass' as const }],
        totals: { projects: 1, sampled: 5, leaks: 1, despitePass: 1, errors: 0 },
      },
      drift: {
        baseline: { savedAt: '2026-12-01T00:00:00Z', level: 'L2', org: payload },
        entries: [{ resource: `project/${payload}`, setting: payload, change: 'changed' as const, before: payload, after: payload, audit: { id: payload, event: payload, actor: payload, dateCreated: payload } }],
        checks: [],
        notes: [payload],
      },
    };
    const html = renderHtml(input);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    const { page, consoleErrors, failed, dialogs } = await load('hostile.html', html);
    expect(await count(page, 'img')).toBe(0);
    expect(await count(page, 'script')).toBe(0);
    expect(await page.locator('h1').textContent()).toBe(`Sentry hardening report: acme${payload} at L3`);
    expect(await page.locator('tr.drift').textContent()).toContain(payload);
    expect(await page.locator('tr.probe-leak').textContent()).toContain(`extra.${payload}`);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failed).toEqual([]);
  }, 60_000);
});
