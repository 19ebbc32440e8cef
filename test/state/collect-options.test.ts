// The mapping of raw project options (and of the detail GET fallback) to ProjectState.

import { describe, expect, it } from 'vitest';
import { projectStateFromDetail, projectStateFromOptions, PROJECT_OPTION_KEYS } from '../../src/state/project-options.js';
import type { ProjectDetails, ProjectSummary } from '../../src/sentry/types.js';

const summary: ProjectSummary = {
  id: '7',
  slug: 'web',
  name: 'Web',
  platform: 'javascript',
  dateCreated: '2026-01-01T00:00:00Z',
  features: ['rate-limits'],
  teams: [{ id: '1', slug: 'frontend', name: 'Frontend' }],
};

describe('projectStateFromOptions', () => {
  it('fills the defaults of projects.md §2.2 for unset keys', () => {
    expect(projectStateFromOptions(summary, {})).toEqual({
      id: '7', slug: 'web', name: 'Web', platform: 'javascript', dateCreated: '2026-01-01T00:00:00Z',
      features: ['rate-limits'], teams: [{ id: '1', slug: 'frontend', name: 'Frontend' }],
      dataScrubber: true, dataScrubberDefaults: true, scrubIPAddresses: false,
      sensitiveFields: [], safeFields: [], relayPiiConfig: null, allowedDomains: ['*'],
      storeCrashReports: null, debugFilesRole: null, blockedIps: [], spikeProtectionDisabled: null,
      // get_scraping_config (src/sentry/lang/native/sources.py): fetching on, TLS verified, no token
      scrapeJavaScript: true, verifySSL: null, hasSecurityToken: false, securityTokenHeader: null,
    });
  });

  it('reads the JavaScript source-fetching options; the security token only as "set" (it arrives redacted)', () => {
    const s = projectStateFromOptions(summary, {
      'sentry:scrape_javascript': false,
      'sentry:verify_ssl': '0',
      'sentry:token': '[redacted]',
      'sentry:token_header': 'X-Fetch-Token',
    });
    expect(s).toMatchObject({ scrapeJavaScript: false, verifySSL: false, hasSecurityToken: true, securityTokenHeader: 'X-Fetch-Token' });
    expect(JSON.stringify(s)).not.toContain('redacted');
    // Sentry clears a token with "" (projects.md §2.3): cleared is not set
    expect(projectStateFromOptions(summary, { 'sentry:token': '', 'sentry:verify_ssl': true })).toMatchObject({ hasSecurityToken: false, verifySSL: true });
  });

  it('reads stored values, including legacy "0"/"1" booleans and newline-joined lists', () => {
    const s = projectStateFromOptions(summary, {
      'sentry:scrub_data': '0',
      'sentry:scrub_defaults': false,
      'sentry:scrub_ip_address': '1',
      'sentry:sensitive_fields': ['iban'],
      'sentry:safe_fields': 'user.email\nuser.ip',
      'sentry:relay_pii_config': '{"rules":{}}',
      'sentry:origins': [],
      'sentry:store_crash_reports': 0,
      'sentry:debug_files_role': 'member',
      'sentry:blacklisted_ips': '10.0.0.0/8\n\n192.168.0.1',
      'quotas:spike-protection-disabled': true,
    });
    expect(s).toMatchObject({
      dataScrubber: false, dataScrubberDefaults: false, scrubIPAddresses: true,
      sensitiveFields: ['iban'], safeFields: ['user.email', 'user.ip'], relayPiiConfig: '{"rules":{}}',
      allowedDomains: [], storeCrashReports: 0, debugFilesRole: 'member',
      blockedIps: ['10.0.0.0/8', '192.168.0.1'], spikeProtectionDisabled: true,
    });
  });

  it('requests every option key a check reads', () => {
    expect(PROJECT_OPTION_KEYS).toContain('sentry:origins');
    expect(PROJECT_OPTION_KEYS).toContain('quotas:spike-protection-disabled');
    expect(PROJECT_OPTION_KEYS).toContain('sentry:blacklisted_ips');
    // 3.6 needs to know whether a token is set without the detail GET (which would create one);
    // the list's value is redacted by the client on read (schemas.ts redactProject)
    expect(PROJECT_OPTION_KEYS).toContain('sentry:token');
    expect(PROJECT_OPTION_KEYS).toContain('sentry:verify_ssl');
    expect(PROJECT_OPTION_KEYS).toContain('sentry:scrape_javascript');
  });
});

describe('projectStateFromDetail (servers without the expansion)', () => {
  it('reads the effective fields and the reformatted options', () => {
    const d: ProjectDetails = {
      ...summary,
      dataScrubber: true, dataScrubberDefaults: false, sensitiveFields: [], safeFields: ['a'], scrubIPAddresses: true,
      storeCrashReports: -1, relayPiiConfig: null, allowedDomains: ['https://x.example'], debugFilesRole: null,
      options: { 'filters:blacklisted_ips': '1.2.3.4\n5.6.7.0/24', 'quotas:spike-protection-disabled': null },
    };
    expect(projectStateFromDetail(d)).toMatchObject({
      dataScrubberDefaults: false, safeFields: ['a'], scrubIPAddresses: true, storeCrashReports: -1,
      allowedDomains: ['https://x.example'], blockedIps: ['1.2.3.4', '5.6.7.0/24'], spikeProtectionDisabled: null,
    });
  });

  it('cannot tell an unset verifySSL (the fetcher verifies) from an explicit false: unknown', () => {
    const base = { ...summary, dataScrubber: true, dataScrubberDefaults: true, sensitiveFields: [], safeFields: [], scrubIPAddresses: false, storeCrashReports: null, relayPiiConfig: null, allowedDomains: ['*'], debugFilesRole: null, options: {} };
    expect(projectStateFromDetail({ ...base, verifySSL: false })).toMatchObject({ verifySSL: null, verifySSLUnknown: true });
    expect(projectStateFromDetail({ ...base, verifySSL: true })).toMatchObject({ verifySSL: true });
    expect(projectStateFromDetail({ ...base, verifySSL: true }).verifySSLUnknown).toBeUndefined();
  });
});
