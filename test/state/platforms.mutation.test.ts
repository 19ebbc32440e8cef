// Mutation tests for src/state/platforms.ts (issue 21). Expected kinds come from Sentry's lists in
// src/sentry/utils/platform_categories.py (FRONTEND, MOBILE, BACKEND, SERVERLESS, DESKTOP, CONSOLE):
// a platform Sentry lists both as a server and as a desktop platform (dotnet, java, kotlin, native)
// sends server events, so it is judged a server; one listed only as desktop/console is an app.
import { describe, expect, it } from 'vitest';
import { classifyPlatform, platformNote } from '../../src/state/platforms.js';

describe('classifyPlatform: Sentry\'s lists', () => {
  it.each([
    // BACKEND and DESKTOP: a server
    ['dotnet', 'server'], ['java', 'server'], ['kotlin', 'server'], ['native', 'server'],
    // DESKTOP / CONSOLE only: an app
    ['electron', 'app'], ['apple-macos', 'app'], ['godot', 'app'], ['minidump', 'app'], ['native-qt', 'app'],
    ['dotnet-wpf', 'app'], ['playstation', 'app'], ['nintendo', 'app'],
    // MOBILE (also when Sentry lists it as desktop too)
    ['flutter', 'app'], ['dotnet-maui', 'app'], ['unreal', 'app'], ['ionic', 'app'], ['apple-ios', 'app'],
    // FRONTEND: browser unless its SDK also runs elsewhere (unity, dart are FRONTEND and MOBILE/DESKTOP)
    ['unity', 'mixed'], ['dart', 'mixed'], ['javascript-ember', 'browser'], ['javascript-svelte', 'browser'],
    // SERVERLESS only
    ['python-awslambda', 'server'], ['node-gcpfunctions', 'server'], ['dotnet-awslambda', 'server'],
    // BACKEND
    ['php-symfony', 'server'], ['ruby-rack', 'server'], ['elixir', 'server'], ['bun', 'server'],
  ] as const)('%s → %s', (platform, kind) => {
    expect(classifyPlatform(platform)).toBe(kind);
  });

  it('reads the platform trimmed and case-insensitively', () => {
    expect(classifyPlatform(' Python ')).toBe('server');
    expect(classifyPlatform('JAVASCRIPT-REACT')).toBe('browser');
    expect(classifyPlatform(' Javascript-NextJS')).toBe('mixed');
    expect(classifyPlatform('  ')).toBe('unknown');
    expect(classifyPlatform(' OTHER ')).toBe('unknown');
    expect(classifyPlatform(undefined)).toBe('unknown');
  });

  it('a variant not (yet) in the lists takes its language family\'s kind; other families stay unknown', () => {
    // server families
    for (const p of ['go-chi', 'ruby-sinatra', 'php-slim', 'node-hono', 'rust-axum', 'csharp', 'deno-fresh', 'perl-dancer', 'elixir-phoenix', 'kotlin-ktor', 'java-quarkus', 'dotnet-blazor', 'bun-elysia']) {
      expect(classifyPlatform(p), p).toBe('server');
    }
    // app families
    for (const p of ['android-ndk', 'apple-visionos', 'cocoa-catalyst', 'native-sdl', 'unreal-5', 'godot-4', 'xbox', 'xbox-series', 'minidump-x', 'playstation-5', 'nintendo-switch']) {
      expect(classifyPlatform(p), p).toBe('app');
    }
    // neither: a person decides
    for (const p of ['javascript-qwik', 'javascriptx', 'pythonic', 'gopher', 'cobol-batch', 'react-native-web']) {
      expect(classifyPlatform(p), p).toBe('unknown');
    }
  });
});

describe('platformNote: why a project is judged as it is', () => {
  it('names the platform and its kind', () => {
    expect(platformNote('cobol')).toBe("platform cobol is not in Sentry's platform lists (platform_categories.py): whether its events come from browsers cannot be told");
    expect(platformNote('javascript-nextjs')).toBe('javascript-nextjs is a full-stack platform: the same project receives server-side errors');
    expect(platformNote('android')).toBe('android is a mobile or desktop app platform (pages load from file:// or localhost)');
    expect(platformNote('python')).toBe('python is a server platform');
    expect(platformNote('javascript-react')).toBe('javascript-react is a browser platform');
  });
  it('says when no platform is set', () => {
    for (const p of [null, undefined, '', '   ']) {
      expect(platformNote(p)).toBe("platform (no platform set) is not in Sentry's platform lists (platform_categories.py): whether its events come from browsers cannot be told");
    }
  });
});
