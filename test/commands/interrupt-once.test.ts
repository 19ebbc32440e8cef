// One Ctrl+C can reach the process twice (the terminal signals the whole process group, and a
// parent such as tsx or npm relays it again): the interrupt handler acts once, whatever arrives.

import { describe, expect, it } from 'vitest';
import { processSignals } from '../../src/commands/apply.js';

describe('processSignals', () => {
  it('runs the handler once for a doubled SIGINT and a later SIGTERM, and leaves no listener after release', () => {
    const others = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
    let calls = 0;
    const release = processSignals(() => (calls += 1));
    const ours = [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')].filter((l) => !others.has(l));
    expect(ours).toHaveLength(2);
    process.emit('SIGINT');
    process.emit('SIGINT');
    process.emit('SIGTERM');
    expect(calls).toBe(1);
    release();
    const left = [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];
    expect(ours.filter((l) => left.includes(l))).toEqual([]);
  });

  it('each registration acts once on its own (the wizard registers per apply phase)', () => {
    let calls = 0;
    const r1 = processSignals(() => (calls += 1), ['SIGINT']);
    process.emit('SIGINT');
    r1();
    const r2 = processSignals(() => (calls += 1), ['SIGINT']);
    process.emit('SIGINT');
    process.emit('SIGINT');
    r2();
    expect(calls).toBe(2);
  });
});
