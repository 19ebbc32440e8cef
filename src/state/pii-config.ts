// Advanced Data Scrubbing (`relayPiiConfig`, projects.md §5.2-5.4): a JSON string that a PUT
// replaces whole. The tool parses it, recognises rules whatever their names (Sentry's web UI
// renames rules to "0", "1", ...), merges the required rules in without touching the user's,
// validates what Relay would accept but not check (redaction methods), and writes a string back.

import { redactString } from '../secrets.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const REDACTION_METHODS = ['remove', 'replace', 'mask', 'hash'] as const;
export type RedactionMethod = (typeof REDACTION_METHODS)[number];

/**
 * The one list of PII rule types: Relay's `RuleType` (relay-pii src/config.rs), serde
 * `snake_case` (so `UrlAuth` is `url_auth`, `UsSsn` is `us_ssn`), plus its serde alias
 * `redactPair`. `@urlauth` / `@usssn` are names of built-in rules (relay-pii src/builtin.rs), not
 * types. Any other type is one this tool cannot judge: checks say so (`manual`), apply refuses.
 */
export const PII_RULE_TYPES: ReadonlySet<string> = new Set([
  'anything', 'pattern', 'imei', 'mac', 'uuid', 'email', 'ip', 'creditcard', 'iban', 'userpath',
  'pemkey', 'url_auth', 'us_ssn', 'bearer', 'password', 'redact_pair', 'redactPair', 'multiple', 'alias',
]);

export const PII_CONFIG_SOURCES = [
  'getsentry/relay:relay-pii/src/config.rs',
  'getsentry/relay:relay-pii/src/redactions.rs',
  'getsentry/relay:relay-pii/src/builtin.rs',
  'getsentry/relay:relay-pii/src/compiledconfig.rs',
  'getsentry/relay:relay-pii/src/selector.rs',
  'getsentry/sentry:src/sentry/datascrubbing.py',
] as const;

/** Rules whose `type` is not one of Relay's rule types (name and type as found). */
export function unknownRuleTypes(config: PiiConfig): { name: string; type: unknown }[] {
  const rules = config.rules;
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return [];
  return Object.entries(rules)
    .filter(([, r]) => r && typeof r === 'object' && !(typeof r.type === 'string' && PII_RULE_TYPES.has(r.type)))
    .map(([name, r]) => ({ name, type: r?.type }));
}

export interface PiiRedaction {
  method?: string;
  text?: string;
  [k: string]: unknown;
}

export interface PiiRule {
  type: string;
  redaction?: PiiRedaction;
  [k: string]: unknown;
}

export interface PiiConfig {
  rules?: Record<string, PiiRule>;
  vars?: { hashKey?: string; [k: string]: unknown };
  applications?: Record<string, string[]>;
  [k: string]: unknown;
}

export interface RequiredPiiRule {
  type: string;
  method: RedactionMethod;
  selector: string;
  /** replacement text for `replace` rules the tool creates */
  text?: string;
}

/** The advanced rules of POLICY.md 3.1.9. */
export const REQUIRED_PII_RULES: readonly RequiredPiiRule[] = [
  { type: 'creditcard', method: 'mask', selector: '$string' },
  { type: 'iban', method: 'replace', selector: '$string', text: '[iban]' },
  { type: 'anything', method: 'remove', selector: '$http.headers.authorization' },
  { type: 'anything', method: 'remove', selector: '$http.headers.x-api-key' },
  { type: 'anything', method: 'remove', selector: '$http.cookies' },
  { type: 'anything', method: 'remove', selector: '**.password' },
];

export function describePiiRule(r: RequiredPiiRule): string {
  return `${r.type} (${r.method}) on ${r.selector}`;
}

export type ParsedPiiConfig = { ok: true; config: PiiConfig } | { ok: false; error: string };

