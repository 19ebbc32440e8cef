import { describe, expect, it } from 'vitest';
import { coversEverything, ipRange, overlapsInternalNetwork, parseIpEntry, validateIpEntries } from '../../src/state/ip.js';

function entry(s: string) {
  const r = parseIpEntry(s);
  if (!r.ok) throw new Error(r.error);
  return r.entry;
}

describe('parseIpEntry', () => {
  it.each([
    ['192.168.1.1', 4, null],
    ['10.0.0.0/8', 4, 8],
    ['0.0.0.0/0', 4, 0],
    ['203.0.113.7/32', 4, 32],
    ['::1', 6, null],
    ['2001:db8::/32', 6, 32],
    ['a:b:c::0/126', 6, 126],
    ['::ffff:10.0.0.1', 6, null],
    ['2001:DB8::1/128', 6, 128],
    ['  122.33.230.0/30  ', 4, 30],
  ])('accepts %s', (input, family, prefix) => {
    const r = parseIpEntry(input);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entry.family).toBe(family);
      expect(r.entry.prefix).toBe(prefix);
      expect(r.entry.normalized).toBe(input.trim().toLowerCase());
    }
  });

  it.each([
    ['', 'empty'],
    ['lol/bar', 'not an IPv4 or IPv6'],
    ['256.1.1.1', 'not an IPv4'],
    ['1.2.3', 'not an IPv4'],
    ['01.2.3.4', 'not an IPv4'],
    ['10.0.0.0/33', 'exceeds /32'],
    ['2001:db8::/129', 'exceeds /128'],
    ['10.0.0.0/', 'not a number'],
    ['10.0.0.0/08', 'not a number'],
    ['10.0.0.0/-1', 'not a number'],
    ['10.0.0.0/8/8', 'more than one'],
    ['fe80::1%eth0', 'zone'],
    ['10.0.0.1 10.0.0.2', 'whitespace'],
    ['example.com', 'not an IPv4 or IPv6'],
    ['*', 'not an IPv4 or IPv6'],
  ])('rejects %j', (input, error) => {
    const r = parseIpEntry(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('splits valid entries from errors', () => {
    const { valid, errors } = validateIpEntries(['10.0.0.0/8', 'nope', '::1']);
    expect(valid.map((v) => v.input)).toEqual(['10.0.0.0/8', '::1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"nope"');
  });
});

describe('ranges', () => {
  it('computes first and last address, ignoring host bits', () => {
    expect(ipRange(entry('10.1.2.3/8'))).toEqual([0x0a000000n, 0x0affffffn]);
    expect(ipRange(entry('192.168.1.1'))).toEqual([0xc0a80101n, 0xc0a80101n]);
    const [first, last] = ipRange(entry('2001:db8::/32'));
    expect(first).toBe(0x20010db8n << 96n);
    expect(last).toBe((0x20010db8n << 96n) | ((1n << 96n) - 1n));
    expect(ipRange(entry('::ffff:1.2.3.4'))).toEqual([0xffff01020304n, 0xffff01020304n]);
  });

  it('recognises internal networks', () => {
    for (const s of ['10.0.0.0/8', '10.20.30.40', '172.16.5.0/24', '192.168.0.0/16', '127.0.0.1', '::1', 'fd00::/8', 'fe80::1', '0.0.0.0/0', '8.0.0.0/5']) {
      expect(overlapsInternalNetwork(entry(s)), s).toBe(true);
    }
    for (const s of ['203.0.113.0/24', '8.8.8.8', '172.32.0.0/16', '2001:db8::/32', '11.0.0.0/8']) {
      expect(overlapsInternalNetwork(entry(s)), s).toBe(false);
    }
  });

  it('flags /0', () => {
    expect(coversEverything(entry('0.0.0.0/0'))).toBe(true);
    expect(coversEverything(entry('::/0'))).toBe(true);
    expect(coversEverything(entry('10.0.0.0/8'))).toBe(false);
  });
});
