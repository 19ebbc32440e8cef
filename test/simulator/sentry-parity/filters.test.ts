// Ported from getsentry/sentry tests/sentry/api/endpoints/test_project_filter_details.py
// (PUT projects/{org}/{project}/filters/{filter_id}/). The simulator answers 204 (the current
// schema) where that test version reads a 200 body, so the tests read the state back instead.

import { describe, expect, it } from 'vitest';
import { PRJ, call, sim } from './parity.js';

const F = 'test_project_filter_details.py';
const url = (id: string) => `${PRJ}/web-app/filters/${id}/`;
const opt = (s: Awaited<ReturnType<typeof sim>>, id: string) => s.state.projects.get('web-app')!.options.get(`filters:${id}`);
const last = (s: Awaited<ReturnType<typeof sim>>) => s.state.auditLog.at(-1)!;

describe(`${F} ProjectFilterDetailsTest`, () => {
  it(`${F}::ProjectFilterDetailsTest.test_browser_extensions`, async () => {
    const s = await sim();
    s.state.projects.get('web-app')!.options.set('filters:browser-extensions', '0');
    expect((await call(s, 'PUT', url('browser-extensions'), { body: { active: true } })).status).toBeLessThan(300);
    expect(opt(s, 'browser-extensions')).toBe('1');
    expect(last(s)).toMatchObject({ event: 'project.enable', data: { filter: 'browser-extensions' } });
    await call(s, 'PUT', url('browser-extensions'), { body: { active: false } });
    expect(opt(s, 'browser-extensions')).toBe('0');
    expect(last(s)).toMatchObject({ event: 'project.disable' });
    const listed = (await call(s, 'GET', `${PRJ}/web-app/filters/`)).body.find((f: { id: string }) => f.id === 'browser-extensions');
    expect(listed.active).toBe(false);
  });

  it(`${F}::ProjectFilterDetailsTest.test_health_check_filter`, async () => {
    const s = await sim();
    s.state.projects.get('web-app')!.options.set('filters:filtered-transaction', '0');
    await call(s, 'PUT', url('filtered-transaction'), { body: { active: true } });
    expect(opt(s, 'filtered-transaction')).toBe('1');
    await call(s, 'PUT', url('filtered-transaction'), { body: { active: false } });
    expect(opt(s, 'filtered-transaction')).toBe('0');
  });

  it(`${F}::ProjectFilterDetailsTest.test_legacy_browsers`, async () => {
    const s = await sim();
    const subfilters = ['safari_pre_6', 'ie11', 'opera_pre_15', 'edge_pre_79'];
    await call(s, 'PUT', url('legacy-browsers'), { body: { subfilters } });
    expect(new Set(opt(s, 'legacy-browsers') as string[])).toEqual(new Set(subfilters));
    expect(new Set(last(s).data.state as string[])).toEqual(new Set(subfilters));
    const listed = (await call(s, 'GET', `${PRJ}/web-app/filters/`)).body.find((f: { id: string }) => f.id === 'legacy-browsers');
    expect(new Set(listed.active)).toEqual(new Set(subfilters));
    // an empty list switches the filter off
    await call(s, 'PUT', url('legacy-browsers'), { body: { subfilters: [] } });
    expect(last(s)).toMatchObject({ event: 'project.disable' });
  });

  it(`${F}::ProjectFilterDetailsTest.test_legacy_browsers_subfilters_must_be_list`, async () => {
    const s = await sim();
    const before = opt(s, 'legacy-browsers');
    const r = await call(s, 'PUT', url('legacy-browsers'), { body: { subfilters: false } });
    expect(r.status).toBe(400);
    expect(r.body.subfilters[0]).toBe('Please provide a valid list.');
    expect(opt(s, 'legacy-browsers')).toEqual(before);
  });

  it(`${F} (FilterSerializer: active must be a DRF boolean; nothing changes otherwise)`, async () => {
    const s = await sim();
    const before = opt(s, 'localhost');
    const r = await call(s, 'PUT', url('localhost'), { body: { active: 'sometimes' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ active: ['Must be a valid boolean.'] });
    expect(opt(s, 'localhost')).toEqual(before);
  });

  it(`${F} (unknown filter id: 404)`, async () => {
    const s = await sim();
    expect((await call(s, 'PUT', url('no-such-filter'), { body: { active: true } })).status).toBe(404);
  });
});
