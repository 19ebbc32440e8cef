// The bad-input table (issue 17): each bad flag, policy file, snapshot file or server answer to
// the organization read, run through the command line (main) over real HTTP against the
// simulator. Each must end with exit 2, one line (a second only pointing at usage), no stack
// trace, nothing written (the working folder and the preferences folder are unchanged) and no
// write sent to the server.

import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usage } from '../../src/cli-help.js';
import { main } from '../../src/main.js';
import { startSimulator, type FaultKind, type RunningSimulator } from '../../src/simulator/index.js';
import { homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
/** a working folder with one finished apply session, copied for each case */
let template: string;
let sessionId: string;
const prefsDir = mkdtempSync(path.join(tmpdir(), 'sh-bad-prefs-'));
const savedConfigDir = process.env.SENTRY_HARDEN_CONFIG_DIR;
const table: string[] = [];

beforeAll(async () => {
  // preferences (the session registry) go to a folder this test watches
  process.env.SENTRY_HARDEN_CONFIG_DIR = prefsDir;
  sim = await startSimulator({ seed: 'demo' });
  template = mkdtempSync(path.join(tmpdir(), 'sh-bad-'));
  const io = homeIo(template, env());
  expect([0, 1]).toContain(await main(['apply', '--yes', '--level', 'L1'], io));
  sessionId = /Snapshot session (\S+)/.exec(io.out())![1]!;
  writeFileSync(path.join(template, 'not-json.json'), '{"maxOwners": 3,');
  writeFileSync(path.join(template, 'unknown-key.json'), '{"maxOwnerz": 3}');
  writeFileSync(path.join(template, 'wrong-type.json'), '{"maxOwners": "three"}');
}, 60_000);

afterAll(async () => {
  await sim.close();
  if (savedConfigDir === undefined) delete process.env.SENTRY_HARDEN_CONFIG_DIR;
  else process.env.SENTRY_HARDEN_CONFIG_DIR = savedConfigDir;
  console.log(`bad-input table:\n${table.join('\n')}`);
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token, ...extra };
}

/** every file and folder under `dir` with size and modification time */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .sort()
    .map((rel) => {
      const st = statSync(path.join(dir, rel));
      return `${rel} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`;
    });
}

function sessionDir(cwd: string): string {
  return path.join(cwd, 'snapshots', 'acme', sessionId);
}

interface Case {
  name: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** changes the copied working folder before the run */
  setup?: (cwd: string) => void;
  /** a fault on the organization read (GET /api/0/organizations/acme/) */
  fault?: FaultKind;
  line: RegExp;
}

const APPLY = ['apply', '--yes', '--level', 'L2'];

