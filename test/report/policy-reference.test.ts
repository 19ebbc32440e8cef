// The policy reference ships with the tool and is generated from the zod schema, so it cannot
// drift: docs/policy.md and docs/policy.schema.json equal what scripts/gen-policy-docs.ts writes,
// `help policy` names every parameter, and errors point at it (users have no POLICY.md).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { policyJsonSchema, renderPolicyMarkdown, renderPolicyText } from '../../src/report/policy-reference.js';
import { DEFAULT_POLICY, parsePolicy, PolicyError, policySchema } from '../../steps/policy.js';
import { captureIo } from '../helpers/io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

describe('policy reference', () => {
  it('docs/policy.md and docs/policy.schema.json are what `npm run gen:policy` writes (no drift)', () => {
    expect(read('docs/policy.md'), 'run npm run gen:policy').toBe(renderPolicyMarkdown());
    expect(JSON.parse(read('docs/policy.schema.json')), 'run npm run gen:policy').toEqual(JSON.parse(JSON.stringify(policyJsonSchema())));
  });

  it('ships in the package', () => {
    const files = (JSON.parse(read('package.json')) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(['docs/policy.md', 'docs/policy.schema.json']));
  });

  it('documents every parameter with a description, a type and its default', () => {
    const text = renderPolicyText();
    for (const key of Object.keys(policySchema.shape)) {
      expect(policySchema.shape[key as keyof typeof policySchema.shape].description, key).toMatch(/\(\d+\.\d+\.\d+(, \d+\.\d+\.\d+)*\)/);
      expect(text).toMatch(new RegExp(`^  ${key}  .+; default `, 'm'));
    }
    const schema = policyJsonSchema() as { properties: Record<string, { default?: unknown }>; additionalProperties: unknown };
    expect(schema.additionalProperties).toBe(false);
    for (const [key, value] of Object.entries(DEFAULT_POLICY)) expect(schema.properties[key]?.default).toEqual(value);
  });

  it('`sentry-harden help policy` prints it (exit 0); the README example and "$schema" are accepted', async () => {
    const io = captureIo();
    expect(await main(['help', 'policy'], io)).toBe(0);
    expect(io.out()).toBe(renderPolicyText());
    const example = /```json\n(\{\n  "\$schema"[\s\S]*?)```/.exec(read('README.md'))?.[1];
    expect(example).toBeTruthy();
    expect(parsePolicy(JSON.parse(example!)).orphanProjectTeam).toBe('platform');
  });

  it('errors point at `sentry-harden help policy`, never at POLICY.md', () => {
    for (const bad of [[], { maxOwner: 3 }, { maxOwners: 'three' }]) {
      const e = (() => {
        try {
          parsePolicy(bad, '--policy p.json');
        } catch (err) {
          return err as Error;
        }
        throw new Error('accepted');
      })();
      expect(e).toBeInstanceOf(PolicyError);
      expect(e.message).toContain('sentry-harden help policy');
      expect(e.message).not.toContain('POLICY.md');
    }
    expect(read('README.md')).not.toContain('POLICY.md');
  });
});
