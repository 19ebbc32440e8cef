// The simulator's seeds (`--seed`): demo and large (seed-demo.ts, seed-large.ts), and the demo
// org in two states of issue 18 that the API cannot create (seed-scenarios.ts).

export const SIMULATOR_SEEDS = ['demo', 'large', 'demo-sso-optional', 'demo-swept-long-ago'] as const;
export type SimulatorSeed = (typeof SIMULATOR_SEEDS)[number];
