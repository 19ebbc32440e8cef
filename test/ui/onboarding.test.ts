// First-run onboarding with @inquirer/testing: server, token (masked, with the scopes and where to
// create it), organization from the API, level; what is remembered and what never is.

import { screen } from '@inquirer/testing/vitest';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { askServer, isPromptExit, runOnboarding, type OnboardingDeps } from '../../src/ui/onboarding.js';
import { requiredScopesFor } from '../../src/config/scopes.js';
import { UserError } from '../../src/errors.js';
import { createInquirerPrompter } from '../../src/config/prompts.js';
import { createLinePrompter } from '../../src/config/line-prompts.js';

function deps(over: Partial<OnboardingDeps> = {}): OnboardingDeps & { said: () => string; remembered: unknown[] } {
  const output = new PassThrough();
  let said = '';
  output.on('data', (d: Buffer) => (said += d.toString()));
  const remembered: unknown[] = [];
  return {
    listOrganizations: vi.fn(async () => [
      { id: '1', slug: 'acme', name: 'Acme Inc' },
      { id: '2', slug: 'globex', name: 'Globex' },
    ]),
    scopes: requiredScopesFor('wizard'),
    remember: (v) => remembered.push(v),
    context: { input: new PassThrough(), output },
    said: () => said,
    remembered,
    ...over,
  };
}

describe('onboarding', () => {
  it('asks for a self-hosted URL, the token (masked), the organization and the level', async () => {
    const d = deps();
    const done = runOnboarding({}, d);

    expect(screen.getScreen()).toContain('Where is your Sentry?');
    expect(screen.getScreen()).toContain('sentry.io (SaaS, US or EU region)');
    screen.keypress('down');
    screen.keypress('enter');
    await screen.next();

    expect(screen.getScreen()).toContain('Base URL of your Sentry server');
    screen.type('not a url');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('enter a URL');
    for (let i = 0; i < 'not a url'.length; i++) screen.keypress('backspace');
    screen.type('https://sentry.example.com/');
    screen.keypress('enter');
    await screen.next();

    expect(screen.getScreen()).toContain('Auth token (input hidden)');
    expect(d.said()).toContain('https://sentry.example.com/settings/account/api/auth-tokens/');
    expect(d.said()).toMatch(/org:read.*org:write.*org:admin.*member:admin.*project:write/);
    expect(d.said()).toContain('never saved');
    screen.type('sntryu_secret123');
    expect(screen.getScreen()).not.toContain('sntryu_secret123');
    screen.keypress('enter');
    await screen.next();

    expect(d.listOrganizations).toHaveBeenCalledWith('https://sentry.example.com', 'sntryu_secret123');
    expect(screen.getScreen()).toContain('Which organization?');
    expect(screen.getScreen()).toContain('globex (Globex)');
    screen.keypress('down');
    screen.keypress('enter');
    await screen.next();

    const levels = screen.getScreen();
    expect(levels).toContain('Which level?');
    expect(levels).toMatch(/L1 Baseline/);
    expect(levels).toMatch(/L2 Hardened/);
    expect(levels).toMatch(/L3 Maximum/);
    for (const line of levels.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    screen.keypress('down');
    screen.keypress('enter');

    await expect(done).resolves.toEqual({ url: 'https://sentry.example.com', org: 'globex', level: 'L2', token: 'sntryu_secret123' });
    // URL, org and level are remembered; the token never is
    expect(d.remembered).toEqual([{ url: 'https://sentry.example.com', org: 'globex', level: 'L2' }]);
    expect(JSON.stringify(d.remembered)).not.toContain('sntryu_');
  });

  it('asks only what is missing: sentry.io and a known org skip those questions', async () => {
    const d = deps();
    const done = runOnboarding({ org: 'acme', level: 'L1' }, d);
    expect(screen.getScreen()).toContain('Where is your Sentry?');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('Auth token');
    expect(d.said()).toContain('https://sentry.io/settings/account/api/auth-tokens/');
    screen.type('tok');
    screen.keypress('enter');
    await expect(done).resolves.toEqual({ url: 'https://sentry.io', org: 'acme', level: 'L1', token: 'tok' });
    expect(d.listOrganizations).not.toHaveBeenCalled();
  });

  it('offers saved preferences as each prompt\'s default: Enter accepts them, nothing is used silently', async () => {
    const d = deps({ suggested: { url: 'https://sentry.example.com', org: 'globex', level: 'L3' } });
    const done = runOnboarding({}, d);
    expect(screen.getScreen()).toMatch(/❯ Self-hosted Sentry/);
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('https://sentry.example.com');
    screen.keypress('enter');
    await screen.next();
    screen.type('tok');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ globex/);
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toMatch(/❯ L3 Maximum/);
    screen.keypress('enter');
    await expect(done).resolves.toEqual({ url: 'https://sentry.example.com', org: 'globex', level: 'L3', token: 'tok' });
  });

  it('with a token but no URL for this run, the saved URL is a choice next to sentry.io', async () => {
    const done = askServer('http://127.0.0.1:4000', createInquirerPrompter({ input: new PassThrough(), output: new PassThrough() }));
    expect(screen.getScreen()).toMatch(/❯ http:\/\/127\.0\.0\.1:4000 \(used last time\)/);
    expect(screen.getScreen()).toContain('https://sentry.io');
    screen.keypress('down');
    screen.keypress('enter');
    await expect(done).resolves.toBe('https://sentry.io');
  });

  it('Ctrl+C in a prompt rejects with an error the wizard maps to exit 130', async () => {
    const done = runOnboarding({}, deps());
    screen.keypress({ name: 'c', ctrl: true });
    const err = await done.catch((e: unknown) => e);
    expect(isPromptExit(err)).toBe(true);
  });

  it('a token that sees no organization is a message for the person, not an internal error', async () => {
    const d = deps({ listOrganizations: vi.fn(async () => []) });
    const done = runOnboarding({ url: 'https://sentry.io', token: 'sntryu_x', level: 'L1' }, d);
    await expect(done).rejects.toThrow(UserError);
    await expect(done).rejects.toThrow(/sees no organization/);
  });
});

describe('onboarding in line mode (--plain, TERM=dumb)', () => {
  it('asks the same questions as numbered lines, the saved values as [defaults], the token unseen; no escape sequence', async () => {
    const input = new PassThrough();
    const d = deps({ suggested: { url: 'https://sentry.example.com', org: 'globex', level: 'L3' } });
    const prompter = createLinePrompter({ input, output: d.context.output });
    const done = runOnboarding({}, { ...d, context: { input, output: d.context.output }, prompter });
    // Enter accepts each default: self-hosted, the saved URL, (token), globex, L3
    input.write('\n\nsntryu_tok\n\n\n');
    await expect(done).resolves.toEqual({ url: 'https://sentry.example.com', org: 'globex', level: 'L3', token: 'sntryu_tok' });
    prompter.close();
    const said = d.said();
    expect(said).toContain('Where is your Sentry?\n  1) sentry.io (SaaS, US or EU region)\n  2) Self-hosted Sentry\nNumber (1-2) [2]: ');
    expect(said).toContain('Base URL of your Sentry server [https://sentry.example.com]: ');
    expect(said).toContain('Which organization?\n  1) acme (Acme Inc)\n  2) globex (Globex)\nNumber (1-2) [2]: ');
    expect(said).toMatch(/ {2}3\) L3 Maximum: .* - for regulated or high-risk organizations\nNumber \(1-3\) \[3\]: /);
    expect(said).not.toContain('sntryu_tok');
    expect(said).not.toContain('\u001B');
  });
});
