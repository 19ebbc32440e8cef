// Lint = the layering of ARCHITECTURE.md. A layer imports only layers below it (type imports
// too: a type is a dependency on the module that owns it). `npm test` and CI run this.
import tsParser from '@typescript-eslint/parser';

/**
 * Lowest first. `dirs` are folders (import paths reach them as `…/name/…`); `files` are single
 * modules at the top of src/ (reached as `…/name.js`).
 */
export const LAYERS = [
  { name: 'base', files: ['errors', 'version', 'timing', 'levels', 'canonical-json', 'io', 'words', 'secrets', 'heap'] },
  { name: 'sentry', dirs: ['sentry'] },
  { name: 'simulator', dirs: ['simulator'] },
  { name: 'state', dirs: ['state'] },
  { name: 'steps', dirs: ['steps'], root: true },
  { name: 'snapshots', dirs: ['snapshots'] },
  { name: 'engine', dirs: ['engine'] },
  { name: 'report', dirs: ['report'] },
  { name: 'config', dirs: ['config'] },
  { name: 'ui', dirs: ['ui'] },
  { name: 'commands', dirs: ['commands'] },
  { name: 'entry', files: ['main', 'cli', 'cli-help'], dirs: ['bench'] },
];

/** Layers that must run without a terminal UI (scripts, CI, the bench). */
const HEADLESS = new Set(['base', 'sentry', 'simulator', 'state', 'steps', 'snapshots', 'engine', 'report']);
const UI_PACKAGES = ['ink', 'ink-*', 'react', 'react/*', 'react-dom', '@inkjs/*', '@inquirer/*'];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The source files of a layer, as flat-config globs. */
function globsOf(layer) {
  const base = layer.root ? '' : 'src/';
  return [
    ...(layer.dirs ?? []).map((d) => `${base}${d}/**/*.{ts,tsx}`),
    ...(layer.files ?? []).map((f) => `src/${f}.ts`),
  ];
}

/** A relative import specifier that reaches `layer`, from any depth (`../../steps/x.js`). */
function specifierRegex(layer) {
  const alts = [...(layer.dirs ?? []).map((d) => `${esc(d)}/`), ...(layer.files ?? []).map((f) => `${esc(f)}\\.js$`)];
  return `^\\.\\.?/(?:.*/)?(?:${alts.join('|')})`;
}

const layerConfigs = LAYERS.map((layer, rank) => {
  const above = LAYERS.slice(rank + 1);
  const patterns = above.map((up) => ({
    regex: specifierRegex(up),
    message: `layer "${layer.name}" must not import layer "${up.name}" (above it): move the shared fact down or pass it in (ARCHITECTURE.md)`,
  }));
  if (HEADLESS.has(layer.name)) {
    patterns.push({
      group: UI_PACKAGES,
      message: `layer "${layer.name}" runs without a terminal UI: no ink, react or inquirer (ARCHITECTURE.md)`,
    });
  }
  return {
    name: `layers/${layer.name}`,
    files: globsOf(layer),
    rules: patterns.length ? { 'no-restricted-imports': ['error', { patterns }] } : {},
  };
});

export default [
  { ignores: ['dist/**', 'node_modules/**', 'test/**', 'snapshots/**', 'coverage/**'] },
  {
    files: ['src/**/*.{ts,tsx}', 'steps/**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    // Only the layering rules run here; other tools' directives (no-control-regex) are not ours to judge.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  ...layerConfigs,
];
