// A local stand-in for Relay's PII-config validator (projects.md §5.4). Exact Relay error texts
// are UNCONFIRMED; the messages imitate serde's. Unknown redaction methods are ACCEPTED, as Relay
// deserialises them to its forward-compatible `Other` variant.

const RULE_TYPES = new Set([
  'pattern', 'imei', 'mac', 'uuid', 'email', 'ip', 'creditcard', 'iban', 'userpath', 'pemkey', 'url_auth',
  'us_ssn', 'password', 'bearer', 'redact_pair', 'redactPair', 'anything', 'multiple', 'alias', 'unknown',
]);

export function validateRelayPiiConfig(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'expected value at line 1 column 1';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'invalid type: expected struct PiiConfig at line 1 column 1';
  }
  const cfg = parsed as Record<string, unknown>;
  const rules = cfg.rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return 'invalid type: expected a map for `rules`';
  for (const [name, rule] of Object.entries(rules as Record<string, unknown>)) {
    if (typeof rule !== 'object' || rule === null) return `invalid type for rule ${name}: expected struct RuleSpec`;
    const r = rule as Record<string, unknown>;
    if (typeof r.type !== 'string' || !RULE_TYPES.has(r.type)) {
      return `unknown variant \`${String(r.type)}\`, expected one of ${[...RULE_TYPES].map((t) => `\`${t}\``).join(', ')}`;
    }
    if (r.type === 'pattern') {
      if (typeof r.pattern !== 'string') return 'missing field `pattern`';
      try {
        new RegExp(r.pattern);
      } catch (e) {
        return `regex parse error: ${(e as Error).message}`;
      }
    }
    if (r.redaction !== undefined) {
      const red = r.redaction as Record<string, unknown> | null;
      if (typeof red !== 'object' || red === null || typeof red.method !== 'string') return 'missing field `method`';
    }
  }
  const apps = cfg.applications ?? {};
  if (typeof apps !== 'object' || apps === null || Array.isArray(apps)) return 'invalid type: expected a map for `applications`';
  for (const [selector, list] of Object.entries(apps as Record<string, unknown>)) {
    if (selector.trim() === '') return 'invalid selector: empty';
    if ((selector.match(/\*\*/g) ?? []).length > 1) return 'Deep wildcard used more than once';
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) return 'invalid type: expected a sequence of rule names';
  }
  return null;
}
