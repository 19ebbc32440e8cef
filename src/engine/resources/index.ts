// Every resource type's adapter, keyed by type: a ResourceRef type without an adapter here does
// not compile. The engine, rollback, reports and wizard reach resource-specific behaviour only
// through these functions.

import type { ResourceRef } from '../../../steps/types.js';
import { ABSENT, type LiveReader, type LiveValue } from '../live.js';
import { sameValue } from '../values.js';
import type { ResourceAdapter, ResourceNames, ResourceType, ResourceWriter } from './adapter.js';
import { filter } from './filter.js';
import { invitation } from './invitation.js';
import { key } from './key.js';
import { member } from './member.js';
import { organization } from './organization.js';
import { orgAuthToken } from './org-auth-token.js';
import { projectTeam } from './project-team.js';
import { project } from './project.js';
import { auditLog, authProvider, relay, sentryApp, team } from './read-only.js';
import { spikeProtection } from './spike-protection.js';

export const RESOURCES: { readonly [K in ResourceType]: ResourceAdapter<K> } = {
  organization,
  project,
  member,
  invitation,
  team,
  key,
  filter,
  'project-team': projectTeam,
  'spike-protection': spikeProtection,
  'auth-provider': authProvider,
  'audit-log': auditLog,
  'org-auth-token': orgAuthToken,
  'sentry-app': sentryApp,
  relay,
};

const adapterOf = <K extends ResourceType>(type: K): ResourceAdapter<K> => RESOURCES[type];

/** How people call a resource of this type. */
export const namesOf = (type: ResourceType): ResourceNames<ResourceType> => adapterOf(type).names;

/** A change's field as a person reads it (`ResourceNames.label`), else the API's name. */
export const fieldText = (target: ResourceRef, field: string): string => namesOf(target.type).label?.(target, field) ?? field;

/** A value in words where the adapter has some (`ResourceNames.valueText`), else undefined. */
export const valueText = (target: ResourceRef, field: string, value: unknown): string | undefined => namesOf(target.type).valueText?.(target, field, value);

/** The writer of a resource type; null for types sentry-harden never changes. */
export const writerOf = (type: ResourceType): ResourceWriter<ResourceType> | null => adapterOf(type).write;

/** "key Default (web)", "organization acme" */
export const describeResource = (r: ResourceRef): string => namesOf(r.type).describe(r);

/** The live value of one field (`resource`: the project of a spike-protection field); ABSENT when gone. */
export function readLive(reader: LiveReader, target: ResourceRef, field: string, resource?: string): Promise<LiveValue> {
  const w = writerOf(target.type);
  return w ? w.read(reader, target, field, resource) : Promise.resolve(ABSENT);
}

/** Does the live value still hold the planned "before" (compared as the writer reads and Sentry stores it)? */
export function holdsBefore(target: ResourceRef, field: string, live: unknown, before: unknown): boolean {
  const w = writerOf(target.type);
  return sameValue(field, live, w?.beforeAsRead ? w.beforeAsRead(field, before) : before);
}

export type { Prepared, Readback, ResourceType, RefOf } from './adapter.js';
export { spikeProject } from './spike-protection.js';
