// The order of collection's requests, seen at the simulator: per-project reads (key lists, inbound
// filters) start as soon as a page of the project list names the project, and member details as
// soon as a page of the member list names the member, not after the list's last page
// (src/state/collect.ts); each resource is still read once, and exactly the details the whole
// list asks for are kept.

import { describe, expect, it } from 'vitest';
import { collectOrgState } from '../../src/engine/collect.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { connectTo } from './collect-helpers.js';

const { sim } = closedAfterEach();

describe('collection order', () => {
  it('reads the keys of the first project page before the project list has its last page', async () => {
    // pages of 10 (a simulator knob): the 30 projects come in 3 pages
    const s = await sim({ seed: 'large', projects: 30, members: 20, keysPerProject: 1, latencyMs: 20, pageSize: 10 });
    const conn = await connectTo(s);
    s.stats.reset();
    const state = await collectOrgState(conn, { level: 'L3', policy: DEFAULT_POLICY });
    expect(state.projects.ok && state.projects.value).toHaveLength(30);
    expect(Object.values(state.keys).every((k) => k.ok)).toBe(true);
    const order = [...s.stats.byUrl.keys()];
    const projectPages = order.map((u, i) => [u, i] as const).filter(([u]) => /^GET \/api\/0\/organizations\/[^/]+\/projects\//.test(u));
    expect(projectPages).toHaveLength(3);
    const firstKeys = order.findIndex((u) => /\/keys\/\?/.test(u));
    expect(firstKeys).toBeGreaterThan(projectPages[0]![1]);
    expect(firstKeys).toBeLessThan(projectPages[2]![1]);
    // one key list per project, one filter list per browser JavaScript project, nothing twice
    expect([...s.stats.byUrl.entries()].filter(([u]) => u.startsWith('GET ')).every(([, n]) => n === 1)).toBe(true);
    expect(order.filter((u) => /\/keys\/\?/.test(u))).toHaveLength(30);
    expect(order.filter((u) => /\/filters\/$/.test(u))).toHaveLength(Object.keys(state.filters).length);
  });

  it('reads the details of members named on the first member page before the member list has its last page', async () => {
    // pages of 10: the 60 members come in several pages
    const s = await sim({ seed: 'large', projects: 2, members: 60, keysPerProject: 1, latencyMs: 20, pageSize: 10 });
    const conn = await connectTo(s);
    s.stats.reset();
    const state = await collectOrgState(conn, { level: 'L3', policy: DEFAULT_POLICY });
    const order = [...s.stats.byUrl.keys()];
    const memberPages = order.map((u, i) => [u, i] as const).filter(([u]) => /^GET \/api\/0\/organizations\/[^/]+\/members\/(\?|$)/.test(u));
    expect(memberPages.length).toBeGreaterThan(3);
    const details = order.map((u, i) => [u, i] as const).filter(([u]) => /^GET \/api\/0\/organizations\/[^/]+\/members\/[^/?]+\/$/.test(u));
    expect(details.length).toBeGreaterThan(0);
    expect(details[0]![1]).toBeLessThan(memberPages.at(-1)![1]);
    // nothing twice, and the details kept are exactly those read: the checks' choice from the whole list
    expect([...s.stats.byUrl.entries()].filter(([u]) => u.startsWith('GET ')).every(([, n]) => n === 1)).toBe(true);
    expect(state.memberDetails.ok).toBe(true);
    const kept = Object.keys(state.memberDetails.ok ? state.memberDetails.value : {}).sort();
    const read = details.map(([u]) => /members\/([^/]+)\/$/.exec(u)![1]!).sort();
    expect(kept).toEqual(read);
  });
});
