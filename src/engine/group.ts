// PlannedChanges -> API requests (steps/types.ts conventions per target type).

import type { PlannedChange, ResourceRef, Risk } from '../../steps/types.js';
import type { ApiRequest, RequestMethod } from './types.js';

export const controlOf = (checkId: string): string => checkId.split('.').slice(0, 2).join('.');

const RISK_RANK: Record<Risk, number> = { none: 0, disruptive: 1, risky: 2 };

function targetKey(t: ResourceRef): string {
  const project = 'project' in t && typeof t.project === 'string' ? t.project : '';
  return `${t.type}:${project}:${t.id}`;
}

function methodOf(c: PlannedChange): RequestMethod {
  switch (c.target.type) {
    case 'project-team':
      return c.after === true ? 'POST' : 'DELETE';
    case 'spike-protection':
      return c.after === true ? 'POST' : 'DELETE';
    case 'invitation':
      return c.after === false ? 'DELETE' : 'POST';
    case 'key':
      return c.field === 'create' ? 'POST' : 'PUT';
    default:
      return 'PUT';
  }
}

function label(t: ResourceRef): string {
  switch (t.type) {
    case 'member':
    case 'invitation':
      return `${t.type} ${t.email}`;
    case 'key':
      return `key ${t.name ? `"${t.name}" ` : ''}${t.id.slice(0, 8)} of ${t.project}`;
    case 'filter':
      return `filter ${t.id} of ${t.project}`;
    case 'project-team':
      return `team ${t.id} on ${t.project}`;
    default:
      return `${t.type} ${t.id}`;
  }
}

/**
 * One request per control and resource: one org PUT for the org fields of a control, one per
 * project, key, filter, member, project-team link and invitation; spike protection: one request
 * with every project of the control. A risky change never shares a request with a safe one, so
 * holding it back holds back nothing else.
 */
export function groupIntoRequests(changes: readonly PlannedChange[]): ApiRequest[] {
  const byKey = new Map<string, ApiRequest>();
  const order: ApiRequest[] = [];
  for (const c of changes) {
    const controlId = controlOf(c.checkId);
    const method = methodOf(c);
    const risky = c.risk === 'risky' && !(c.target.type === 'key' && c.field === 'create');
    const tkey = c.target.type === 'spike-protection' ? `spike-protection::${method}` : targetKey(c.target);
    const createKey = c.target.type === 'key' && c.field === 'create' ? ':create' : '';
    const key = `${controlId}|${tkey}${createKey}|${method}|${risky ? 'risky' : ''}`;
    let req = byKey.get(key);
    if (!req) {
      const target: ResourceRef = c.target.type === 'spike-protection' ? { type: 'spike-protection', id: 'projects' } : c.target;
      req = {
        id: key,
        controlId,
        checkIds: [],
        target,
        method,
        description: '',
        changes: [],
        risk: 'none',
      };
      byKey.set(key, req);
      order.push(req);
    }
    req.changes.push(c);
    if (!req.checkIds.includes(c.checkId)) req.checkIds.push(c.checkId);
    if (RISK_RANK[c.risk] > RISK_RANK[req.risk]) req.risk = c.risk;
  }
  for (const r of order) {
    const what =
      r.target.type === 'spike-protection'
        ? `spike protection for ${r.changes.map((c) => c.target.id).join(', ')}`
        : r.target.type === 'key' && r.changes.some((c) => c.field === 'create')
          ? `new client key for ${'project' in r.target ? r.target.project : ''} (rotation)`
          : `${label(r.target)}: ${[...new Set(r.changes.map((c) => c.field))].join(', ')}`;
    r.description = `${r.method} ${what}`;
  }
  return order;
}
