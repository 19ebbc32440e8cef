// parsePolicy (POLICY.md "Policy file"): every parameter's bounds, the error naming the key, and
// the defaults as behaviour (what a default lets through and what it rejects), issue 21.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../steps/policy.js';

function error(raw: unknown): string {
  try {
    parsePolicy(raw, 'p.json');
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('parsePolicy accepted it');
}

describe('parsePolicy', () => {
  it('returns the defaults for an empty file and overrides only what the file sets', () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    const p = parsePolicy({ maxOwners: 5, demoteOwners: [' a@x.test '] });
    expect(p).toEqual({ ...DEFAULT_POLICY, maxOwners: 5, demoteOwners: ['a@x.test'] });
  });

  it('wants a JSON object', () => {
    for (const raw of [null, [], 'x', 3]) {
      expect(error(raw)).toBe('p.json: expected a JSON object with policy parameters (see `sentry-harden help policy`)');
    }
    expect(() => parsePolicy(null)).toThrow(/^policy file: expected a JSON object/);
  });

  it('names an unknown key and lists the allowed ones', () => {
    const msg = error({ maxOwner: 3 });
    expect(msg).toMatch(/^p\.json: unknown key "maxOwner"; allowed keys: inactiveDays, orphanProjectTeam, /);
    expect(msg).toContain('auditWindowDays');
    expect(error({ a: 1, b: 2 })).toMatch(/^p\.json: unknown key "a", "b"; /);
  });

  it('names the key (and nested path) of a wrong value', () => {
    expect(error({ maxOwners: 'three' })).toMatch(/^p\.json: "maxOwners" /);
    expect(error({ keyRateLimit: { window: 60, count: 0 } })).toMatch(/^p\.json: "keyRateLimit\.count" /);
    expect(error({ allowedDomains: { web: [''] } })).toMatch(/^p\.json: "allowedDomains\.web\.0" /);
    // an unknown key inside a parameter names that parameter, not the top-level key list
    expect(error({ keyRateLimit: { window: 60, count: 10, burst: 1 } })).toBe('p.json: "keyRateLimit" has unknown key "burst" (see `sentry-harden help policy`)');
    expect(error({ keyRateLimit: { window: 60, count: 10, burst: 1, per: 's' } })).toBe('p.json: "keyRateLimit" has unknown key "burst", "per" (see `sentry-harden help policy`)');
  });

  it('bounds the numbers', () => {
    const ok = (raw: Record<string, unknown>) => expect(() => parsePolicy(raw), JSON.stringify(raw)).not.toThrow();
    const bad = (raw: Record<string, unknown>) => expect(() => parsePolicy(raw), JSON.stringify(raw)).toThrow(PolicyError);
    ok({ maxOwners: 1, minOwners: 1 });
    bad({ maxOwners: 0 });
    bad({ minOwners: 0 });
    bad({ maxOwners: 2.5 });
    ok({ maxInviteAgeDays: 0 });
    bad({ maxInviteAgeDays: -1 });
    ok({ inactiveDays: 1 });
    bad({ inactiveDays: 0 });
    ok({ keyRateLimit: { window: 1, count: 1 } });
    ok({ keyRateLimit: { window: 86_400, count: 1 } });
    bad({ keyRateLimit: { window: 86_401, count: 1 } });
    bad({ keyRateLimit: { window: 0, count: 1 } });
    bad({ keyRateLimit: { window: 60.5, count: 1 } });
    bad({ keyRateLimit: { window: 60, count: 1.5 } });
    ok({ maxTeamsPerProductionProject: 1 });
    bad({ maxTeamsPerProductionProject: 0 });
    ok({ maxKeyAgeDays: 1 });
    bad({ maxKeyAgeDays: 0 });
    ok({ auditWindowDays: 1 });
    ok({ auditWindowDays: 365 });
    bad({ auditWindowDays: 0 });
    bad({ auditWindowDays: 366 });
  });

  it('trims list entries and rejects empty ones', () => {
    expect(parsePolicy({ sensitiveFields: [' ssn '] }).sensitiveFields).toEqual(['ssn']);
    expect(error({ sensitiveFields: ['  '] })).toMatch(/"sensitiveFields\.0"/);
    expect(error({ allowedSafeFields: [''] })).toMatch(/"allowedSafeFields\.0"/);
    expect(error({ demoteOwners: [''] })).toMatch(/"demoteOwners\.0"/);
    expect(parsePolicy({ orphanProjectTeam: ' platform ' }).orphanProjectTeam).toBe('platform');
    expect(error({ orphanProjectTeam: ' ' })).toMatch(/"orphanProjectTeam"/);
  });

  it('takes blockedIps as one list or as a list per project', () => {
    expect(parsePolicy({ blockedIps: ['10.0.0.1'] }).blockedIps).toEqual(['10.0.0.1']);
    expect(parsePolicy({ blockedIps: { web: ['10.0.0.0/8'] } }).blockedIps).toEqual({ web: ['10.0.0.0/8'] });
    expect(() => parsePolicy({ blockedIps: 'x' })).toThrow(PolicyError);
  });

  it('rejects a productionPattern that is not a regular expression', () => {
    expect(error({ productionPattern: '(' })).toBe('p.json: "productionPattern" not a valid regular expression (see `sentry-harden help policy`)');
    expect(parsePolicy({ productionPattern: '^live$' }).productionPattern).toBe('^live$');
  });

  it('allows minOwners equal to maxOwners and rejects more', () => {
    expect(parsePolicy({ minOwners: 3, maxOwners: 3 }).minOwners).toBe(3);
    expect(error({ minOwners: 4 })).toBe('p.json: "minOwners" (4) must not exceed "maxOwners" (3)');
  });
});

