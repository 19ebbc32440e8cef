// Project platforms Sentry accepts: Project.is_valid_platform (src/sentry/models/project.py) takes
// an empty value, "other" or one of GETTING_STARTED_DOCS_PLATFORMS (the list below, as of the
// getsentry/sentry source read for issue 11). Anything else is `{"platform": ["Invalid platform"]}`.

export const VALID_PLATFORMS: ReadonlySet<string> = new Set([
  'other',
  'android', 'apple', 'apple-ios', 'apple-macos', 'bun', 'capacitor', 'cloudflare-pages', 'cloudflare-workers',
  'cordova', 'dart', 'deno', 'dotnet', 'dotnet-aspnet', 'dotnet-aspnetcore', 'dotnet-awslambda',
  'dotnet-gcpfunctions', 'dotnet-maui', 'dotnet-uwp', 'dotnet-winforms', 'dotnet-wpf', 'dotnet-xamarin', 'electron',
  'elixir', 'flutter', 'go', 'go-echo', 'go-fasthttp', 'go-fiber', 'go-gin', 'go-http', 'go-iris', 'go-martini',
  'go-negroni', 'ionic', 'java', 'java-log4j2', 'java-logback', 'java-spring', 'java-spring-boot', 'javascript',
  'javascript-angular', 'javascript-astro', 'javascript-ember', 'javascript-gatsby', 'javascript-nextjs',
  'javascript-react', 'javascript-remix', 'javascript-solid', 'javascript-solidstart', 'javascript-svelte',
  'javascript-sveltekit', 'javascript-nuxt', 'javascript-vue', 'kotlin', 'minidump', 'native', 'native-qt',
  'nintendo-switch', 'node', 'node-awslambda', 'node-azurefunctions', 'node-connect', 'node-express',
  'node-fastify', 'node-gcpfunctions', 'node-hapi', 'node-koa', 'node-nestjs', 'php', 'php-laravel', 'php-symfony',
  'powershell', 'python', 'python-aiohttp', 'python-asgi', 'python-awslambda', 'python-bottle', 'python-celery',
  'python-chalice', 'python-django', 'python-falcon', 'python-fastapi', 'python-flask', 'python-gcpfunctions',
  'python-pylons', 'python-pymongo', 'python-pyramid', 'python-quart', 'python-rq', 'python-sanic',
  'python-serverless', 'python-starlette', 'python-tornado', 'python-tryton', 'python-wsgi', 'react-native', 'ruby',
  'ruby-rack', 'ruby-rails', 'rust', 'unity', 'unreal',
]);
