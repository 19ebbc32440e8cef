// Checks whose verdict follows a Sentry or Relay rule name the source file (`sources`), as
// `owner/repo:path` of getsentry/sentry, getsentry/relay or getsentry/symbolicator (JavaScript source fetching).
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../steps/index.js';

const CITED = ['3.1.1', '3.1.2', '3.1.3', '3.1.9', '3.2.2', '3.3.1', '3.3.2', '3.3.3', '3.3.4', '3.3.6', '4.1.2'];

describe('check sources', () => {
  const checks = CONTROLS.flatMap((c) => c.checks);
  it.each(CITED)('%s cites its Sentry / Relay sources', (id) => {
    const check = checks.find((c) => c.id === id);
    expect(check?.sources?.length, id).toBeGreaterThan(0);
  });
  it('every citation is getsentry/<repo>:<path>', () => {
    for (const c of checks) for (const s of c.sources ?? []) expect(s, c.id).toMatch(/^getsentry\/(sentry|relay|symbolicator):[\w./-]+$/);
  });
});
