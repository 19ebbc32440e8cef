// 1.1 Configure SAML Single Sign-On (POLICY.md §1.1). SSO is configured only in Sentry's web UI,
// so every check here is manual: the API can read the provider but not set it up.

import type { AuthProvider } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import { isMember, isSsoLinked, memberLabel, memberRef, need, orgRef, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef } from './types.js';

/** Provider keys Sentry implements with SAML 2.0 (the others are OAuth: google, github). */
const SAML_PROVIDERS = new Set(['saml2', 'okta', 'onelogin', 'rippling', 'auth0', 'jumpcloud', 'active-directory', 'azure']);
/** Providers that offer no SCIM provisioning (POLICY.md 1.1.4). */
const NO_SCIM_PROVIDERS = new Set(['google', 'github']);

export type SsoState =
  | { kind: 'configured'; provider: AuthProvider }
  /** the org says a provider is configured (`hasAuthProvider`) but the provider could not be read */
  | { kind: 'configured_unread'; reason: string }
  | { kind: 'not_configured' }
  | { kind: 'unavailable'; reason: string };

const stripFeaturePrefix = (f: string): string => f.trim().replace(/^organizations:/, '');

/**
 * Where SSO stands: a configured provider wins; otherwise SSO is available when the org's
 * `features` hold the `requiredFeature` of any listed provider (compared without the
 * `organizations:` prefix, which only the provider list carries).
 */
export function readSso(state: OrgState): { value: SsoState } | { outcome: CheckOutcome } {
  const provider = need(state.authProvider, 'SSO provider (GET organizations/{org}/auth-provider/)');
  // POLICY.md 1.1.1: the provider read or the org's `hasAuthProvider` tells whether one is configured
  const fallback = !state.authProvider.ok && state.authProvider.kind === 'error' && state.org.ok;
  if ('outcome' in provider && !fallback) return provider;
  if ('value' in provider && provider.value !== null) return { value: { kind: 'configured', provider: provider.value } };

  const org = need(state.org, 'organization settings');
  if ('outcome' in org) return org;
  if ('outcome' in provider && org.value.hasAuthProvider) {
    return { value: { kind: 'configured_unread', reason: provider.outcome.reason ?? 'the SSO provider could not be read' } };
  }
  const choices = need(state.authProviders, 'available SSO providers (GET organizations/{org}/auth-providers/)');
  if ('outcome' in choices) return choices;
  if (org.value.features === undefined) {
    return { outcome: { status: 'error', findings: [], reason: 'the organization was read without its feature flags (?include_feature_flags=1), so SSO availability is unknown' } };
  }
  const features = new Set(org.value.features.map(stripFeaturePrefix));
  const available = choices.value.some((c) => features.has(stripFeaturePrefix(c.requiredFeature)));
  if (available) return { value: { kind: 'not_configured' } };
  const wanted = [...new Set(choices.value.map((c) => stripFeaturePrefix(c.requiredFeature)))];
  const reason = wanted.length === 0
    ? 'SSO is not available on this organization\'s plan (Sentry lists no SSO provider for it)'
    : `SSO is not available on this organization's plan (its features include none of ${wanted.join(', ')})`;
  return { value: { kind: 'unavailable', reason } };
}

/** Whether an SSO provider is configured: the provider read wins, else the org's `hasAuthProvider`. */
export function ssoConfigured(state: OrgState): { value: boolean } | { outcome: CheckOutcome } {
  if (state.authProvider.ok) return { value: state.authProvider.value !== null };
  const org = need(state.org, 'organization settings');
  if ('outcome' in org) return org;
  return { value: org.value.hasAuthProvider };
}

/**
 * Whether an SSO link protects a member: only when a provider is configured AND requires SSO.
 * Sentry's query_sso_state (src/sentry/auth/services/access/service.py, formerly
 * services/hybrid_cloud/access/service.py) returns the bypass state (SSO not required) for
 * everyone when the provider's `allow_unlinked` flag is set, which the API shows as
 * `require_link: false` (src/sentry/api/serializers/models/auth_provider.py): a linked member
 * then still signs in with a password alone. A provider whose settings cannot be read gives the
 * outcome (error), never a guess either way.
 */
export function ssoEnforced(state: OrgState): { value: boolean } | { outcome: CheckOutcome } {
  if (state.authProvider.ok) return { value: state.authProvider.value !== null && state.authProvider.value.require_link === true };
  const org = need(state.org, 'organization settings');
  if ('outcome' in org) {
    return { outcome: { status: 'error', findings: [], reason: `whether SSO is required is unknown: ${state.authProvider.reason}; ${org.outcome.reason ?? ''}`.replace(/; $/, '') } };
  }
  // no provider at all: nothing requires SSO, whatever the provider read said
  if (!org.value.hasAuthProvider) return { value: false };
  return { outcome: { status: 'error', findings: [], reason: `an SSO provider is configured (hasAuthProvider) but whether it requires SSO (require_link) could not be read: ${state.authProvider.reason}` } };
}

