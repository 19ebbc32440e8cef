// Mutation tests for src/state/origins.ts (issue 21). Expected values come from Relay's own rule and
// tests: relay-filter src/csp.rs `matches_any_origin` (the "*" shortcut before the url is looked
// at; `if let Some(url)`; the partial-domain branch needs both domains) and its tests
// `test_matches_any_origin` and `test_sentry_csp_filter_compatibility_good_reports` (no url and a
// list without "*" is no match); and from Sentry's get_origins (src/sentry/utils/http.py: each
// entry lower-cased, trailing "/" stripped with rstrip, empty entries dropped).
import { describe, expect, it } from 'vitest';
import { everyHostOrigin, matchesAnyOrigin, normalizeOriginEntry, parseOriginPattern } from '../../src/state/origins.js';

describe('matchesAnyOrigin without a url (Relay: Option<&str> = None)', () => {
  // csp.rs: the "*" (Any) check runs before `if let Some(url)`, so "*" matches even without a url
  it.each([
    [['*'], true],
    [['bbc.com', '*'], true],
    [['*://*:*'], true],
    [[' * '], true],
    [['*/'], true],
  ] as [string[], boolean][])('%j → %s', (entries, expected) => {
    expect(matchesAnyOrigin(null, entries)).toBe(expected);
  });
  // test_sentry_csp_filter_compatibility_good_reports: (None, None) against a list without "*"
  it.each([
    [[] as string[]],
    [['https://*']],
    [['*:8080']],
    [['*.example.com']],
    [['http://*:*']],
    [['about', 'localhost', '*.superfish.com', 'chrome://*']],
  ])('%j → false (no position is a wildcard in all three parts)', (entries) => {
    expect(matchesAnyOrigin(null, entries)).toBe(false);
  });
});

describe('matchesAnyOrigin over the entries as Sentry hands them to Relay (get_origins)', () => {
  it('lower-cases, trims and strips every trailing slash of an entry', () => {
    expect(matchesAnyOrigin('https://app.example.com', [' HTTPS://App.Example.COM// '])).toBe(true);
    expect(matchesAnyOrigin('https://app.example.com', ['https://app.example.com///'])).toBe(true);
    expect(normalizeOriginEntry(' HTTPS://App.Example.COM// ')).toBe('https://app.example.com');
    expect(normalizeOriginEntry('https://a.example.com/x/')).toBe('https://a.example.com/x');
    expect(normalizeOriginEntry('//')).toBe('');
  });
  it('drops empty entries: they match nothing, not even a url without a host', () => {
    expect(matchesAnyOrigin('http://', ['', '  ', '/', '//'])).toBe(false);
    expect(matchesAnyOrigin('https://a.example.com', ['', '  '])).toBe(false);
    // an empty list rejects every origin
    expect(matchesAnyOrigin('https://a.example.com', [])).toBe(false);
  });
  it('compares the url case-insensitively (Relay lower-cases both sides)', () => {
    expect(matchesAnyOrigin('HTTPS://APP.EXAMPLE.COM', ['https://app.example.com'])).toBe(true);
    expect(parseOriginPattern('HTTPS://App.Example.COM:8080/x')).toEqual({ scheme: 'https', domain: 'app.example.com', port: '8080' });
  });
  it('takes host and port only up to the first "/" of the rest', () => {
    expect(parseOriginPattern('https://a.example.com/x:9/y')).toEqual({ scheme: 'https', domain: 'a.example.com', port: null });
    expect(parseOriginPattern('a.example.com:8080/x')).toEqual({ scheme: null, domain: 'a.example.com', port: '8080' });
    expect(parseOriginPattern('*/')).toEqual({ scheme: null, domain: null, port: null });
  });
  it('an empty scheme, host or port at the start of its part is an empty string, not a wildcard (Rust find() = Some(0))', () => {
    expect(parseOriginPattern('://x.y')).toEqual({ scheme: '', domain: 'x.y', port: null });
    expect(parseOriginPattern('http:///x')).toEqual({ scheme: 'http', domain: '', port: null });
    expect(parseOriginPattern(':8080')).toEqual({ scheme: null, domain: '', port: '8080' });
    expect(matchesAnyOrigin('https://x.y', ['://x.y'])).toBe(false);
  });
});

