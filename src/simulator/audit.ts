// Audit-log writing and the org audit-log endpoint (organization.md §6).

import type { Ctx, Reply } from './http.js';
import { HttpError, json, paginate, requireScope } from './http.js';
import type { SimAuditEntry, SimState, SimUser } from './state.js';
import { nextId } from './state.js';

/** Every registered API name the endpoint lists in `options` (a subset of register.py). */
export const AUDIT_EVENT_NAMES = [
  'member.invite', 'member.add', 'member.accept-invite', 'member.edit', 'member.remove', 'member.join-team',
  'member.leave-team', 'member.pending', 'member.reinvite', 'invite-request.create', 'invite-request.remove',
  'invite.remove', 'org.create', 'org.edit', 'org.remove', 'org.restore', 'sso.enable', 'sso.disable', 'sso.edit',
  'sso-identity.link', 'org-auth-token.create', 'org-auth-token.remove', 'api-key.create', 'api-key.edit',
  'api-key.remove', 'internal-integration.create', 'internal-integration.add-token', 'projectkey.create',
  'projectkey.edit', 'projectkey.change', 'projectkey.remove', 'team.create', 'team.edit', 'team.remove',
  'project.create', 'project.edit', 'project.remove', 'project.enable', 'project.disable', 'project-team.add',
  'project-team.remove', 'integration.add', 'integration.edit', 'integration.remove', 'alertrule.create',
  'alertrule.edit', 'rule.edit', 'monitor.edit',
];

export function actorOf(user: SimUser | null): SimAuditEntry['actor'] {
  if (!user) return { name: 'Organization Token' };
  return { id: user.id, email: user.email, name: user.name, username: user.username };
}

export interface AuditInput {
  event: string;
  actor: SimAuditEntry['actor'];
  note?: string;
  targetObject?: string | number | null;
  targetUser?: SimUser | null;
  data: Record<string, unknown>;
  date?: Date;
  ipAddress?: string;
}

export function writeAudit(state: SimState, e: AuditInput): SimAuditEntry {
  const entry: SimAuditEntry = {
    id: nextId(state),
    actor: e.actor,
    event: e.event,
    ipAddress: e.ipAddress ?? '127.0.0.1',
    note: e.note ?? e.event,
    targetObject: e.targetObject ?? null,
    targetUser: e.targetUser ? { id: e.targetUser.id, email: e.targetUser.email, name: e.targetUser.name } : null,
    data: e.data,
    dateCreated: (e.date ?? new Date()).toISOString(),
  };
  state.auditLog.push(entry);
  return entry;
}

export function audit(ctx: Ctx, e: Omit<AuditInput, 'actor'>): SimAuditEntry {
  return writeAudit(ctx.state, { ...e, actor: actorOf(ctx.user), date: e.date ?? ctx.now() });
}

function parseStatsPeriod(v: string): number {
  const m = /^(\d+)([smhdw])$/.exec(v);
  if (!m) throw new HttpError(400, { statsPeriod: ['Invalid statsPeriod'] });
  const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

function parseDate(v: string, field: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HttpError(400, { [field]: ['Enter a valid date/time.'] });
  return t;
}

/** GET organizations/{org}/audit-logs/ (control silo, org:write, newest first). */
export function listAuditLogs(ctx: Ctx): Reply {
  requireScope(ctx, ['org:write']);
  const q = ctx.url.searchParams;
  const event = q.get('event');
  const actor = q.get('actor');
  if (actor !== null && !/^\d+$/.test(actor)) throw new HttpError(400, { actor: ['A valid integer is required.'] });
  // the serializer's IntegerField(max_value=BoundedIntegerField.MAX_VALUE)
  if (actor !== null && Number(actor) > 2147483647) throw new HttpError(400, { actor: ['Ensure this value is less than or equal to 2147483647.'] });
  let start = -Infinity;
  let end = Infinity;
  const period = q.get('statsPeriod');
  if (period) start = ctx.now().getTime() - parseStatsPeriod(period);
  const s = q.get('start');
  const e = q.get('end');
  if (s) start = parseDate(s, 'start');
  if (e) end = parseDate(e, 'end');
  const rows: SimAuditEntry[] = [];
  const log = ctx.state.auditLog;
  // the log is appended in time order, so walking it backwards gives newest first
  for (let i = log.length - 1; i >= 0; i -= 1) {
    const entry = log[i];
    if (!entry) continue;
    if (event && entry.event !== event) continue;
    if (actor && entry.actor?.id !== actor) continue;
    const t = Date.parse(entry.dateCreated);
    if (t < start || t > end) continue;
    rows.push(entry);
  }
  rows.sort((a, b) => (a.dateCreated < b.dateCreated ? 1 : a.dateCreated > b.dateCreated ? -1 : Number(b.id) - Number(a.id)));
  const { page, headers } = paginate(ctx, rows);
  return json(200, { rows: page, options: AUDIT_EVENT_NAMES }, headers);
}