/** The values an IdP needs, on the control host (never a region host). */
export function samlValues(state: OrgState): { acs: string; sls: string; metadata: string; settings: string } {
  const control = state.target.controlUrl.replace(/\/+$/, '');
  const org = encodeURIComponent(state.target.org);
  return {
    acs: `${control}/saml/acs/${org}/`,
    sls: `${control}/saml/sls/${org}/`,
    metadata: `${control}/saml/metadata/${org}/`,
    settings: orgSettingsUrl(state, 'auth/'),
  };
}

function setupSteps(state: OrgState): string[] {
  const v = samlValues(state);
  return [
    `Open ${v.settings} and choose Configure next to SAML2 (or your IdP's named provider).`,
    `In the identity provider, create a SAML 2.0 application with ACS URL ${v.acs} (HTTP-POST), single logout URL ${v.sls} (HTTP-Redirect) and entity ID / metadata URL ${v.metadata}.`,
    'Map the IdP attributes for the user ID, email, first and last name, then finish the setup by signing in through the IdP.',
    'Run sentry-harden verify again to re-check.',
  ];
}

const isSaml = (p: AuthProvider): boolean => SAML_PROVIDERS.has(p.provider_name.toLowerCase());

const providerRef = (p: AuthProvider) => ({ type: 'auth-provider' as const, id: p.id });

/**
 * 1.1.2–1.1.4 depend on 1.1.1: not applicable without SSO, failing without a provider. A check
 * that reads the provider's own fields gets `error` when only `hasAuthProvider` says it exists;
 * one that does not (`fnUnread`) still runs.
 */
function withProvider(state: OrgState, what: string, fn: (p: AuthProvider) => CheckOutcome, fnUnread?: () => CheckOutcome): CheckOutcome {
  const sso = readSso(state);
  if ('outcome' in sso) return sso.outcome;
  switch (sso.value.kind) {
    case 'configured_unread':
      return fnUnread?.() ?? { status: 'error', findings: [], reason: `an SSO provider is configured (hasAuthProvider) but its settings could not be read: ${sso.value.reason}` };
    case 'unavailable':
      return { status: 'not_applicable', findings: [], reason: sso.value.reason };
    case 'not_configured':
      return {
        status: 'fail',
        findings: [{ resource: orgRef(state), field: 'authProvider', current: null, expected: what, message: `No SSO provider is configured: ${what} needs 1.1.1 first.` }],
        reason: 'needs 1.1.1 first (configure an SSO provider)',
        manualSteps: [`Configure an SSO provider first (1.1.1) at ${samlValues(state).settings}, then run sentry-harden verify again.`],
      };
    case 'configured':
      return fn(sso.value.provider);
  }
}

