// PlannedChanges -> API requests: each resource type's writer says the method and the grouping.

import type { PlannedChange, Risk } from '../../steps/types.js';
import { resourceKey } from './resources/adapter.js';
import { namesOf, writerOf } from './resources/index.js';
import type { ApiRequest } from './types.js';

export const controlOf = (checkId: string): string => checkId.split('.').slice(0, 2).join('.');

const RISK_RANK: Record<Risk, number> = { none: 0, disruptive: 1, risky: 2 };

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
    // a type without a writer gets a request anyway: the engine fails it with the reason
    const writer = writerOf(c.target.type);
    const method = writer?.method(c) ?? 'PUT';
    const risky = c.risk === 'risky' && writer?.needsNoOptIn?.(c) !== true;
    const group = writer?.group?.(c, method) ?? { key: resourceKey(c.target), target: c.target };
    const key = `${controlId}|${group.key}|${method}|${risky ? 'risky' : ''}`;
    let req = byKey.get(key);
    if (!req) {
      const target = group.target;
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
      writerOf(r.target.type)?.describeRequest?.(r) ??
      `${namesOf(r.target.type).inRequest(r.target)}: ${[...new Set(r.changes.map((c) => c.field))].join(', ')}`;
    r.description = `${r.method} ${what}`;
  }
  return order;
}
