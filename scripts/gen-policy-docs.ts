// Writes docs/policy.md and docs/policy.schema.json from the zod schema of the policy file
// (steps/policy.ts). Run `npm run gen:policy` after changing a parameter; test/report/policy-reference.test.ts
// fails while the files differ from what this writes.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyJsonSchema, renderPolicyMarkdown } from '../src/report/policy-reference.js';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
writeFileSync(path.join(docs, 'policy.md'), renderPolicyMarkdown());
writeFileSync(path.join(docs, 'policy.schema.json'), `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
console.log('wrote docs/policy.md and docs/policy.schema.json');
