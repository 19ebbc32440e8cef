// The hardening levels (POLICY.md): the lowest layer's fact, read by every layer above it
// (preferences, snapshots, collection, checks, reports).

export type Level = 'L1' | 'L2' | 'L3';
export const LEVELS: readonly Level[] = ['L1', 'L2', 'L3'];
export const levelRank = (l: Level): number => LEVELS.indexOf(l);
