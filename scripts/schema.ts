// `npm run schema`: writes schema/cinema-session.schema.json from the types-only spec module
// (src/format/spec.ts), so the JSON Schema never drifts from the types. A test checks it is current.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_PATH = join(root, 'schema/cinema-session.schema.json');

/** The JSON Schema text for a header line and for every record line. */
export function generateSchema(): string {
  const generator = createGenerator({
    path: join(root, 'src/format/spec.ts'),
    tsconfig: join(root, 'src/tsconfig.json'),
    type: '*',
    expose: 'export',
    jsDoc: 'extended',
    skipTypeCheck: true,
    // Readers keep unknown header fields and ignore unknown record fields; the schema says so.
    additionalProperties: true,
  });
  const schema = generator.createSchema('*') as Record<string, unknown>;
  const out = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://cinema.invalid/schema/cinema-session.schema.json',
    title: 'Cinema session file (.cinema), version 1',
    description: 'Newline-delimited JSON: line 1 is a CinemaHeader, every later line a CinemaRecord.',
    definitions: schema.definitions,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, generateSchema());
  console.log(`schema: wrote ${SCHEMA_PATH}`);
}
