// Expected values: Relay's own tables, relay-filter src/csp.rs tests `test_scheme_domain_port`
// and `test_matches_any_origin`.
import { describe, expect, it } from 'vitest';
import { everyHostOrigin, matchesAnyOrigin, parseOriginPattern } from '../../src/state/origins.js';

describe('parseOriginPattern = SchemeDomainPort::from (relay test_scheme_domain_port)', () => {
  const table: [string, string | null, string | null, string | null][] = [
    ['*', null, null, null],
    ['*://*', null, null, null],
    ['*://*:*', null, null, null],
    ['https://*', 'https', null, null],
    ['https://*.abc.net', 'https', '*.abc.net', null],
    ['https://*:*', 'https', null, null],
    ['x.y.z', null, 'x.y.z', null],
    ['x.y.z:*', null, 'x.y.z', null],
    ['*://x.y.z:*', null, 'x.y.z', null],
    ['*://*.x.y.z:*', null, '*.x.y.z', null],
    ['*:8000', null, null, '8000'],
    ['*://*:8000', null, null, '8000'],
    ['http://x.y.z', 'http', 'x.y.z', null],
    ['http://*:8000', 'http', null, '8000'],
    ['abc:8000', null, 'abc', '8000'],
    ['*.abc.com:8000', null, '*.abc.com', '8000'],
    ['*.com:86', null, '*.com', '86'],
    ['http://abc.com:86', 'http', 'abc.com', '86'],
    ['http://x.y.z:4000', 'http', 'x.y.z', '4000'],
    ['http://', 'http', '', null],
  ];
  it.each(table)('%s', (url, scheme, domain, port) => {
    expect(parseOriginPattern(url)).toEqual({ scheme, domain, port });
  });
});

describe('matchesAnyOrigin = matches_any_origin (relay test_matches_any_origin)', () => {
  const table: [string, string[], boolean][] = [
    ['http://abc1.com', ['*://*:*', 'bbc.com'], true],
    ['http://abc2.com', ['*:*', 'bbc.com'], true],
    ['http://abc3.com', ['*', 'bbc.com'], true],
    ['http://abc4.com', ['http://*', 'bbc.com'], true],
    ['http://abc5.com', ['http://abc5.com:*', 'bbc.com'], true],
    ['http://abc.com:80', ['*://*:*', 'bbc.com'], true],
    ['http://abc.com:81', ['*:*', 'bbc.com'], true],
    ['http://abc.com:82', ['*:82', 'bbc.com'], true],
    ['http://abc.com:83', ['http://*:83', 'bbc.com'], true],
    ['http://abc.com:84', ['abc.com:*', 'bbc.com'], true],
    ['http://abc.com:85', ['*.abc.com:85', 'bbc.com'], true],
    ['http://abc.com:86', ['*.com:86'], true],
    ['http://abc.com:86', ['*.com:86', 'bbc.com'], true],
    ['http://abc.def.ghc.com:87', ['*.com:87'], true],
    ['http://abc.def.ghc.com:88', ['*.ghc.com:88'], true],
    ['http://abc.def.ghc.com:89', ['*.def.ghc.com:89'], true],
    ['http://abc.com:90', ['abc.com', 'bbc.com'], true],
    ['http://abc.com:91', ['abc.com:91', 'bbc.com'], true],
    ['http://abc.com:92', ['http://abc.com:92'], true],
    ['http://abc.com:93', ['http://abc.com', 'bbc.com'], true],
    ['http://abc6.com', ['abc6.com', 'bbc.com'], true],
    ['http://abc7.com', ['bbc.com', 'abc7.com'], true],
    ['http://abc8.com', ['bbc.com', 'abc8.com', 'def'], true],
    ['http://abc9.com', ['http://other.com', 'bbc.com'], false],
    ['http://abc10.com', ['http://*.other.com', 'bbc'], false],
    ['abc11.com', ['*.other.com', 'bbc'], false],
    ['https://abc12.com', ['http://abc12.com', 'bbc.com'], false],
    ['http://abc13.com:80', ['http://abc13.com:8080', 'bbc.com'], false],
    ['http://y:80', ['http://x'], false],
  ];
  it.each(table)('%s against %j → %s', (url, origins, expected) => {
    expect(matchesAnyOrigin(url, origins)).toBe(expected);
  });
});