describe('matchesAnyOrigin: each part narrows (csp.rs matches_any_origin)', () => {
  it('a scheme, a port or a domain in the entry must equal the url\'s', () => {
    expect(matchesAnyOrigin('http://a.example.com', ['https://a.example.com'])).toBe(false);
    expect(matchesAnyOrigin('https://a.example.com:8443', ['https://a.example.com:443'])).toBe(false);
    expect(matchesAnyOrigin('https://a.example.com', ['https://b.example.com'])).toBe(false);
    expect(matchesAnyOrigin('https://a.example.com:8443', ['https://a.example.com:8443'])).toBe(true);
    // a port in the entry does not match a url without one
    expect(matchesAnyOrigin('https://a.example.com', ['a.example.com:443'])).toBe(false);
  });
  it('"*.domain" matches the domain itself and hosts ending in ".domain", not look-alikes', () => {
    expect(matchesAnyOrigin('http://abc.com', ['*.abc.com'])).toBe(true);
    expect(matchesAnyOrigin('http://x.abc.com', ['*.abc.com'])).toBe(true);
    expect(matchesAnyOrigin('http://xabc.com', ['*.abc.com'])).toBe(false);
    expect(matchesAnyOrigin('http://bc.com', ['*.abc.com'])).toBe(false);
    // no dot after the star: a plain ends_with
    expect(matchesAnyOrigin('http://xabc.com', ['*abc.com'])).toBe(true);
  });
  it('a partial domain does not end the search when it fails: a later entry can still match', () => {
    expect(matchesAnyOrigin('https://a.example.com', ['*.other.com', 'https://a.example.com'])).toBe(true);
    expect(matchesAnyOrigin('https://a.example.com', ['http://a.example.com', 'a.example.com'])).toBe(true);
    expect(matchesAnyOrigin('https://a.example.com:8443', ['a.example.com:443', '*:8443'])).toBe(true);
  });
  it('a url whose host is "*" matches no partial domain (Relay needs both domains to be Some)', () => {
    expect(matchesAnyOrigin('https://*', ['*.example.com'])).toBe(false);
    expect(matchesAnyOrigin('https://*', ['https://example.com'])).toBe(false);
    expect(matchesAnyOrigin('https://*', ['https://*'])).toBe(true);
  });
});

describe('everyHostOrigin: how wide an entry is', () => {
  it('names the scheme and port that narrow a wildcard host', () => {
    expect(everyHostOrigin('http://*:8080')).toBe('every http site on port 8080');
    expect(everyHostOrigin('*:8080')).toBe('every site on port 8080');
    expect(everyHostOrigin('*://*:8080')).toBe('every site on port 8080');
    expect(everyHostOrigin('https://*:*')).toBe('every https site');
    expect(everyHostOrigin('*:*')).toBe('every origin');
    expect(everyHostOrigin(' *// ')).toBe('every origin');
    expect(everyHostOrigin('*.com:443')).toBe('every .com site on port 443');
    expect(everyHostOrigin('http://*example.com:80')).toBe('every host ending in "example.com" (such as "evilexample.com") of scheme http on port 80');
  });
  it('is null for an empty entry and for wildcards that match no real host', () => {
    expect(everyHostOrigin('')).toBeNull();
    expect(everyHostOrigin('   ')).toBeNull();
    expect(everyHostOrigin('//')).toBeNull();
    expect(everyHostOrigin('**')).toBeNull();
    expect(everyHostOrigin('*.')).toBeNull();
    expect(everyHostOrigin('*.*.com')).toBeNull();
    // Relay compares a second star literally
    expect(matchesAnyOrigin('https://a.b.com', ['*.*.com'])).toBe(false);
  });
  it('is null for a real host, with or without scheme and port', () => {
    expect(everyHostOrigin('https://app.example.com:443')).toBeNull();
    expect(everyHostOrigin('app.example.com')).toBeNull();
    expect(everyHostOrigin('localhost:3000')).toBeNull();
  });
});
