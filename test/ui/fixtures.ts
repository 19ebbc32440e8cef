// Controls for UI tests, evaluated by the real engine from the OrgState fixtures (a hardened org
// with only the settings a test is about turned off).

import { evaluate } from '../../src/engine/evaluate.js';
import { partOk, type OrgState } from '../../src/state/types.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { ControlResult, Level } from '../../steps/types.js';
import type { ApiRequest, RequestOutcome } from '../../src/engine/types.js';
import { makeMember, makeOrg, makeState, NOW } from '../fixtures/state.js';

export function badState(): OrgState {
  const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
  const owner2 = makeMember({ id: '2', email: 'owner2@acme.test', orgRole: 'owner' });
  const finley = makeMember({ id: '5', email: 'finley@acme.test', has2fa: false });
  return makeState({
    org: partOk(makeOrg({ require2FA: false, allowJoinRequests: true, openMembership: true, defaultRole: 'admin' })),
    members: partOk([owner, owner2, finley]),
  });
}

export function controlsOf(state: OrgState = badState(), level: Level = 'L2'): ControlResult[] {
  return evaluate(state, DEFAULT_POLICY, { level, now: NOW });
}

export function control(id: string, state?: OrgState): ControlResult {
  const c = controlsOf(state).find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
}

export function request(id: string, description: string, controlId = '2.1'): ApiRequest {
  return { id, controlId, checkIds: [`${controlId}.1`], target: { type: 'organization', id: 'acme' }, method: 'PUT', description, changes: [], risk: 'none' };
}

export function outcome(req: ApiRequest, status: RequestOutcome['status'], message?: string): RequestOutcome {
  return { request: req, status, ...(message ? { message } : {}) };
}
