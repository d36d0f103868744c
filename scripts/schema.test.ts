import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH, generateSchema } from './schema';

describe('the committed JSON Schema', () => {
  it('is what `npm run schema` generates from src/format/spec.ts today', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(generateSchema());
  });

  it('describes the header and every record kind', () => {
    const defs = JSON.parse(generateSchema()).definitions;
    for (const name of ['CinemaHeader', 'EventRecord', 'AstRecord', 'SourceRecord', 'LinkRecord', 'BookmarkRecord'])
      expect(defs).toHaveProperty(name);
    expect(defs.CinemaHeader.required).toEqual(['format', 'version', 'time_unit', 'epoch']);
    expect(defs.EventRecord.properties.timestamp.description).toMatch(/digits from the text/);
  });
});
