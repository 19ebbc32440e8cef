// Ported from getsentry/sentry tests/sentry/core/endpoints/test_project_keys.py and
// test_project_key_details.py (projects/{org}/{project}/keys/ and keys/{key_id}/). Internal keys
// (use cases other than `user`) are added to the simulator's state the way the Sentry tests
// create ProjectKey rows; the callers are never superusers.

import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { addKey } from '../../../src/simulator/state.js';
import { PRJ, call, sim } from './parity.js';

const K = 'test_project_keys.py';
const D = 'test_project_key_details.py';
const LIST = `${PRJ}/worker/keys/`;

function internalKey(s: RunningSimulator) {
  const key = { ...s.state.keysByProject.get('worker')![0]!, id: 'f'.repeat(32), secret: 'e'.repeat(32), seq: 9999, name: 'profiling', useCase: 'profiling', dynamicSdkLoaderOptions: {} };
  addKey(s.state, key);
  return key;
}

async function firstKey(s: RunningSimulator) {
  return (await call(s, 'GET', LIST)).body[0] as { id: string };
}

describe(`${K} ListProjectKeysTest / CreateProjectKeyTest`, () => {
  it(`${K}::ListProjectKeysTest.test_simple`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', LIST);
    expect(r.status).toBe(200);
    expect(r.body.map((k: { public: string }) => k.public).sort()).toEqual(s.state.keysByProject.get('worker')!.map((k) => k.id).sort());
  });

  it(`${K}::ListProjectKeysTest.test_playstation_dsn / test_otlp_traces_endpoint / test_otlp_logs_endpoint`, async () => {
    const s = await sim();
    const k = (await call(s, 'GET', LIST)).body[0];
    expect(k.dsn.playstation).toMatch(/\/api\/\d+\/playstation\/\?sentry_key=/);
    expect(k.dsn.otlp_traces).toMatch(/\/integration\/otlp\/v1\/traces$/);
    expect(k.dsn.otlp_logs).toMatch(/\/integration\/otlp\/v1\/logs$/);
  });

  it(`${K}::ListProjectKeysTest.test_use_case`, async () => {
    const s = await sim();
    const internal = internalKey(s);
    const r = await call(s, 'GET', LIST);
    expect(r.body.map((k: { public: string }) => k.public)).not.toContain(internal.id);
    expect(r.body.every((k: object) => !('useCase' in k))).toBe(true);
  });

  it(`${K}::CreateProjectKeyTest.test_simple`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { name: 'hello world', rateLimit: { count: 10, window: 60 } } });
    expect(r.status).toBe(201);
    const key = s.state.keys.get(r.body.public)!;
    expect(key.name).toBe('hello world');
    expect(key.rateLimit).toEqual({ count: 10, window: 60 });
  });

  it(`${K}::CreateProjectKeyTest.test_minimal_args`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST);
    expect(r.status).toBe(201);
    expect(s.state.keys.get(r.body.public)!.name).toBeTruthy();
  });

  it(`${K}::CreateProjectKeyTest.test_keys`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { public: 'a'.repeat(32), secret: 'b'.repeat(32) } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ public: 'a'.repeat(32), secret: 'b'.repeat(32) });
  });

  it(`${K}::CreateProjectKeyTest.test_cannot_create_internal`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { public: 'a'.repeat(32), secret: 'b'.repeat(32), useCase: 'profiling' } });
    expect(r.status).toBe(201);
    expect(s.state.keys.get('a'.repeat(32))!.useCase ?? 'user').toBe('user');
  });
});

