import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';
import { NativeReader } from './native-reader';
import { astLine, bookmarkLine, eventLine, headerLine, linkLine, sourceLine } from './native-writer';

// What the writer produces is what it reads back: read -> write is the identity on its own output.
function rewrite(text: string): string {
  const reader = new NativeReader({ file: 'x.cinema' });
  const out: string[] = [];
  const s = new LineSplitter((line, n) => {
    const r = reader.read(line, n);
    if (n === 1) out.push(headerLine(reader.header!));
    if (!r) return;
    if (r.kind === 'event') out.push(eventLine(r, reader.timeBase!));
    else if (r.kind === 'ast') out.push(astLine(r));
    else if (r.kind === 'source') out.push(sourceLine(r));
    else if (r.kind === 'link') out.push(linkLine(r));
    else out.push(bookmarkLine(r, reader.timeBase!));
  });
  s.push(text);
  s.end();
  reader.finish();
  return out.join('\n') + '\n';
}

describe('native writer', () => {
  it('writes back every digit and is idempotent', () => {
    const input = [
      '{ "version":1, "format":"cinema-session", "epoch":"1700000000000000000", "time_unit":"ns", "custom":[1,2] }',
      '{"kind":"ast","name":"f","id":"f1"}',
      '{"kind":"source","file":"a.ex","text":"x = 1\\n"}',
      '{"timestamp":1700000000000000007, "kind":"event", "id":"a", "data":{"v":"ü\\u2028"}}',
      '{"kind":"event","timestamp":1700000000000000008,"id":"b","ast_node_id":"f1","correlation_id":null}',
      '{"kind":"link","from":"a","to":"b"}',
      '{"kind":"bookmark","timestamp":1699999999999999999,"label":"before"}',
      '{"kind":"bookmark","timestamp":1700000000000000008,"label":"b","note":"# Why\\n*retried* here"}',
    ].join('\n');
    const once = rewrite(input);
    expect(once.split('\n')[0]).toBe(
      '{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"1700000000000000000","custom":[1,2]}',
    );
    expect(once).toContain(
      '{"kind":"event","timestamp":1700000000000000007,"id":"a","ast_node_id":null,"correlation_id":null,"data":{"v":"ü\u2028"}}',
    );
    expect(once).toContain('"timestamp":1699999999999999999');
    // A bookmark's note (version 3) survives, a bookmark without one writes none.
    expect(once).toContain('{"kind":"bookmark","timestamp":1700000000000000008,"label":"b","note":"# Why\\n*retried* here"}');
    expect(once).toContain('{"kind":"bookmark","timestamp":1699999999999999999,"label":"before"}');
    expect(rewrite(once)).toBe(once);
  });
});
