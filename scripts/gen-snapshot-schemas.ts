// Writes snapshots/manifest.schema.json and snapshots/entry.schema.json from the zod schemas that
// validate a session on load (src/snapshots/schema.ts, whose entry target is steps/resource-ref.ts).
// Run `npm run gen:snapshots` after changing either; test/snapshots/store.test.ts fails while the
// files differ from what this writes.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotJsonSchemas } from '../src/snapshots/json-schema.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../snapshots');
const { manifest, entry } = snapshotJsonSchemas();
writeFileSync(path.join(dir, 'manifest.schema.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(path.join(dir, 'entry.schema.json'), `${JSON.stringify(entry, null, 2)}\n`);
console.log('wrote snapshots/manifest.schema.json and snapshots/entry.schema.json');
