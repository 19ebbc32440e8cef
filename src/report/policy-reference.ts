// The policy file reference, generated from the zod schema (steps/policy.ts) so it cannot drift:
// `sentry-harden help policy` prints the text, scripts/gen-policy-docs.ts writes docs/policy.md
// and docs/policy.schema.json (a JSON Schema for editors), and a test compares both files.

import { z } from 'zod';
import { DEFAULT_POLICY, policySchema, type Policy } from '../../steps/policy.js';

export const POLICY_SCHEMA_ID = 'https://github.com/sentry-harden/sentry-harden/docs/policy.schema.json';

type Json = Record<string, unknown>;

/** The JSON Schema of a policy file: every key optional, unknown keys refused, defaults shown. */
export function policyJsonSchema(): Json {
  const { $schema, ...rest } = z.toJSONSchema(policySchema.partial(), { unrepresentable: 'any' }) as Json;
  const properties = { ...(rest.properties as Record<string, Json>) };
  for (const [key, value] of Object.entries(DEFAULT_POLICY)) properties[key] = { ...properties[key], default: value };
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'sentry-harden policy file',
    description: 'Parameters of `sentry-harden --policy FILE`. Every key is optional; a missing key keeps its default.',
    ...rest,
    properties: { $schema: { type: 'string', description: 'this schema, for editors' }, ...properties },
  };
}

/** "integer ≥ 1", "list of strings", "object: key → list of strings", ... */
function typeText(s: Json): string {
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeText).join(', or ');
  const bounds = [s.minimum !== undefined ? `≥ ${String(s.minimum)}` : '', typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : ''].filter(Boolean).join(', ');
  switch (s.type) {
    case 'integer':
    case 'number':
      return `${String(s.type)}${bounds ? ` ${bounds}` : ''}`;
    case 'string':
      return 'string';
    case 'array':
      return `list of ${typeText((s.items ?? {}) as Json)}s`;
    case 'object':
      if (s.properties) {
        const props = Object.entries(s.properties as Record<string, Json>).map(([k, v]) => `${k}: ${typeText(v)}`);
        return `{ ${props.join('; ')} }`;
      }
      return `object: project slug → ${typeText((s.additionalProperties ?? {}) as Json)}`;
    default:
      return 'value';
  }
}

interface Param {
  key: keyof Policy;
  type: string;
  default: string;
  description: string;
}

function params(): Param[] {
  const props = (z.toJSONSchema(policySchema, { unrepresentable: 'any' }) as Json).properties as Record<string, Json>;
  return (Object.keys(policySchema.shape) as (keyof Policy)[]).map((key) => {
    const d = DEFAULT_POLICY[key];
    const shown = d === '' || (Array.isArray(d) && d.length === 0) || (typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0) ? 'none' : JSON.stringify(d);
    return { key, type: typeText(props[key] ?? {}), default: shown, description: policySchema.shape[key].description ?? '' };
  });
}

const EXAMPLE = {
  $schema: './node_modules/sentry-harden/docs/policy.schema.json',
  maxOwners: 3,
  minOwners: 2,
  sensitiveFields: ['credit_card', 'iban', 'tax_id'],
  allowedDomains: { 'web-app': ['https://app.example.com'] },
  blockedIps: ['203.0.113.0/24'],
  orphanProjectTeam: 'platform',
  demoteOwners: ['former-cto@example.com'],
};

const INTRO = [
  '`--policy FILE` takes a JSON object with any of these parameters; a missing one keeps its',
  'default. Unknown keys and wrong types are refused, naming the key (exit 2). Guided checks',
  '(a team, origins, IP ranges, owners to demote) are asked in the wizard; `apply --yes` uses the',
  "policy's value or leaves the check failing, naming the parameter. `\"$schema\"` may point at",
  'docs/policy.schema.json (shipped in the package) for completion and checks in an editor.',
];

/** `sentry-harden help policy` */
export function renderPolicyText(): string {
  const out = ['sentry-harden policy file (--policy FILE)', '', ...INTRO, '', 'Parameters (checks that read them in parentheses):', ''];
  for (const p of params()) {
    out.push(`  ${p.key}  ${p.type}; default ${p.default}`);
    out.push(`      ${p.description}`);
  }
  out.push('', 'Example:', '', ...JSON.stringify(EXAMPLE, null, 2).split('\n').map((l) => `  ${l}`), '');
  return out.join('\n');
}

/** docs/policy.md */
export function renderPolicyMarkdown(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const out = [
    '# Policy file reference',
    '',
    '<!-- Generated from steps/policy.ts by `npm run gen:policy`; a test fails when this file drifts. -->',
    '',
    ...INTRO,
    '',
    'The same text: `sentry-harden help policy`. The JSON Schema: [policy.schema.json](policy.schema.json).',
    '',
    '| parameter | type | default | what it sets (checks) |',
    '| --- | --- | --- | --- |',
    ...params().map((p) => `| \`${p.key}\` | ${cell(p.type)} | \`${cell(p.default)}\` | ${cell(p.description)} |`),
    '',
    '## Example',
    '',
    '```json',
    JSON.stringify(EXAMPLE, null, 2),
    '```',
    '',
  ];
  return out.join('\n');
}
