import { expect } from 'vitest';

/** The error `p` rejects with, after checking it is a `kind`; fails the test if `p` resolves. */
export async function rejectsWith<E>(p: Promise<unknown>, kind: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as E;
  }
  throw new Error(`expected a ${kind.name}`);
}
