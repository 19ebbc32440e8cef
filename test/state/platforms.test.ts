// Classification from Sentry's lists (src/sentry/utils/platform_categories.py).
import { describe, expect, it } from 'vitest';
import { classifyPlatform } from '../../src/state/platforms.js';

describe('classifyPlatform', () => {
  it.each([
    ['javascript', 'browser'], ['javascript-react', 'browser'], ['javascript-vue', 'browser'], ['javascript-angular', 'browser'],
    ['javascript-nextjs', 'mixed'], ['javascript-nuxt', 'mixed'], ['javascript-sveltekit', 'mixed'], ['javascript-remix', 'mixed'],
    ['javascript-astro', 'mixed'], ['javascript-solidstart', 'mixed'], ['javascript-tanstackstart-react', 'mixed'], ['javascript-react-router', 'mixed'],
    ['javascript-cordova', 'app'], ['javascript-capacitor', 'app'], ['cordova', 'app'], ['capacitor', 'app'], ['javascript-electron', 'app'], ['react-native', 'app'], ['android', 'app'],
    ['python', 'server'], ['node-express', 'server'], ['java', 'server'], ['node-awslambda', 'server'], ['python-litestar', 'server'],
    ['javascript-someday', 'unknown'], [null, 'unknown'], ['', 'unknown'], ['other', 'unknown'], ['cobol', 'unknown'],
  ] as const)('%s → %s', (platform, kind) => {
    expect(classifyPlatform(platform)).toBe(kind);
  });
});
