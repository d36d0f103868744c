import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLines, writeLines } from './file-lines';

const dir = mkdtempSync(join(tmpdir(), 'cinema-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts: Record<string, string> = {
  'ends with a newline': 'one\ntwo\nthree\n',
  'ends without one': 'one\ntwo\nthree',
  empty: '',
  'only newlines': '\n\n\n',
  // Multi-byte characters that fall across read boundaries.
  'multi-byte text': 'ä€😀\nżółw\n日本語のテキスト\nend',
};

describe('fileLines and writeLines', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`read lines as split('\\n') does and write them back byte for byte: ${name}`, () => {
      const path = join(dir, 'in.txt');
      writeFileSync(path, text);
      // Reads of 5 bytes cut lines and characters alike.
      expect([...fileLines(path, 5)]).toEqual(text.split('\n'));
      const out = join(dir, 'out.txt');
      writeLines(out, fileLines(path, 5), 3);
      expect(readFileSync(out, 'utf8')).toBe(text);
    });
  }
});