describe('default policy as behaviour', () => {
  const prod = new RegExp(DEFAULT_POLICY.productionPattern);

  it('recognises production slugs as POLICY.md 2.2.2 describes, and not look-alikes', () => {
    for (const slug of ['prod', 'production', 'api-prod', 'prod_web', 'web-production-eu']) expect(prod.test(slug), slug).toBe(true);
    for (const slug of ['product', 'preprod', 'prods', 'reproduction', 'staging']) expect(prod.test(slug), slug).toBe(false);
  });
});

// acceptedRisks entries (README.md "Accepted risks"): a date that is not YYYY-MM-DD or not a
// calendar date, a missing/empty reason or owner, an empty check or resource, an unknown key
// inside an entry: each names its key (exit 2, one line).
describe('parsePolicy: acceptedRisks entries', () => {
  const base = { check: '3.1.7', reason: 'support portal', owner: 'alex@acme.test', expires: '2027-06-30' };
  const risks = (over: Record<string, unknown>) => ({ acceptedRisks: [{ ...base, ...over }] });

  it('takes a valid entry, trimmed, with or without a resource', () => {
    expect(parsePolicy({ acceptedRisks: [{ check: ' 3.1.7 ', reason: ' why ', owner: ' me ', expires: '2027-06-30', resource: ' web ' }] }).acceptedRisks)
      .toEqual([{ check: '3.1.7', reason: 'why', owner: 'me', expires: '2027-06-30', resource: 'web' }]);
    expect(parsePolicy({ acceptedRisks: [base] }).acceptedRisks).toEqual([base]);
  });

  it('expires: a calendar date YYYY-MM-DD (leap days only in leap years)', () => {
    expect(parsePolicy(risks({ expires: '2028-02-29' })).acceptedRisks[0]?.expires).toBe('2028-02-29');
    expect(error(risks({ expires: '2026-02-29' }))).toBe('p.json: "acceptedRisks.0.expires" is not a calendar date (see `sentry-harden help policy`)');
    expect(error(risks({ expires: '2026-02-30' }))).toBe('p.json: "acceptedRisks.0.expires" is not a calendar date (see `sentry-harden help policy`)');
    expect(error(risks({ expires: '2026-13-01' }))).toBe('p.json: "acceptedRisks.0.expires" is not a calendar date (see `sentry-harden help policy`)');
    for (const expires of ['2026-2-3', '2026-02-03T00:00:00Z', ' 2026-02-03', '20260203', 'x2026-02-03']) {
      expect(error(risks({ expires })), expires).toBe('p.json: "acceptedRisks.0.expires" must be a date YYYY-MM-DD (see `sentry-harden help policy`)');
    }
  });

  it('reason and owner are required and not empty', () => {
    const { reason: _r, ...noReason } = base;
    const { owner: _o, ...noOwner } = base;
    expect(error({ acceptedRisks: [noReason] })).toBe('p.json: "acceptedRisks.0.reason" is required (why the risk is accepted) (see `sentry-harden help policy`)');
    expect(error({ acceptedRisks: [noOwner] })).toBe('p.json: "acceptedRisks.0.owner" is required (who accepted the risk) (see `sentry-harden help policy`)');
    expect(error(risks({ reason: '  ' }))).toBe('p.json: "acceptedRisks.0.reason" must not be empty (see `sentry-harden help policy`)');
    expect(error(risks({ owner: '' }))).toBe('p.json: "acceptedRisks.0.owner" must not be empty (see `sentry-harden help policy`)');
  });

  it('an empty check or resource, or an unknown key in an entry, is refused naming it', () => {
    expect(error(risks({ check: ' ' }))).toMatch(/^p\.json: "acceptedRisks\.0\.check" /);
    expect(error(risks({ resource: ' ' }))).toMatch(/^p\.json: "acceptedRisks\.0\.resource" /);
    expect(error(risks({ until: '2027-01-01' }))).toBe('p.json: "acceptedRisks.0" has unknown key "until" (see `sentry-harden help policy`)');
    expect(error({ acceptedRisks: [base, { ...base, expires: 'never' }] })).toMatch(/^p\.json: "acceptedRisks\.1\.expires" /);
  });

  it('"$schema" (for editors) is allowed and not kept', () => {
    const p = parsePolicy({ $schema: './policy.schema.json', maxOwners: 4 });
    expect(p).toEqual({ ...DEFAULT_POLICY, maxOwners: 4 });
  });
});