const CASES: Case[] = [
  { name: 'unknown command', argv: ['frobnicate'], line: /unknown command "frobnicate"/ },
  { name: 'unknown flag', argv: ['apply', '--yes', '--bogus'], line: /unknown option --bogus/ },
  { name: 'bad level', argv: ['apply', '--yes', '--level', 'L4'], line: /--level must be one of L1, L2, L3, got "L4"/ },
  { name: 'bad format', argv: ['verify', '--format', 'xml'], line: /--format must be one of table, json, markdown, sarif, junit, html, got "xml"/ },
  { name: 'bad ids (--only)', argv: ['apply', '--yes', '--only', '9.9'], line: /--only: unknown control or check id "9\.9"; run `sentry-harden controls`/ },
  { name: 'bad ids (--allow-risky)', argv: [...APPLY, '--allow-risky', '2.1.2'], line: /--allow-risky: 2\.1\.2 has no risky changes/ },
  { name: 'policy file missing', argv: [...APPLY, '--policy', 'missing.json'], line: /--policy missing\.json: cannot read the file: no such file/ },
  { name: 'policy file not JSON', argv: [...APPLY, '--policy', 'not-json.json'], line: /--policy not-json\.json: not valid JSON/ },
  { name: 'policy unknown key', argv: [...APPLY, '--policy', 'unknown-key.json'], line: /unknown key "maxOwnerz"; allowed keys: / },
  { name: 'policy wrong type', argv: [...APPLY, '--policy', 'wrong-type.json'], line: /"maxOwners" .*number/i },
  { name: 'snapshot id unknown', argv: ['rollback', '20990101T000000Z-deadbeef', '--yes'], line: /20990101T000000Z-deadbeef/ },
  {
    name: 'journal cut in half',
    argv: ['rollback', '@SESSION', '--yes'],
    setup: (cwd) => {
      const f = path.join(sessionDir(cwd), 'entries', '0001.json');
      truncateSync(f, Math.floor(statSync(f).size / 2));
    },
    line: /Snapshot entry is corrupt \(not JSON\): .*0001\.json\. Nothing was sent/,
  },
  {
    name: 'unknown schema version',
    argv: ['rollback', '@SESSION', '--yes'],
    setup: (cwd) => {
      const f = path.join(sessionDir(cwd), 'manifest.json');
      writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), schemaVersion: 99 }));
    },
    line: /has schema version 99; this sentry-harden .* reads version \d+\. Use the sentry-harden version that wrote it\. Nothing was sent/,
  },
  {
    name: 'hand-edited sealed entry',
    argv: ['rollback', '@SESSION', '--yes'],
    setup: (cwd) => {
      const f = path.join(sessionDir(cwd), 'entries', '0001.json');
      const e = JSON.parse(readFileSync(f, 'utf8')) as { fields: { before: unknown }[] };
      e.fields[0]!.before = 'edited by hand';
      writeFileSync(f, JSON.stringify(e, null, 2));
    },
    line: /Snapshot entry .*0001\.json was altered \(its sha-256 does not match\)\. Nothing was sent/,
  },
  { name: 'bad URL (scheme)', argv: [...APPLY, '--url', 'ftp://sentry.example.com'], line: /Invalid Sentry URL from --url: only http:\/\/ and https:\/\/ are supported/ },
  { name: 'bad URL (not a URL)', argv: [...APPLY, '--url', 'sentry example'], line: /Invalid Sentry URL from --url: it must start with https:\/\// },
  { name: 'bad URL (clear text)', argv: [...APPLY, '--url', 'http://sentry.internal.example'], line: /Refusing to send the auth token in clear text/ },
  { name: 'bad --timeout', argv: [...APPLY, '--timeout', 'soon'], line: /--timeout expects seconds/ },
  { name: 'org read: HTML page', argv: APPLY, fault: 'html', line: /not JSON \(text\/html.*\); is http:\/\/127\.0\.0\.1:\d+ a Sentry server\?.*Check SENTRY_URL/ },
  { name: 'org read: truncated JSON', argv: APPLY, fault: 'truncated', line: /not JSON \(application\/json\).*Check SENTRY_URL/ },
  { name: 'org read: empty body', argv: APPLY, fault: 'empty', line: /GET organizations\/acme\/.*(empty|expected)/i },
  { name: 'org read: wrong shape', argv: APPLY, fault: 'wrong-shape', line: /GET organizations\/acme\/.*(unexpected|expected)/i },
  { name: 'org read: 500', argv: APPLY, fault: 500, line: /500/ },
  { name: 'org read: 401', argv: APPLY, fault: 401, line: /rejected the auth token from SENTRY_AUTH_TOKEN \(401\).*Create a user auth token/ },
  {
    name: 'org read: never answers',
    argv: APPLY,
    env: { SENTRY_HARDEN_TIMEOUT: '1' },
    fault: 'hang',
    line: /did not answer GET \/api\/0\/organizations\/acme\/: no answer within 1 s \(the request timeout\)\. Check SENTRY_URL, or allow more time with --timeout SECONDS or SENTRY_HARDEN_TIMEOUT/,
  },
];

describe('bad input: exit 2, one line, nothing written, no write sent', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sh-bad-case-'));
    cpSync(template, cwd, { recursive: true });
    c.setup?.(cwd);
    const before = tree(cwd);
    const prefsBefore = tree(prefsDir);
    sim.stats.reset();
    if (c.fault !== undefined) sim.faults.failNext({ method: 'GET', path: /^\/api\/0\/organizations\/acme\/$/ }, c.fault, 10);
    const io = homeIo(cwd, env(c.env));
    // by folder: the session id alone also matches the template's copy in the recorded sessions
    const argv = c.argv.map((a) => (a === '@SESSION' ? sessionDir(cwd) : a));
    let code: number;
    try {
      code = await main(argv, io);
    } finally {
      sim.faults.clear();
    }
    const lines = io.err().replace(/\n$/, '').split('\n');
    table.push(`| ${c.name} | \`${argv.join(' ').replace(sim.token, '…')}\` | ${code} | ${lines[0]} |`);

    expect(code, io.err()).toBe(2);
    expect(lines[0]).toMatch(/^sentry-harden: /);
    expect(lines[0]).toMatch(c.line);
    expect(lines.length === 1 || (lines.length === 2 && lines[1] === usage()), io.err()).toBe(true);
    expect(io.err()).not.toMatch(/\bat .+:\d+:\d+|internal error/);
    expect(io.out()).toBe('');
    expect(io.err()).not.toContain(sim.token);
    expect(tree(cwd)).toEqual(before);
    expect(tree(prefsDir)).toEqual(prefsBefore);
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET '))).toEqual([]);
  }, 30_000);
});