const check1_1_1: CheckDef = {
  id: '1.1.1',
  title: 'An SSO provider is configured',
  level: 'L1',
  reads: ['authProvider', 'authProviders'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Signing in through the company identity provider centralises authentication: leavers lose access when their IdP account is disabled, and the IdP\'s MFA and session policies apply.',
  evaluate({ state }) {
    const sso = readSso(state);
    if ('outcome' in sso) return sso.outcome;
    if (sso.value.kind === 'unavailable') return { status: 'not_applicable', findings: [], reason: sso.value.reason };
    if (sso.value.kind === 'not_configured') {
      return {
        status: 'fail',
        findings: [{ resource: orgRef(state), field: 'authProvider', current: null, expected: 'saml2', message: 'No SSO provider is configured; the guide asks for SAML 2.0 single sign-on.' }],
        reason: 'SSO can only be set up in Sentry\'s web UI, together with your identity provider',
        manualSteps: setupSteps(state),
      };
    }
    if (sso.value.kind === 'configured_unread') {
      return {
        status: 'pass',
        findings: [{ resource: orgRef(state), field: 'hasAuthProvider', current: true, expected: true, message: `An SSO provider is configured (organization hasAuthProvider); its type could not be read (${sso.value.reason}), so whether it is SAML 2.0, which the guide asks for, is unknown.` }],
      };
    }
    const p = sso.value.provider;
    const message = isSaml(p)
      ? `SSO provider "${p.provider_name}" (SAML 2.0) is configured.`
      : `SSO provider "${p.provider_name}" is configured; it is not SAML 2.0, which the guide asks for.`;
    return { status: 'pass', findings: [{ resource: providerRef(p), field: 'provider_name', current: p.provider_name, expected: 'saml2', message }] };
  },
};

const check1_1_2: CheckDef = {
  id: '1.1.2',
  title: 'SSO is required for every member',
  level: 'L2',
  reads: ['authProvider', 'authProviders'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Until "Require SSO" is on, members can still sign in with a Sentry password, bypassing the identity provider and its offboarding.',
  evaluate({ state }) {
    return withProvider(state, 'Require SSO', (p) => {
      if (p.require_link) return { status: 'pass', findings: [] };
      const settings = samlValues(state).settings;
      const breakGlass = 'With Require SSO on, an owner who is not SSO-linked can still sign in only while no other active owner is linked: keep a documented break-glass owner with a user auth token (tokens are not subject to SSO).';
      return {
        status: 'fail',
        findings: [{ resource: providerRef(p), field: 'require_link', current: false, expected: true, message: 'SSO is configured but not required: members can sign in with a password.' }],
        reason: '"Require SSO" can only be switched on in Sentry\'s web UI',
        warnings: [breakGlass],
        manualSteps: [
          'Before switching it on: ' + breakGlass,
          `Open ${settings}, tick "Require SSO" and save.`,
          'Run sentry-harden verify again to re-check.',
        ],
      };
    });
  },
};

const check1_1_3: CheckDef = {
  id: '1.1.3',
  title: 'Every member is SSO-linked',
  level: 'L2',
  reads: ['authProvider', 'authProviders', 'members'],
  automation: 'manual',
  risk: 'none',
  rationale: 'A member without an SSO link keeps signing in with a password and is not removed when the identity provider disables them.',
  evaluate({ state }) {
    const evaluateLinks = (): CheckOutcome => {
      const members = need(state.members, 'members');
      if ('outcome' in members) return members.outcome;
      const unlinked = members.value.filter((m) => isMember(m) && !isSsoLinked(m));
      if (unlinked.length === 0) return { status: 'pass', findings: [] };
      const settings = samlValues(state).settings;
      return {
        status: 'fail',
        findings: unlinked.map((m) => ({
          resource: memberRef(m),
          field: 'flags.sso:linked',
          current: false,
          expected: true,
          message: m.flags['sso:invalid'] === true
            ? `${memberLabel(m)} has an invalid SSO link and must link again.`
            : `${memberLabel(m)} is not linked to SSO.`,
        })),
        reason: 'each member must sign in once through the identity provider to link their account',
        manualSteps: [
          `Ask these members to sign in through SSO once: ${unlinked.map(memberLabel).join(', ')}.`,
          `Or open ${settings} and use "Send reminders" to email everyone who has not linked.`,
          'Run sentry-harden verify again to re-check.',
        ],
      };
    };
    // the member flags tell the links; the provider's own settings are not needed
    return withProvider(state, 'linking every member to SSO', evaluateLinks, evaluateLinks);
  },
};

const check1_1_4: CheckDef = {
  id: '1.1.4',
  title: 'SCIM provisioning is enabled',
  level: 'L3',
  reads: ['authProvider', 'authProviders'],
  automation: 'manual',
  risk: 'none',
  rationale: 'SCIM lets the identity provider create, update and remove Sentry members automatically, so access follows the directory without manual steps.',
  evaluate({ state }) {
    return withProvider(state, 'SCIM provisioning', (p) => {
      if (NO_SCIM_PROVIDERS.has(p.provider_name.toLowerCase())) {
        return { status: 'not_applicable', findings: [], reason: `the ${p.provider_name} SSO provider offers no SCIM provisioning` };
      }
      if (p.scim_enabled) return { status: 'pass', findings: [] };
      return {
        status: 'fail',
        findings: [{ resource: providerRef(p), field: 'scim_enabled', current: false, expected: true, message: 'SCIM provisioning is not enabled.' }],
        reason: 'SCIM can only be enabled in Sentry\'s web UI',
        manualSteps: [
          `Open ${samlValues(state).settings}, tick "Enable SCIM" and save; the page then shows the SCIM base URL and token.`,
          'Enter the SCIM base URL and token in the identity provider\'s provisioning settings.',
          'Run sentry-harden verify again to re-check.',
        ],
      };
    });
  },
};

export const control1_1: ControlDef = {
  id: '1.1',
  title: 'Configure SAML Single Sign-On',
  level: 'L1',
  frameworks: { cis: ['6.3', '12.5'], nist: ['IA-2', 'IA-8'], soc2: ['CC6.1'] },
  rationale:
    'SAML SSO centralises authentication for Sentry users in the identity provider.\n' +
    'Offboarding, MFA and session policy then apply to Sentry without separate passwords.',
  checks: [check1_1_1, check1_1_2, check1_1_3, check1_1_4],
};
