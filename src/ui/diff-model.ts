// Current vs recommended, as lines to colour: changed keys only, made with `diff` (diffJson sorts
// keys, so the view is stable). Changes of many projects or keys that are alike collapse into one
// block with a count. Pure: shared by the Ink screen and the plain line mode.

import { fieldText, namesOf, valueText } from '../engine/resources/index.js';
import { diffJson } from 'diff';
import type { CheckResult, ControlResult, PlannedChange, ResourceRef } from '../../steps/types.js';
import { visibleLength } from '../report/text.js';
import { plural } from '../words.js';

export interface DiffLine {
  sign: '+' | '-' | ' ';
  text: string;
}

export interface DiffVariant {
  resources: string[];
  lines: DiffLine[];
}

export interface DiffBlock {
  /** e.g. "organization acme" or "3.3.1 filter localhost" */
  title: string;
  /** how many resources the block changes */
  count: number;
  noun: string;
  /** resources with identical diffs share a variant */
  variants: DiffVariant[];
}

/** A resource inside a diff block about its kind: "web", "web/Default", "ann@example.com". */
export const resourceLabel = (r: ResourceRef): string => namesOf(r.type).short(r);

/** "1 client key", "3 client keys": the resource's nouns through the one plural helper. */
export function resourceCount(n: number, type: ResourceRef['type']): string {
  const [one, many] = namesOf(type).noun;
  return plural(n, one, many);
}

/** JSON strings (relayPiiConfig) are shown parsed, so the diff shows the rules that change. */
function displayValue(v: unknown): unknown {
  if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }
  return v === undefined ? null : v;
}

