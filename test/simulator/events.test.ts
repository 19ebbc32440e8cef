// The simulator's events list behaves like src/sentry/api/endpoints/project_events.py: `full`
// (any non-empty value, Django `request.GET.get("full", False)`) selects EventSerializer with the
// entries; without it SimpleEventSerializer's fields only; offset cursors in the Link header
// (GenericOffsetPaginator); per_page capped at 100 (pagination_factory.py); ProjectEndpoint scopes.

import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim: startSim } = closedAfterEach();

describe('GET /api/0/projects/{org}/{project}/events/', () => {
  it('full payloads with full=…, simple ones without; newest first; Link cursors', async () => {
    const sim = await startSim();
    const get = (q: string, token = sim.token) => fetch(`${sim.url}/api/0/projects/acme/api-prod/events/${q}`, { headers: { Authorization: `Bearer ${token}` } });
    const simple = (await (await get('?per_page=2')).json()) as Record<string, unknown>[];
    expect(simple).toHaveLength(2);
    expect(simple[0]).not.toHaveProperty('entries');
    expect(simple[0]).toHaveProperty('eventID');
    expect(Date.parse(simple[0]!.dateCreated as string)).toBeGreaterThan(Date.parse(simple[1]!.dateCreated as string));
    for (const q of ['?full=true&per_page=2', '?full=1&per_page=2', '?full=0&per_page=2']) {
      const full = (await (await get(q)).json()) as Record<string, unknown>[];
      expect(full[0]).toHaveProperty('entries');
    }
    const res = await get('?full=true&per_page=50');
    expect(res.headers.get('link')).toMatch(/rel="next"; results="true"; cursor="0:50:0"/);
    const last = await get('?full=true&per_page=50&cursor=0:50:0');
    expect(((await last.json()) as unknown[]).length).toBe(10);
    expect(last.headers.get('link')).toMatch(/rel="next"; results="false"/);
    expect((await get('?per_page=101')).status).toBe(400);
    expect((await get('', sim.tokens.orgCi)).status).toBe(403);
    expect((await fetch(`${sim.url}/api/0/projects/acme/nope/events/`, { headers: { Authorization: `Bearer ${sim.token}` } })).status).toBe(404);
  });
});