/** null and "" (cleared) are an empty config. */
export function parsePiiConfig(raw: string | null | undefined): ParsedPiiConfig {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: true, config: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `relayPiiConfig is not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'relayPiiConfig is not a JSON object' };
  }
  return { ok: true, config: value as PiiConfig };
}

export function serializePiiConfig(config: PiiConfig): string {
  return JSON.stringify(config);
}

/** Default redaction of the built-in rules (`@type` without a suffix), projects.md §5.2. */
const BUILTIN_DEFAULT_METHOD: Record<string, string> = {
  anything: 'replace', ip: 'replace', imei: 'replace', mac: 'mask', uuid: 'mask', email: 'replace',
  iban: 'replace', creditcard: 'replace', pemkey: 'replace', urlauth: 'replace', usssn: 'mask',
  userpath: 'replace', password: 'remove',
};
const BUILTIN_TYPE: Record<string, string> = { urlauth: 'url_auth', usssn: 'us_ssn' };

/** Type and method a rule reference stands for: a config rule or a built-in like `@creditcard:mask`. */
function resolveRule(config: PiiConfig, name: string): { type: string; method: string | undefined } | null {
  // Relay looks a name up in the config's rules first and only then among the built-ins
  // (compiledconfig.rs `get_rule`): a rule of the config named like a built-in is that rule, and
  // one that is not an object is no rule at all (Relay cannot deserialise it as a `RuleSpec`).
  if (config.rules && Object.hasOwn(config.rules, name)) {
    const rule = config.rules[name];
    if (!isObject(rule)) return null;
    const type = rule.type === 'redactPair' ? 'redact_pair' : rule.type;
    return { type, method: rule.redaction?.method };
  }
  const m = /^@([a-z]+)(?::([a-z]+))?$/.exec(name);
  if (!m || m[1] === undefined) return null;
  const base = m[1];
  const defaultMethod = Object.hasOwn(BUILTIN_DEFAULT_METHOD, base) ? BUILTIN_DEFAULT_METHOD[base] : undefined;
  if (defaultMethod === undefined) return null;
  // `@imei:mask` actually hashes (relay builtin.rs), so it is not a mask rule; the `:filter`
  // variants replace the match with "[Filtered]" (the data-scrubber defaults), a `replace`.
  const suffix = m[2];
  const method = suffix === undefined ? defaultMethod
    : base === 'imei' && suffix === 'mask' ? 'hash'
      : suffix === 'filter' ? 'replace'
        : suffix;
  return { type: BUILTIN_TYPE[base] ?? base, method };
}

function appliedRuleNames(config: PiiConfig, selector: string): string[] {
  const apps = config.applications ?? {};
  const out: string[] = [];
  for (const [sel, names] of Object.entries(apps)) {
    if (sel.trim() === selector && Array.isArray(names)) out.push(...names.filter((n): n is string => typeof n === 'string'));
  }
  return out;
}

/** Some rule with the same type and redaction method is applied to the same selector. */
export function hasPiiRule(config: PiiConfig, required: RequiredPiiRule): boolean {
  return appliedRuleNames(config, required.selector).some((name) => {
    const r = resolveRule(config, name);
    return r !== null && r.type === required.type && r.method === required.method;
  });
}

export function missingPiiRules(config: PiiConfig, required: readonly RequiredPiiRule[] = REQUIRED_PII_RULES): RequiredPiiRule[] {
  return required.filter((r) => !hasPiiRule(config, r));
}

function freshRuleName(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name); i += 1) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** A rule defined in the config that has exactly this type and method and no other parameters. */
function reusableRule(config: PiiConfig, type: string, method: string): string | undefined {
  return Object.entries(config.rules ?? {}).find(([, rule]) => {
    if (!rule || typeof rule !== 'object') return false;
    const extra = Object.keys(rule).filter((k) => k !== 'type' && k !== 'redaction');
    return rule.type === type && rule.redaction?.method === method && extra.length === 0;
  })?.[0];
}

/**
 * A new config with every missing required rule applied. Existing rules, applications, vars and
 * unknown keys are kept as they are; new rules get names that do not collide with existing ones,
 * and an existing plain rule of the same type and method is reused rather than duplicated.
 */
export function mergePiiRules(config: PiiConfig, required: readonly RequiredPiiRule[] = REQUIRED_PII_RULES): PiiConfig {
  const missing = missingPiiRules(config, required);
  if (missing.length === 0) return config;
  const rules: Record<string, PiiRule> = { ...(config.rules ?? {}) };
  const applications: Record<string, string[]> = {};
  for (const [sel, names] of Object.entries(config.applications ?? {})) applications[sel] = Array.isArray(names) ? [...names] : names;
  const taken = new Set(Object.keys(rules));
  const byKind = new Map<string, string>();
  for (const req of missing) {
    const kind = `${req.type}:${req.method}`;
    let name = byKind.get(kind) ?? reusableRule({ rules }, req.type, req.method);
    if (name === undefined) {
      name = freshRuleName(taken, `sentry-harden-${req.type}-${req.method}`);
      const redaction: PiiRedaction = { method: req.method };
      if (req.method === 'replace' && req.text !== undefined) redaction.text = req.text;
      rules[name] = { type: req.type, redaction };
    }
    byKind.set(kind, name);
    const selector = Object.keys(applications).find((s) => s.trim() === req.selector) ?? req.selector;
    const existing = applications[selector];
    const list = Array.isArray(existing) ? existing : [];
    if (!list.includes(name)) list.push(name);
    applications[selector] = list;
  }
  return { ...config, rules, applications };
}

interface PiiConfigProblem {
  message: string;
  /**
   * Relay cannot deserialise a config with this problem, so it applies none of its rules (and
   * Sentry refuses to save it: sentry datascrubbing.py `validate_pii_config_update` calls Relay's
   * `validate_pii_config`, which is serde's reading of `PiiConfig`, relay-pii src/config.rs).
   * The others Relay loads and skips: an unknown redaction method is `Redaction::Other`
   * (redactions.rs, test_redaction_deser_other), a name that is no rule is left out
   * (compiledconfig.rs `collect_rules`).
   */
  blocksLoad: boolean;
}

function piiConfigProblems(config: PiiConfig): PiiConfigProblem[] {
  const problems: PiiConfigProblem[] = [];
  const add = (message: string, blocksLoad = true): void => { problems.push({ message, blocksLoad }); };
  // `rules` and `applications` are maps (`#[serde(default)]` only covers a missing key, not null)
  const rules = config.rules === undefined ? {} : config.rules;
  if (!isObject(rules)) return [{ message: '"rules" must be an object', blocksLoad: true }];
  for (const [name, rule] of Object.entries(rules)) {
    // `RuleSpec` is a struct: a string, list or null is not a rule
    if (!isObject(rule)) {
      add(`rule "${name}" must be an object`);
      continue;
    }
    if (typeof rule.type !== 'string' || !PII_RULE_TYPES.has(rule.type)) {
      // without a string `type` there is no `RuleType` tag; a type string this tool does not
      // know may be one of a newer Relay, so it is judged by a person (3.1.9: manual)
      add(`rule "${name}" has unknown type ${JSON.stringify(rule.type)}`, typeof rule.type !== 'string');
    } else if (rule.type === 'pattern' && typeof rule['pattern'] !== 'string') {
      add(`rule "${name}" (pattern) needs a "pattern" string`);
    } else if ((rule.type === 'redact_pair' || rule.type === 'redactPair') && typeof rule['keyPattern'] !== 'string') {
      add(`rule "${name}" (redact_pair) needs a "keyPattern" string`);
    } else if (rule.type === 'multiple' && !(Array.isArray(rule['rules']) && rule['rules'].every((r) => typeof r === 'string'))) {
      add(`rule "${name}" (multiple) needs a "rules" list of rule names`);
    } else if (rule.type === 'alias' && typeof rule['rule'] !== 'string') {
      add(`rule "${name}" (alias) needs a "rule" name`);
    }
    const redaction = rule.redaction;
    if (redaction !== undefined) {
      if (!isObject(redaction)) {
        add(`rule "${name}": "redaction" must be an object`);
      } else if (redaction.method === undefined) {
        // Relay's `Redaction` is tagged by `method`: an object without it does not deserialise
        // (leaving out `redaction` altogether is the default redaction)
        add(`rule "${name}": "redaction" has no "method" (allowed: ${REDACTION_METHODS.join(', ')})`);
      } else if (!(REDACTION_METHODS as readonly string[]).includes(String(redaction.method))) {
        add(`rule "${name}" has unknown redaction method ${JSON.stringify(redaction.method)} (allowed: ${REDACTION_METHODS.join(', ')})`, false);
      }
    }
  }
  const apps = config.applications === undefined ? {} : config.applications;
  if (!isObject(apps)) {
    add('"applications" must be an object');
    return problems;
  }
  for (const [selector, names] of Object.entries(apps)) {
    // selectors are parsed while deserialising (selector.rs, `impl_str_serde!`)
    if (selector.trim() === '') add('an application has an empty selector');
    if ((selector.match(/\*\*/g) ?? []).length > 1) add(`selector "${selector}" uses the deep wildcard ** more than once`);
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      add(`application "${selector}" must be a list of rule names`);
      continue;
    }
    for (const n of names) {
      if (!Object.hasOwn(rules, n) && !n.startsWith('@')) {
        add(`application "${selector}" refers to undefined rule "${n}"`, false);
      }
    }
  }
  return problems;
}

/** What Relay would reject, plus what it would silently accept but not apply (unknown methods). */
export function validatePiiConfig(config: PiiConfig): string[] {
  return piiConfigProblems(config).map((p) => p.message);
}

/** The problems for which Relay cannot load the config at all, so that none of its rules apply. */
export function relayLoadProblems(config: PiiConfig): string[] {
  return piiConfigProblems(config).filter((p) => p.blocksLoad).map((p) => p.message);
}

/** validatePiiConfig of a config as the API carries it (a JSON string; null or "" = none). */
export function validatePiiConfigText(text: string | null): string[] {
  if (text === null || text.trim() === '') return [];
  const parsed = parsePiiConfig(text);
  return parsed.ok ? validatePiiConfig(parsed.config) : [parsed.error];
}

/** The config text with `vars.hashKey` (a secret) replaced by its digest marker (src/secrets.ts). */
export function redactPiiConfigText(raw: string | null): string | null {
  return raw === null ? null : redactString(raw);
}
