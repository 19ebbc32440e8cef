// The catalog (steps/index.ts) and level ranks (steps/types.ts) as properties, issue 21.
import { describe, expect, it } from 'vitest';
import { allCheckIds, CONTROLS, findCheck } from '../../steps/index.js';
import { levelRank, type ControlDef } from '../../steps/types.js';

const byNumbers = (a: string, b: string): number => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

describe('catalog', () => {
  it('lists every check once, in the guide\'s numeric order, each under its own control', () => {
    const ids = allCheckIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort(byNumbers));
    expect(CONTROLS.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id).sort(byNumbers));
    for (const id of ids) expect(findCheck(id)?.control.id, id).toBe(id.split('.').slice(0, 2).join('.'));
  });

  it('finds a check in the given controls only', () => {
    const mine: ControlDef[] = [{ ...CONTROLS[0]!, id: 'x', checks: [{ ...CONTROLS[0]!.checks[0]!, id: 'x.1' }] }];
    expect(findCheck('x.1', mine)?.control.id).toBe('x');
    expect(findCheck('1.1.1', mine)).toBeUndefined();
    expect(findCheck('x.1')).toBeUndefined();
    expect(allCheckIds(mine)).toEqual(['x.1']);
    expect(allCheckIds([])).toEqual([]);
  });

  it('returns the first control that has the id', () => {
    const a: ControlDef = { ...CONTROLS[0]!, id: 'a', checks: [{ ...CONTROLS[0]!.checks[0]!, id: 'same' }] };
    const b: ControlDef = { ...a, id: 'b' };
    expect(findCheck('same', [a, b])?.control.id).toBe('a');
  });
});

describe('levels', () => {
  it('ranks L1 below L2 below L3', () => {
    expect(levelRank('L1')).toBeLessThan(levelRank('L2'));
    expect(levelRank('L2')).toBeLessThan(levelRank('L3'));
    expect(levelRank('L1')).toBe(0);
  });
});
