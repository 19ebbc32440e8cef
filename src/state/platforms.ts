// What kind of software sends a project's events, from the project's `platform`. Browser-only
// inbound filters (localhost, web crawlers, browser extensions, legacy browsers) and allowed
// domains are about browser events; on a server they drop real errors (Relay's localhost filter
// also matches the request's Host / X-Forwarded-Host header, which is `localhost:3000` behind a
// reverse proxy: relay-filter src/localhost.rs).
//
// The platform lists are Sentry's own (src/sentry/utils/platform_categories.py, mirrored by
// static/app/data/platformCategories.tsx). Sentry files the full-stack JavaScript frameworks under
// FRONTEND only, but their SDKs (@sentry/nextjs, @sentry/nuxt, @sentry/sveltekit, @sentry/remix,
// @sentry/astro, @sentry/solidstart, @sentry/tanstackstart-react, @sentry/react-router) also run
// on the server and send server errors to the same project: those are `mixed`.

export type PlatformKind =
  /** events come from browsers only */
  | 'browser'
  /** a browser side and a server side share the project (full-stack frameworks) */
  | 'mixed'
  /** servers, serverless functions */
  | 'server'
  /** mobile, desktop and console apps (Cordova/Capacitor load from file:// or localhost) */
  | 'app'
  /** not in Sentry's lists (or no platform set): nobody can tell without asking a person */
  | 'unknown';

/** Sentry src/sentry/utils/platform_categories.py FRONTEND */
export const SENTRY_FRONTEND: ReadonlySet<string> = new Set([
  'dart', 'javascript', 'javascript-react', 'javascript-react-router', 'javascript-angular', 'javascript-angularjs',
  'javascript-backbone', 'javascript-ember', 'javascript-gatsby', 'javascript-vue', 'javascript-nuxt',
  'javascript-nextjs', 'javascript-remix', 'javascript-solid', 'javascript-solidstart', 'javascript-svelte',
  'javascript-sveltekit', 'javascript-tanstackstart-react', 'javascript-astro', 'unity',
]);

/** Sentry platform_categories.py MOBILE */
export const SENTRY_MOBILE: ReadonlySet<string> = new Set([
  'android', 'apple-ios', 'cordova', 'capacitor', 'javascript-cordova', 'javascript-capacitor', 'ionic',
  'react-native', 'flutter', 'dart-flutter', 'unity', 'dotnet-maui', 'dotnet-xamarin', 'unreal',
  'java-android', 'cocoa-objc', 'cocoa-swift',
]);

/** Sentry platform_categories.py BACKEND */
export const SENTRY_BACKEND: ReadonlySet<string> = new Set([
  'bun', 'deno', 'dotnet', 'dotnet-aspnet', 'dotnet-aspnetcore', 'elixir', 'go', 'go-echo', 'go-fasthttp',
  'go-fiber', 'go-gin', 'go-http', 'go-iris', 'go-martini', 'go-negroni', 'java', 'java-appengine',
  'java-log4j', 'java-log4j2', 'java-logback', 'java-logging', 'java-spring-boot', 'java-spring', 'kotlin',
  'native', 'node', 'node-cloudflare-pages', 'node-cloudflare-workers', 'node-connect', 'node-express',
  'node-fastify', 'node-hapi', 'node-koa', 'node-nestjs', 'perl', 'php-laravel', 'php-monolog',
  'php-symfony', 'php', 'powershell', 'python', 'python-aiohttp', 'python-asgi', 'python-bottle',
  'python-celery', 'python-chalice', 'python-django', 'python-falcon', 'python-fastapi', 'python-flask',
  'python-pylons', 'python-pymongo', 'python-pyramid', 'python-quart', 'python-rq', 'python-sanic',
  'python-starlette', 'python-tornado', 'python-tryton', 'python-wsgi', 'ruby', 'ruby-rack', 'ruby-rails', 'rust',
]);