/** `{count: 1000, window: 60}`: short values on one line. */
export function compactValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compactValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => `${k}: ${compactValue(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v === undefined ? null : v);
}

const SHORT = 56;

const isNameList = (v: unknown): v is (string | number)[] => Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');

/** A list that gains or loses entries: what is kept, added and removed, one line each. */
function listLines(field: string, before: (string | number)[], after: (string | number)[]): DiffLine[] {
  const b = before.map(String);
  const a = after.map(String);
  const kept = a.filter((x) => b.includes(x));
  const added = a.filter((x) => !b.includes(x));
  const removed = b.filter((x) => !a.includes(x));
  const lines: DiffLine[] = [];
  if (kept.length) lines.push({ sign: ' ', text: `${field}: keeps ${kept.join(', ')}` });
  if (removed.length) lines.push({ sign: '-', text: `${field}: ${removed.join(', ')}` });
  if (added.length) lines.push({ sign: '+', text: `${field}: ${added.join(', ')}` });
  return lines;
}

/** Lines of the diff of two flat objects of changed fields (the outer braces dropped). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): DiffLine[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const b0 = keys.length === 1 ? before[keys[0]!] : undefined;
  const a0 = keys.length === 1 ? after[keys[0]!] : undefined;
  if (keys.length === 1 && isNameList(b0) && isNameList(a0)) return listLines(keys[0]!, b0, a0);
  const compact = keys.map((k) => [k, compactValue(displayValue(before[k])), compactValue(displayValue(after[k]))] as const);
  if (compact.every(([, b, a]) => b.length <= SHORT && a.length <= SHORT)) {
    return compact.flatMap(([k, b, a]): DiffLine[] => [
      { sign: '-', text: `${k}: ${b}` },
      { sign: '+', text: `${k}: ${a}` },
    ]);
  }
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(before)) b[k] = displayValue(before[k]);
  for (const k of Object.keys(after)) a[k] = displayValue(after[k]);
  const lines: DiffLine[] = [];
  for (const part of diffJson(b, a)) {
    const sign: DiffLine['sign'] = part.added ? '+' : part.removed ? '-' : ' ';
    for (const raw of part.value.split('\n')) {
      if (raw === '') continue;
      // the outer braces of the two objects carry no information
      if (sign === ' ' && (raw === '{' || raw === '}')) continue;
      // top-level keys read as field names, without JSON quotes
      lines.push({ sign, text: raw.replace(/^ {2}/, '').replace(/,$/, '').replace(/^"([A-Za-z0-9_.:-]+)": /, '$1: ') });
    }
  }
  return lines;
}

const fieldLabel = (c: PlannedChange): string => namesOf(c.target.type).field?.(c.target, c.field) ?? fieldText(c.target, c.field);

/** "- label: before" / "+ label: after", in words where the resource's adapter has them (valueText). */
function changeLines(label: string, c: PlannedChange): DiffLine[] {
  const b = valueText(c.target, c.field, c.before);
  const a = valueText(c.target, c.field, c.after);
  if (b === undefined && a === undefined) return diffFields({ [label]: c.before }, { [label]: c.after });
  return [
    { sign: '-', text: `${label}: ${b ?? compactValue(displayValue(c.before))}` },
    { sign: '+', text: `${label}: ${a ?? compactValue(displayValue(c.after))}` },
  ];
}

const isChanged = (c: PlannedChange): boolean => JSON.stringify(c.before) !== JSON.stringify(c.after);

export interface InlineChange {
  field: string;
  before: string;
  after: string;
}

const isScalar = (v: unknown): boolean => v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);

/** Longest "field: before → after" kept on its check's line (the title keeps about half of 80 columns). */
const INLINE_MAX = 44;

export function scalarText(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  return String(v);
}

/**
 * A failing check whose fix is one scalar organization field reads best on its own line
 * ("allowJoinRequests true → false"); everything else goes into diff blocks.
 */
export function inlineChange(check: CheckResult): InlineChange | undefined {
  if (check.status !== 'fail') return undefined;
  const changes = (check.changes ?? []).filter(isChanged);
  if (changes.length !== 1) return undefined;
  const c = changes[0]!;
  if (c.target.type !== 'organization' || !isScalar(c.before) || !isScalar(c.after)) return undefined;
  const inline = { field: fieldText(c.target, c.field), before: valueText(c.target, c.field, c.before) ?? scalarText(c.before), after: valueText(c.target, c.field, c.after) ?? scalarText(c.after) };
  // a long value (relayPiiConfig's JSON) would push the check's title off its line: a diff block
  if (visibleLength(`${inline.field}: ${inline.before} → ${inline.after}`) > INLINE_MAX) return undefined;
  return inline;
}

/** The blocks of one control's failing checks (minus `exclude`, e.g. checks shown inline). */
export function diffBlocks(control: ControlResult, exclude: ReadonlySet<string> = new Set()): DiffBlock[] {
  const changes = control.checks
    .filter((c) => c.status === 'fail' && !exclude.has(c.id))
    .flatMap((c) => c.changes ?? [])
    .filter(isChanged);
  const blocks: DiffBlock[] = [];

  const orgChanges = changes.filter((c) => c.target.type === 'organization');
  if (orgChanges.length > 0) {
    // field by field, so each current value sits right above its recommended one
    const lines = orgChanges.flatMap((c) => changeLines(fieldText(c.target, c.field), c));
    const id = orgChanges[0]!.target.id;
    blocks.push({ title: `organization ${id}`, count: 1, noun: 'organization', variants: [{ resources: [`organization ${id}`], lines }] });
  }

  const groups = new Map<string, PlannedChange[]>();
  for (const c of changes) {
    if (c.target.type === 'organization') continue;
    const key = `${c.checkId}|${c.target.type}|${fieldLabel(c)}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    const first = list[0]!;
    const variants = new Map<string, DiffVariant>();
    for (const c of list) {
      const label = fieldLabel(c);
      const lines = changeLines(label, c);
      const sig = JSON.stringify(lines);
      const v = variants.get(sig) ?? { resources: [], lines };
      v.resources.push(resourceLabel(c.target));
      variants.set(sig, v);
    }
    blocks.push({
      title: `${first.checkId} ${fieldLabel(first)}`,
      count: list.length,
      noun: resourceCount(list.length, first.target.type),
      variants: [...variants.values()],
    });
  }
  return blocks;
}

/** Names joined until `width` columns, then "+N more". */
export function joinNames(names: readonly string[], width: number): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const next = out ? `${out}, ${names[i]}` : names[i]!;
    const rest = names.length - i - 1;
    const tail = rest > 0 ? ` +${rest} more` : '';
    if (visibleLength(next) + visibleLength(tail) > width && out) return `${out} +${names.length - i} more`;
    out = next;
  }
  return out;
}