describe(`${D} UpdateProjectKeyTest / DeleteProjectKeyTest`, () => {
  const url = (id: string) => `${LIST}${id}/`;

  it(`${D}::UpdateProjectKeyTest.test_simple`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    expect((await call(s, 'PUT', url(k.id), { body: { name: 'hello world' } })).status).toBe(200);
    expect(s.state.keys.get(k.id)!.name).toBe('hello world');
  });

  it(`${D}::UpdateProjectKeyTest.test_no_rate_limit`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    s.state.keys.get(k.id)!.rateLimit = { window: 60, count: 1 };
    expect((await call(s, 'PUT', url(k.id), { body: { rateLimit: null } })).status).toBe(200);
    expect(s.state.keys.get(k.id)!.rateLimit).toBeNull();
  });

  it(`${D}::UpdateProjectKeyTest.test_unset_rate_limit`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    s.state.keys.get(k.id)!.rateLimit = { window: 60, count: 1 };
    expect((await call(s, 'PUT', url(k.id))).status).toBe(200);
    expect(s.state.keys.get(k.id)!.rateLimit).toEqual({ window: 60, count: 1 });
  });

  it(`${D}::UpdateProjectKeyTest.test_simple_rate_limit`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    expect((await call(s, 'PUT', url(k.id), { body: { rateLimit: { count: 1, window: 60 } } })).status).toBe(200);
    expect(s.state.keys.get(k.id)!.rateLimit).toEqual({ count: 1, window: 60 });
  });

  it(`${D}::UpdateProjectKeyTest.test_rate_limit_change_data`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    s.state.keys.get(k.id)!.rateLimit = null;
    await call(s, 'PUT', url(k.id), { body: { rateLimit: { count: 1, window: 60 } } });
    const e = [...s.state.auditLog].reverse().find((x) => x.event === 'projectkey.edit')!;
    expect(e.data).toMatchObject({ prev_rate_limit_count: null, prev_rate_limit_window: null, rate_limit_count: 1, rate_limit_window: 60 });
  });

  it(`${D}::UpdateProjectKeyTest.test_deactivate`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    expect((await call(s, 'PUT', url(k.id), { body: { isActive: false, name: 'hello world' } })).status).toBe(200);
    expect(s.state.keys.get(k.id)).toMatchObject({ isActive: false, name: 'hello world' });
  });

  it(`${D}::UpdateProjectKeyTest.test_dynamic_sdk_loader_options`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    const opts = () => s.state.keys.get(k.id)!.dynamicSdkLoaderOptions;
    expect((await call(s, 'PUT', url(k.id), { body: { dynamicSdkLoaderOptions: { hasReplay: false, hasDebug: true } } })).status).toBe(200);
    expect(opts()).toMatchObject({ hasReplay: false, hasDebug: true });
    expect((await call(s, 'PUT', url(k.id), { body: { dynamicSdkLoaderOptions: { hasDebug: false, 'invalid-key': 'blah' } } })).status).toBe(200);
    expect(opts()).toMatchObject({ hasReplay: false, hasDebug: false });
    const before = { ...opts() };
    const bad = await call(s, 'PUT', url(k.id), { body: { dynamicSdkLoaderOptions: { hasReplay: 'invalid' } } });
    expect(bad.status).toBe(400);
    expect(opts()).toEqual(before);
    expect((await call(s, 'PUT', url(k.id), { body: { dynamicSdkLoaderOptions: { 'invalid-key': 'blah' } } })).status).toBe(200);
    expect(opts()).toEqual(before);
  });

  it(`${D}::UpdateProjectKeyTest.test_use_case`, async () => {
    const s = await sim();
    const internal = internalKey(s);
    expect((await call(s, 'PUT', url(internal.id), { body: { name: 'hello world' } })).status).toBe(404);
    expect(s.state.keys.get(internal.id)!.name).toBe('profiling');
  });

  it(`${D}::UpdateProjectKeyTest.test_cannot_upgrade_to_internal`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    await call(s, 'PUT', url(k.id), { body: { useCase: 'profiling', name: 'updated' } });
    expect(s.state.keys.get(k.id)!.name).toBe('updated');
    expect(s.state.keys.get(k.id)!.useCase ?? 'user').toBe('user');
  });

  it(`${D}::DeleteProjectKeyTest.test_simple`, async () => {
    const s = await sim();
    const k = await firstKey(s);
    expect((await call(s, 'DELETE', url(k.id))).status).toBe(204);
    expect(s.state.keys.has(k.id)).toBe(false);
  });

  it(`${D}::DeleteProjectKeyTest.test_use_case`, async () => {
    const s = await sim();
    const internal = internalKey(s);
    expect((await call(s, 'DELETE', url(internal.id))).status).toBe(404);
    expect(s.state.keys.has(internal.id)).toBe(true);
    expect((await call(s, 'GET', url(internal.id))).status).toBe(404);
  });
});