describe('everyHostOrigin: the entries that accept every host (what 3.2.2 fails on)', () => {
  it('is consistent with matchesAnyOrigin on two unrelated sites', () => {
    for (const e of ['*', '*://*', '*:*', 'https://*', 'http://*', ' * ', '*/', '*:8080', 'https://*.example.com', 'example.com', '*.com']) {
      const everyHost = matchesAnyOrigin('https://evil.test', [e]) && matchesAnyOrigin('https://other.invalid', [e]);
      if (everyHost) expect(everyHostOrigin(e), e).not.toBeNull();
    }
    expect(everyHostOrigin('https://app.example.com')).toBeNull();
    expect(everyHostOrigin('*.example.com')).toBeNull();
    expect(everyHostOrigin('https://*')).toBe('every https site');
    expect(everyHostOrigin('*')).toBe('every origin');
  });
});

describe('everyHostOrigin: wildcard domains anyone can register a host under (Relay ends_with)', () => {
  // relay-filter src/csp.rs test_matches_any_origin: ("http://abc.def.ghc.com:87", ["*.com:87"]) matches
  it('flags a wildcard over a top-level domain, which Relay matches for any host in it', () => {
    expect(matchesAnyOrigin('http://abc.def.ghc.com:87', ['*.com:87'])).toBe(true);
    expect(everyHostOrigin('*.com:87')).toBe('every .com site on port 87');
    expect(everyHostOrigin('*.com')).toBe('every .com site');
    expect(everyHostOrigin('https://*.io')).toBe('every .io site of scheme https');
  });
  it('flags a star with no dot after it, which Relay matches for look-alike hosts', () => {
    expect(matchesAnyOrigin('https://evilexample.com', ['*example.com'])).toBe(true);
    expect(everyHostOrigin('*example.com')).toBe('every host ending in "example.com" (such as "evilexample.com")');
  });
  it('flags a wildcard over a multi-label public suffix, ICANN or private (anyone can register or publish there)', () => {
    // Relay's ends_with admits every host under the suffix, the same as "*.com:87" above
    expect(matchesAnyOrigin('https://evil.co.uk', ['*.co.uk'])).toBe(true);
    expect(everyHostOrigin('*.co.uk')).toBe('every site under co.uk (a public suffix: anyone can register a name there)');
    expect(everyHostOrigin('https://*.com.au:443')).toBe('every site under com.au (a public suffix: anyone can register a name there) of scheme https on port 443');
    // the list's private section: pages anyone can publish (github.io, vercel.app, s3.amazonaws.com)
    expect(everyHostOrigin('*.github.io')).toBe('every site under github.io (a public suffix: anyone can register a name there)');
    expect(everyHostOrigin('*.vercel.app')).not.toBeNull();
    expect(everyHostOrigin('*.s3.amazonaws.com')).not.toBeNull();
  });
  it('does not flag a registrable name under such a suffix, nor a suffix the list only guesses', () => {
    expect(everyHostOrigin('*.acme.co.uk')).toBeNull();
    expect(everyHostOrigin('*.acme.github.io')).toBeNull();
    expect(everyHostOrigin('*.example.com.au')).toBeNull();
    // not on the list: the default rule would call any last label a suffix; an owner's own zone
    expect(everyHostOrigin('*.corp.internal')).toBeNull();
    expect(everyHostOrigin('*.dev.localhost')).toBeNull();
  });
  it('leaves a wildcard under a registered domain alone, and a second star that matches nothing', () => {
    expect(matchesAnyOrigin('https://evil.test', ['*.example.com'])).toBe(false);
    expect(everyHostOrigin('*.example.com')).toBeNull();
    expect(everyHostOrigin('https://*.app.example.com:443')).toBeNull();
    expect(matchesAnyOrigin('https://a.example.com', ['**.example.com'])).toBe(false);
    expect(everyHostOrigin('**.example.com')).toBeNull();
  });
});
