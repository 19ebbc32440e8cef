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
