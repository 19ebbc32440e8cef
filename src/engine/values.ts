// Comparing and merging setting values. Lists and relayPiiConfig are replaced whole by the API,
// so every write is read-merge-write: the plan's delta (after minus before) is applied to the
// LIVE value, never the plan's `after` as such, so nothing someone else added is dropped.

import { canonicalJson } from '../canonical-json.js';
import { redactSecrets } from '../secrets.js';
import type { PiiConfig } from '../state/pii-config.js';

const norm = (s: string): string => s.trim().toLowerCase();

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parsePii(v: unknown): PiiConfig | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v) as unknown;
      return parsed !== null && typeof parsed === 'object' ? (parsed as PiiConfig) : null;
    } catch {
      return null;
    }
  }
  return typeof v === 'object' ? (v as PiiConfig) : null;
}

/** Equal as Sentry stores them: lists as trimmed case-insensitive sets, PII configs as JSON. */
export function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field === 'relayPiiConfig') {
    const pa = parsePii(a);
    const pb = parsePii(b);
    if (pa === null || pb === null) return pa === pb || (isEmptyPii(pa) && isEmptyPii(pb));
    // the journal holds hash keys as digests (src/secrets.ts): compare both sides that way
    return canonicalJson(redactSecrets(pa)) === canonicalJson(redactSecrets(pb));
  }
  if (isStringList(a) && isStringList(b)) {
    const sa = [...new Set(a.map(norm))].sort();
    const sb = [...new Set(b.map(norm))].sort();
    return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
  }
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return canonicalJson(a) === canonicalJson(b);
  return a === b;
}

function isEmptyPii(p: PiiConfig | null): boolean {
  if (p === null) return true;
  return Object.keys(p.rules ?? {}).length === 0 && Object.keys(p.applications ?? {}).length === 0;
}

/** (live ∪ (after \ before)) \ (before \ after), keeping live's order and spelling. */
export function mergeList(live: readonly string[], before: readonly string[], after: readonly string[]): string[] {
  const b = new Set(before.map(norm));
  const a = new Set(after.map(norm));
  const removed = new Set([...b].filter((x) => !a.has(x)));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const x of live) {
    const n = norm(x);
    if (removed.has(n) || seen.has(n)) continue;
    seen.add(n);
    out.push(x);
  }
  for (const x of after) {
    const n = norm(x);
    if (b.has(n) || seen.has(n)) continue;
    seen.add(n);
    out.push(x.trim());
  }
  return out;
}

/** A rule applied to a selector, whatever the rule's name (the web UI renames rules). */
function pairs(cfg: PiiConfig | null): Map<string, { selector: string; rule: unknown }> {
  const out = new Map<string, { selector: string; rule: unknown }>();
  if (!cfg) return out;
  for (const [selector, names] of Object.entries(cfg.applications ?? {})) {
    for (const name of names ?? []) {
      const rule = cfg.rules?.[name] ?? name; // built-in rules (@password:remove) are names only
      out.set(`${selector}\u0000${canonicalJson(redactSecrets(rule))}`, { selector, rule });
    }
  }
  return out;
}

/** Merge a planned PII-config change into the live config: rule applications added or removed. */
export function mergePiiConfig(live: unknown, before: unknown, after: unknown): string | null {
  const l = parsePii(live);
  const b = pairs(parsePii(before));
  const a = pairs(parsePii(after));
  const added = [...a].filter(([k]) => !b.has(k)).map(([, v]) => v);
  const removedKeys = new Set([...b.keys()].filter((k) => !a.has(k)));
  if (added.length === 0 && removedKeys.size === 0) return l === null ? (typeof live === 'string' ? live : null) : JSON.stringify(l);
  const rules: Record<string, unknown> = { ...(l?.rules ?? {}) };
  const applications: Record<string, string[]> = {};
  for (const [sel, names] of Object.entries(l?.applications ?? {})) applications[sel] = [...(names ?? [])];
  const removedRules = new Set<string>();
  for (const [sel, names] of Object.entries(applications)) {
    applications[sel] = names.filter((n) => {
      const key = `${sel}\u0000${canonicalJson(redactSecrets(rules[n] ?? n))}`;
      if (removedKeys.has(key)) {
        removedRules.add(n);
        return false;
      }
      return true;
    });
    if (applications[sel]!.length === 0) delete applications[sel];
  }
  const referenced = new Set(Object.values(applications).flat());
  for (const n of removedRules) if (!referenced.has(n) && n in rules) delete rules[n];
  const livePairs = pairs({ rules: rules as PiiConfig['rules'], applications });
  for (const { selector, rule } of added) {
    if (livePairs.has(`${selector}\u0000${canonicalJson(redactSecrets(rule))}`)) continue;
    let name: string;
    if (typeof rule === 'string') name = rule;
    else {
      const existing = Object.entries(rules).find(([, r]) => canonicalJson(r) === canonicalJson(rule));
      if (existing) name = existing[0];
      else {
        let i = 0;
        while (String(i) in rules) i++;
        name = String(i);
        rules[name] = rule;
      }
    }
    (applications[selector] ??= []).push(name);
  }
  const { rules: _r, applications: _a, ...rest } = l ?? {};
  return JSON.stringify({ ...rest, rules, applications });
}

/** Sentry refuses sensitive-field lists longer than 4,000 characters in total. */
export const MAX_SENSITIVE_FIELD_CHARS = 4000;
export function sensitiveFieldsTooLong(list: readonly string[]): boolean {
  return list.reduce((n, s) => n + s.length, 0) > MAX_SENSITIVE_FIELD_CHARS;
}

export function show(v: unknown): string {
  if (v === undefined) return 'unset';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
