// Accepted risks of the policy file applied to the results: a failing check (or the findings of
// one resource) the organization decided to live with until a date. Until then the check is
// `accepted` with the reason; from the day after `expires` it fails again, naming the expired
// acceptance. A check that errors stays an error (an unread state cannot be accepted).

import { PolicyError, type AcceptedRisk } from './policy.js';
import { CONTROLS } from './index.js';
import type { AcceptedRiskView, CheckResult, ControlResult, Finding, PlannedChange, ResourceRef } from './types.js';

/** Unknown check ids are refused (exit 2, one line), like unknown policy keys. */
export function validateAcceptedRisks(risks: readonly AcceptedRisk[], source: string): void {
  const ids = new Set(CONTROLS.flatMap((c) => c.checks.map((k) => k.id)));
  risks.forEach((r, i) => {
    if (!ids.has(r.check)) {
      throw new PolicyError(`${source}: "acceptedRisks.${i}.check" names no check: "${r.check}" (see \`sentry-harden controls\`)`);
    }
  });
}

/** Expired after the whole `expires` day (UTC). */
export const isExpired = (r: Pick<AcceptedRisk, 'expires'>, now: Date): boolean => now.getTime() >= Date.parse(`${r.expires}T00:00:00Z`) + 86_400_000;

/** `resource` matches a finding's resource id, email, or `type:id`. */
export function resourceMatches(spec: string, ref: ResourceRef): boolean {
  const s = spec.trim().toLowerCase();
  const names = [ref.id, `${ref.type}:${ref.id}`];
  if ('email' in ref) names.push(ref.email, `${ref.type}:${ref.email}`);
  if ('project' in ref) names.push(`${ref.project}/${ref.id}`);
  return names.some((n) => n.toLowerCase() === s);
}

const view = (r: AcceptedRisk): AcceptedRiskView => ({ check: r.check, ...(r.resource ? { resource: r.resource } : {}), reason: r.reason, owner: r.owner, expires: r.expires });

export function applyAcceptedRisks(results: readonly ControlResult[], risks: readonly AcceptedRisk[], now: Date, worst: (s: CheckResult['status'][]) => CheckResult['status']): ControlResult[] {
  if (risks.length === 0) return [...results];
  return results.map((control) => {
    const checks = control.checks.map((c) => applyToCheck(c, risks.filter((r) => r.check === c.id), now));
    return { ...control, checks, status: worst(checks.map((k) => k.status)) };
  });
}

function applyToCheck(c: CheckResult, risks: readonly AcceptedRisk[], now: Date): CheckResult {
  if (risks.length === 0) return c;
  const live = risks.filter((r) => !isExpired(r, now));
  const expired = risks.filter((r) => isExpired(r, now)).map(view);
  const out: CheckResult = { ...c, ...(expired.length ? { expiredAcceptances: expired } : {}) };
  if (c.status !== 'fail' || live.length === 0) return out;
  const whole = live.find((r) => !r.resource);
  if (whole) {
    return { ...out, status: 'accepted', acceptances: [view(whole)], acceptedFindings: c.findings, findings: [], changes: [] };
  }
  const used: AcceptedRisk[] = [];
  const accepted: Finding[] = [];
  const remaining: Finding[] = [];
  for (const f of c.findings) {
    const r = live.find((x) => x.resource && resourceMatches(x.resource, f.resource));
    if (r) {
      accepted.push(f);
      if (!used.includes(r)) used.push(r);
    } else remaining.push(f);
  }
  if (accepted.length === 0) return out;
  const acceptedTargets = (ch: PlannedChange): boolean => used.some((r) => r.resource && resourceMatches(r.resource, ch.target));
  return {
    ...out,
    status: remaining.length === 0 ? 'accepted' : 'fail',
    findings: remaining,
    acceptedFindings: accepted,
    acceptances: used.map(view),
    changes: (c.changes ?? []).filter((ch) => !acceptedTargets(ch)),
  };
}