/** Sentry platform_categories.py SERVERLESS */
export const SENTRY_SERVERLESS: ReadonlySet<string> = new Set([
  'dotnet-awslambda', 'dotnet-gcpfunctions', 'node-awslambda', 'node-azurefunctions', 'node-gcpfunctions',
  'node-cloudflare-pages', 'node-cloudflare-workers', 'python-awslambda', 'python-azurefunctions',
  'python-gcpfunctions', 'python-serverless',
]);

/** Sentry platform_categories.py DESKTOP, CONSOLE and TEMPORARY */
export const SENTRY_DESKTOP_CONSOLE: ReadonlySet<string> = new Set([
  'apple-macos', 'dotnet', 'dotnet-maui', 'dotnet-winforms', 'dotnet-wpf', 'electron', 'flutter', 'godot',
  'java', 'javascript-electron', 'kotlin', 'minidump', 'native', 'native-breakpad', 'native-crashpad',
  'native-minidump', 'native-qt', 'unity', 'unreal', 'playstation', 'nintendo',
]);

/**
 * FRONTEND platforms whose SDK also runs on a server (full-stack frameworks) or outside a browser
 * (Dart servers and CLIs, Unity games): not browser-only.
 */
export const MIXED_FRONTEND: ReadonlySet<string> = new Set([
  'javascript-nextjs', 'javascript-nuxt', 'javascript-remix', 'javascript-sveltekit', 'javascript-astro',
  'javascript-solidstart', 'javascript-tanstackstart-react', 'javascript-react-router', 'dart', 'unity',
]);

/**
 * Language families Sentry lists only as server or app platforms: a variant not (yet) in the lists
 * above (`python-litestar`, `go-chi`) still cannot be a browser.
 */
const SERVER_FAMILIES = ['python', 'java', 'go', 'ruby', 'php', 'dotnet', 'node', 'elixir', 'rust', 'perl', 'kotlin', 'csharp', 'bun', 'deno'];
const APP_FAMILIES = ['android', 'apple', 'cocoa', 'native', 'flutter', 'unreal', 'godot', 'minidump', 'playstation', 'nintendo', 'xbox'];

export const PLATFORM_SOURCES = [
  'getsentry/sentry:src/sentry/utils/platform_categories.py',
  'getsentry/sentry:static/app/data/platformCategories.tsx',
] as const;

export function classifyPlatform(platform: string | null | undefined): PlatformKind {
  // no platform, and Sentry's "other", are in no list and no family below: they end as 'unknown'
  const p = (platform ?? '').trim().toLowerCase();
  if (SENTRY_FRONTEND.has(p)) return MIXED_FRONTEND.has(p) ? 'mixed' : 'browser';
  if (SENTRY_MOBILE.has(p) || SENTRY_DESKTOP_CONSOLE.has(p) && !SENTRY_BACKEND.has(p)) return 'app';
  if (SENTRY_BACKEND.has(p) || SENTRY_SERVERLESS.has(p)) return 'server';
  const family = p.split('-')[0] ?? p;
  if (SERVER_FAMILIES.includes(family)) return 'server';
  if (APP_FAMILIES.includes(family)) return 'app';
  return 'unknown';
}

/** Why a project of this platform is not evaluated as a browser project, or must be decided by a person. */
export function platformNote(platform: string | null | undefined): string {
  const kind = classifyPlatform(platform);
  const name = platform && platform.trim() !== '' ? platform : '(no platform set)';
  switch (kind) {
    case 'unknown':
      return `platform ${name} is not in Sentry's platform lists (platform_categories.py): whether its events come from browsers cannot be told`;
    case 'mixed':
      return `${name} is a full-stack platform: the same project receives server-side errors`;
    case 'app':
      return `${name} is a mobile or desktop app platform (pages load from file:// or localhost)`;
    case 'server':
      return `${name} is a server platform`;
    default:
      return `${name} is a browser platform`;
  }
}
