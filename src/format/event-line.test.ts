import { describe, expect, it } from 'vitest';
import { demoRecordingLines } from '../demo/recording';
import { seededRandom } from '../random';
import { type EventLineFields, scanEventLine } from './event-line';
import { rawTopLevelField } from './raw-fields';

const fields = (): EventLineFields => ({ timestamp: '', ast_node_id: null, correlation_id: null, id: null, data: 'null' });

/** What the general path makes of a line: the fields the scanner must agree with, or null. */
function general(line: string): { timestamp: string; ast_node_id: unknown; correlation_id: unknown; id: unknown; data: unknown } | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  if (r.kind !== 'event' || typeof r.timestamp !== 'number') return null;
  return {
    timestamp: rawTopLevelField(line, 'timestamp')!.raw,
    ast_node_id: r.ast_node_id ?? null,
    correlation_id: r.correlation_id ?? null,
    id: r.id ?? null,
    data: r.data ?? null,
  };
}

/** The scanner never accepts what JSON.parse refuses, and agrees with it on what it accepts. */
function agrees(line: string): boolean {
  const out = fields();
  if (!scanEventLine(line, out, 1000)) return false;
  const g = general(line);
  expect(g, line).not.toBeNull();
  expect(
    { timestamp: out.timestamp, ast_node_id: out.ast_node_id, correlation_id: out.correlation_id, id: out.id, data: JSON.parse(out.data) },
    line,
  ).toEqual(g);
  return true;
}

const demo = [...demoRecordingLines({ events: 3000, seed: 7 })].filter((l) => l.startsWith('{"kind":"event"'));

describe('scanEventLine', () => {
  it('reads every event line of a demo recording as JSON.parse does', () => {
    expect(demo.length).toBeGreaterThan(2500);
    for (const line of demo) expect(agrees(line), line).toBe(true);
  });

  it('reads lines that start in Cinema order and then differ', () => {
    const lines = [
      '{"kind":"event","timestamp":5,"ast_node_id":"a","correlation_id":"c","data":{"x":1},"extra":[2]}',
      '{"kind":"event","timestamp":5,"ast_node_id":"a","correlation_id":null}',
      '{"kind":"event","timestamp":5,"id":"e","ast_node_id":"a","data":3,"correlation_id":"c"}',
      '{"kind":"event","timestamp":5,"ast_node_id":"a","correlation_id":"c","data":1,"id":"late"}',
      '{"kind":"event","timestamp":-5e3,"correlation_id":"c","ast_node_id":"a"}',
    ];
    for (const line of lines) expect(agrees(line), line).toBe(true);
    // A key repeated after the Cinema-order part: JSON.parse keeps the last, so the general way reads it.
    expect(
      scanEventLine('{"kind":"event","timestamp":5,"ast_node_id":"a","correlation_id":"c","data":1,"ast_node_id":"b"}', fields(), 1000),
    ).toBe(false);
  });

  it('never accepts a line JSON.parse refuses, over 50,000 random edits of real lines', () => {
    const rand = seededRandom(11);
    const alphabet = '{}[]":,\\ -+.eE0123456789tfnulrsabu\u0001\u00e9';
    let accepted = 0;
    for (let n = 0; n < 50_000; n++) {
      let line = demo[Math.floor(rand() * demo.length)];
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * line.length);
        const ch = alphabet[Math.floor(rand() * alphabet.length)];
        const op = rand();
        line =
          op < 0.33
            ? line.slice(0, at) + line.slice(at + 1)
            : op < 0.66
              ? line.slice(0, at) + ch + line.slice(at)
              : line.slice(0, at) + ch + line.slice(at + 1);
      }
      if (agrees(line)) accepted++;
    }
    // Some edits keep the line valid (a digit for a digit): those must still read the same.
    expect(accepted).toBeGreaterThan(250);
  });

  it('sends unusual but valid lines the general way', () => {
    const ok = '{"kind":"event","timestamp":5,"data":{"a":1}}';
    expect(scanEventLine(ok, fields(), 1000)).toBe(true);
    const general: string[] = [
      '{"kind": "event","timestamp":5}', // white space
      ' {"kind":"event","timestamp":5}',
      '{"kind":"event","timestamp":5,"data":"\\u0041"}', // a \u escape
      '{"kind":"event","timestamp":5,"data":"a\\/b"}',
      '{"kind":"event","timestamp":5,"timestamp":6}', // a repeated key
      '{"kind":"event","kind":"event","timestamp":5}',
      '{"kind":"bookmark","timestamp":5,"label":"x"}',
      '{"k\\u0069nd":"event","timestamp":5}',
      '{"kind":"event","timestamp":"5"}',
      '{"kind":"event","timestamp":5,"id":null}',
      '{"kind":"event","timestamp":5,"ast_node_id":7}',
      '{"timestamp":5}',
      '{}',
    ];
    for (const line of general) expect(scanEventLine(line, fields(), 1000), line).toBe(false);
  });

  it('refuses broken JSON', () => {
    const broken = [
      '{"kind":"event","timestamp":05}',
      '{"kind":"event","timestamp":5.}',
      '{"kind":"event","timestamp":.5}',
      '{"kind":"event","timestamp":-}',
      '{"kind":"event","timestamp":1e}',
      '{"kind":"event","timestamp":+1}',
      '{"kind":"event","timestamp":5,"data":[1,]}',
      '{"kind":"event","timestamp":5,"data":{"a":1,}}',
      '{"kind":"event","timestamp":5,"data":{"a"}}',
      '{"kind":"event","timestamp":5,"data":"tab\there"}',
      '{"kind":"event","timestamp":5,"data":"\\x"}',
      '{"kind":"event","timestamp":5,"data":tru}',
      '{"kind":"event","timestamp":5,"data":[1}',
      '{"kind":"event","timestamp":5}x',
      '{"kind":"event","timestamp":5',
      '{"kind":"event","timestamp":5,"data":"open}',
    ];
    for (const line of broken) {
      expect(() => JSON.parse(line), line).toThrow();
      expect(scanEventLine(line, fields(), 1000), line).toBe(false);
    }
  });

  it('leaves payloads deeper than the limit to the general way', () => {
    const nested = (d: number) => `{"kind":"event","timestamp":5,"data":${'['.repeat(d)}1${']'.repeat(d)}}`;
    // As the store counts: in [[[1]]] the 1 is 3 levels deep, which a limit of 3 keeps.
    expect(scanEventLine(nested(3), fields(), 3)).toBe(true);
    expect(scanEventLine(nested(4), fields(), 3)).toBe(false);
    expect(scanEventLine(nested(10_000), fields(), 1000)).toBe(false);
  });
});
