// Which token scopes each command needs, and what for. Read-only commands warn about missing
// scopes and continue with what they can read; commands that change things fail up front.

import { SCOPE_PURPOSE } from '../sentry/errors.js';

export type CommandName =
  | 'wizard'
  | 'verify'
  | 'plan'
  | 'apply'
  | 'rollback'
  | 'audit-log'
  | 'snapshots'
  | 'controls'
  | 'demo'
  | 'simulator';

export interface ScopeNeed {
  scope: string;
  purpose: string;
}

export const WRITE_COMMANDS: ReadonlySet<CommandName> = new Set(['wizard', 'apply', 'rollback', 'demo']);

const need = (scope: string, purpose?: string): ScopeNeed => ({ scope, purpose: purpose ?? SCOPE_PURPOSE[scope] ?? scope });

const READ: ScopeNeed[] = [
  need('org:read'),
  need('member:read'),
  need('project:read'),
  need('org:write', 'read the audit log'),
  need('member:admin', "read members' authenticators"),
];

const WRITE: ScopeNeed[] = [
  need('org:read'),
  need('org:write', 'change organization settings and read the audit log'),
  need('org:admin', 'change owner-only settings such as defaultRole'),
  need('member:read'),
  need('member:admin', 'change member roles and read authenticators'),
  need('project:read'),
  need('project:write', 'change project, client key and filter settings'),
  need('project:admin', 'remove client keys created by a session (rollback)'),
];

export function requiredScopesFor(command: CommandName): ScopeNeed[] {
  switch (command) {
    case 'wizard':
    case 'apply':
    case 'rollback':
      return WRITE;
    case 'verify':
    case 'plan':
      return READ;
    case 'audit-log':
      return [need('org:write', 'read the audit log')];
    case 'demo':
    case 'snapshots':
    case 'controls':
    case 'simulator':
      return [];
  }
}

const LEVELS = ['read', 'write', 'admin'];

/** Sentry endpoints accept any of read|write|admin for a resource where read is needed, and so on. */
export function hasScope(scopes: readonly string[], scope: string): boolean {
  if (scopes.includes(scope)) return true;
  const [resource, level] = scope.split(':');
  const rank = LEVELS.indexOf(level ?? '');
  if (rank < 0) return false;
  return LEVELS.slice(rank + 1).some((l) => scopes.includes(`${resource}:${l}`));
}

export function missingScopes(scopes: readonly string[], needs: readonly ScopeNeed[]): ScopeNeed[] {
  return needs.filter((n) => !hasScope(scopes, n.scope));
}
