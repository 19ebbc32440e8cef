// A client key (DSN): PUT for its rate limit and active flag (always re-sending
// browserSdkVersion, which a PUT without it resets); POST for a rotation's replacement, whose
// rollback deactivates it (keys are never deleted).

import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT, LiveReader } from '../live.js';
import { sameValue } from '../values.js';
import { plural } from '../../words.js';
import { resourceKey, type Readback, type ResourceAdapter } from './adapter.js';
import { fieldsOf, fieldValue, restoreChange } from './fields.js';

/** The replacement key's name carries the session id, so the read-back and rollback find it. */
const keyName = (raw: string, shortId: string): string => {
  const base = raw.replace(/\{session\}/g, shortId);
  const tag = ` (sentry-harden ${shortId})`;
  if (base.includes(shortId)) return base.slice(0, 64);
  return `${base.slice(0, 64 - tag.length)}${tag}`;
};

export const key: ResourceAdapter<'key'> = {
  names: {
    noun: ['client key', 'client keys'],
    describe: (r) => `key ${r.name ?? r.id.slice(0, 8)} (${r.project})`,
    inRequest: (r) => `key ${r.name ? `"${r.name}" ` : ''}${r.id.slice(0, 8)} of ${r.project}`,
    short: (r) => `${r.project}/${r.name ?? r.id.slice(0, 8)}`,
    path: (org, r) => `${org}/project/${r.project}/key/${r.id}`,
    uriSegments: (r) => ['project', r.project, 'key', r.id],
    subject: (r) => r.project,
    project: (r) => r.project,
    // ProjectKeySerializer: rateLimit null is no limit on the key
    // a rotation's `create` change: before is null (no replacement yet), after the new key's
    // settings, copied from the old key (3.2.4)
    label: (_r, field) => (field === 'create' ? 'replacement key' : undefined),
    valueText: (_r, field, v) => {
      if (field === 'rateLimit' && v === null) return 'no rate limit';
      if (field === 'create') return v === null ? 'none' : "created, with the old key's rate limit and SDK settings";
      return undefined;
    },
    collapsed: (_r, changes, projects) => `${plural(changes, 'key')} in ${plural(projects, 'project')}`,
  },
  write: {
    method: (c) => (c.field === 'create' ? 'POST' : 'PUT'),
    // a rotation's new key is its own request (POST), apart from changes to the old key
    group: (c) => ({ key: `${resourceKey(c.target)}${c.field === 'create' ? ':create' : ''}`, target: c.target }),
    describeRequest: (req) =>
      req.changes.some((c) => c.field === 'create') && req.target.type === 'key' ? `new client key for ${req.target.project} (rotation)` : undefined,
    // creating a replacement key takes nothing away
    needsNoOptIn: (c) => c.field === 'create',
    async read(reader, t, field) {
      const k = (await reader.getKeys(t.project)).find((x) => x.id === t.id);
      return k ? fieldValue(k, field) : ABSENT;
    },
    async prepare({ conn, reader, req, target: t, session }) {
      const fields: EntryField[] = [];
      const { api } = conn;
      const org = conn.target.org;
      const keys = await reader.getKeys(t.project);
      const create = req.changes.find((c) => c.field === 'create');
      if (create) {
        const spec = (create.after ?? {}) as Record<string, unknown>;
        const oldId = typeof create.context?.rotates === 'string' ? create.context.rotates : t.id.replace(/^rotation-of-/, '');
        const old = keys.find((k) => k.id === oldId);
        const name = keyName(typeof spec.name === 'string' && spec.name ? spec.name : `${old?.name ?? 'key'} rotated`, session.shortId);
        // the old key's LIVE rate limit (3.2.1 may have just set it), else the planned one
        const rateLimit = old?.rateLimit ?? spec.rateLimit ?? null;
        const browserSdkVersion = spec.browserSdkVersion ?? old?.browserSdkVersion;
        const loader = spec.dynamicSdkLoaderOptions ?? old?.dynamicSdkLoaderOptions;
        const after = { name, rateLimit, ...(browserSdkVersion ? { browserSdkVersion } : {}), ...(loader ? { dynamicSdkLoaderOptions: loader } : {}) };
        fields.push({ field: 'create', before: null, after });
        return {
          fields,
          marker: { kind: 'key-create', project: t.project, name },
          send: async () => {
            const k = await api.createKey(org, t.project, { name, ...(rateLimit ? { rateLimit } : {}) });
            if (browserSdkVersion || loader) {
              await api.updateKey(org, t.project, k.id, {
                ...(browserSdkVersion ? { browserSdkVersion } : {}),
                ...(loader ? { dynamicSdkLoaderOptions: loader } : {}),
              });
            }
            return { keyId: k.id };
          },
        };
      }
      const found = keys.find((k) => k.id === t.id);
      if (!found) return { fields, localError: `client key ${t.id} of ${t.project} was not found` };
      const live = fieldsOf(found);
      // every key PUT that omits browserSdkVersion resets it: always re-send the live value
      const body: Record<string, unknown> = { browserSdkVersion: found.browserSdkVersion };
      for (const c of req.changes) {
        const lv = live[c.field] ?? null;
        if (sameValue(c.field, lv, c.after)) continue;
        body[c.field] = c.after;
        fields.push({ field: c.field, before: lv, after: c.after });
      }
      return { fields, send: async () => void (await api.updateKey(org, t.project, t.id, body)) };
    },
    async readBack(reader, t, prepared) {
      if (prepared.marker?.kind !== 'key-create') return undefined;
      const k = await reader.findKeyByName(t.project, prepared.marker.name);
      if (!k) return { allAfter: false, noneChanged: true, ignored: [{ field: 'create', live: ABSENT }] };
      // the new key must also carry what the old one had (set by the POST and a follow-up PUT)
      const want = (prepared.fields[0]?.after ?? {}) as Record<string, unknown>;
      const live = fieldsOf(k);
      const ignored: Readback['ignored'] = [];
      if (want.rateLimit && !sameValue('rateLimit', live.rateLimit ?? null, want.rateLimit)) ignored.push({ field: 'rateLimit', live: live.rateLimit ?? null });
      if (typeof want.browserSdkVersion === 'string' && live.browserSdkVersion !== want.browserSdkVersion) ignored.push({ field: 'browserSdkVersion', live: live.browserSdkVersion ?? null });
      const loader = want.dynamicSdkLoaderOptions;
      if (loader && typeof loader === 'object') {
        const liveLoader = (live.dynamicSdkLoaderOptions ?? {}) as Record<string, unknown>;
        if (Object.entries(loader).some(([name, v]) => liveLoader[name] !== v)) ignored.push({ field: 'dynamicSdkLoaderOptions', live: live.dynamicSdkLoaderOptions ?? null });
      }
      return { allAfter: ignored.length === 0, noneChanged: false, ignored, keyId: k.id };
    },
    async whyIgnored(conn, _req, t, field, _live, state) {
      if (field !== 'rateLimit') return undefined;
      const fromState = state.projects.ok ? state.projects.value.find((p) => p.slug === t.project) : undefined;
      const features = fromState?.features ?? (await new LiveReader(conn.api, conn.target.org).getProject(t.project).catch(() => undefined))?.features ?? [];
      if (!features.includes('rate-limits')) return `rateLimit: project ${t.project} lacks the rate-limits feature, so Sentry ignores rate limits on its keys (plan)`;
      return undefined;
    },
    async planRestore({ reader, entry: e, base }) {
      const m = e.marker;
      if (m?.kind !== 'key-create') return undefined;
      const keys = await reader.getKeys(m.project);
      const k = keys.find((x) => (m.keyId && x.id === m.keyId) || x.name === m.name);
      const fields = [{ field: 'isActive', before: false, after: true, live: k ? k.isActive : 'absent' }];
      if (!k) return { ...base, state: 'already-restored', fields, message: `the key "${m.name}" was never created`, restore: [] };
      if (!k.isActive) return { ...base, state: 'already-restored', fields, message: `the key "${m.name}" is already inactive`, restore: [] };
      return {
        ...base,
        state: 'restorable',
        fields,
        message: `deactivates the new key "${m.name}" (never deletes it)`,
        restore: [restoreChange(e, { type: 'key', id: k.id, project: m.project, name: k.name }, 'isActive', true, false)],
      };
    },
  },
};
