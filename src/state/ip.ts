// IP blocklist entries (projects.md §3.4): Relay parses each line as an `IpNetwork` (a single
// IPv4/IPv6 address or CIDR) and silently ignores lines that do not parse, and Sentry saves them
// unvalidated. So the tool validates every entry itself before writing.

import { isIP } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpEntry {
  /** the entry as written (trimmed) */
  input: string;
  family: IpFamily;
  address: string;
  /** null for a single address */
  prefix: number | null;
  /** lower-cased, trimmed: how Sentry stores the line */
  normalized: string;
}

export type IpEntryResult = { ok: true; entry: IpEntry } | { ok: false; input: string; error: string };

const PREFIX_RE = /^(0|[1-9][0-9]{0,2})$/;

/** Validate one blocklist entry: IPv4, IPv6 (no zone id) or CIDR with an in-range prefix. */
export function parseIpEntry(raw: string): IpEntryResult {
  const input = raw.trim();
  if (input === '') return { ok: false, input, error: 'empty entry' };
  if (/\s/.test(input)) return { ok: false, input, error: `"${input}" contains whitespace` };
  const parts = input.split('/');
  if (parts.length > 2) return { ok: false, input, error: `"${input}" has more than one "/"` };
  const [address = '', prefixText] = parts;
  // node:net accepts IPv6 zone ids (fe80::1%eth0); Relay's IpNetwork does not.
  if (address.includes('%')) return { ok: false, input, error: `"${input}": zone ids (%) are not allowed` };
  const family = isIP(address);
  if (family !== 4 && family !== 6) {
    return { ok: false, input, error: `"${input}" is not an IPv4 or IPv6 address${prefixText === undefined ? '' : ' range'}` };
  }
  let prefix: number | null = null;
  if (prefixText !== undefined) {
    if (!PREFIX_RE.test(prefixText)) return { ok: false, input, error: `"${input}": prefix "/${prefixText}" is not a number` };
    prefix = Number(prefixText);
    const max = family === 4 ? 32 : 128;
    if (prefix > max) return { ok: false, input, error: `"${input}": prefix /${prefix} exceeds /${max} for IPv${family}` };
  }
  return { ok: true, entry: { input, family, address, prefix, normalized: input.toLowerCase() } };
}

export function isValidIpEntry(raw: string): boolean {
  return parseIpEntry(raw).ok;
}

/** Split entries into valid ones and readable errors. */
export function validateIpEntries(raw: readonly string[]): { valid: IpEntry[]; errors: string[] } {
  const valid: IpEntry[] = [];
  const errors: string[] = [];
  for (const r of raw) {
    const res = parseIpEntry(r);
    if (res.ok) valid.push(res.entry);
    else errors.push(res.error);
  }
  return { valid, errors };
}

/** The number of addresses of a family, as a bigint. */
function bits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two 16-bit groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToBigInt(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** [first, last] address of the entry as bigints. */
export function ipRange(entry: IpEntry): [bigint, bigint] {
  const value = entry.family === 4 ? ipv4ToBigInt(entry.address) : ipv6ToBigInt(entry.address);
  const width = bits(entry.family);
  const prefix = entry.prefix ?? width;
  const hostBits = BigInt(width - prefix);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << hostBits) - 1n);
  const first = value & mask;
  return [first, first | ((1n << hostBits) - 1n)];
}

/** Private, loopback, link-local, CGNAT and unique-local ranges: where a company's own servers live. */
const INTERNAL_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  '::ffff:10.0.0.0/104',
  '::ffff:172.16.0.0/108',
  '::ffff:192.168.0.0/112',
  '::ffff:127.0.0.0/104',
];

const INTERNAL_ENTRIES: IpEntry[] = INTERNAL_RANGES.map((r) => {
  const res = parseIpEntry(r);
  if (!res.ok) throw new Error(`bad built-in range ${r}`);
  return res.entry;
});

/** True when the entry overlaps an internal network (so it may block your own servers' events). */
export function overlapsInternalNetwork(entry: IpEntry): boolean {
  const [a0, a1] = ipRange(entry);
  return INTERNAL_ENTRIES.some((internal) => {
    if (internal.family !== entry.family) return false;
    const [b0, b1] = ipRange(internal);
    return a0 <= b1 && b0 <= a1;
  });
}

/** `/0`: every address of the family. */
export function coversEverything(entry: IpEntry): boolean {
  return entry.prefix === 0;
}
