import { describe, expect, it } from 'vitest';
import { rawTopLevelField } from './raw-fields';

describe('rawTopLevelField', () => {
  it('takes the digits of the common shape directly', () => {
    const line = '{"kind":"event","timestamp":1700000000123456789,"data":{}}';
    expect(rawTopLevelField(line, 'timestamp')).toEqual({ raw: '1700000000123456789', column: 29 });
  });

  it('finds a top-level field anywhere, never one nested in data', () => {
    const line = '{ "data": {"timestamp": 1, "s": "a \\"quoted\\" } { ] string"}, "list": [1, {"timestamp": 2}], "timestamp" : 42 }';
    const f = rawTopLevelField(line, 'timestamp')!;
    expect(f.raw).toBe('42');
    expect(line.slice(f.column - 1, f.column + 1)).toBe('42');
  });

  it('returns strings and fractions as written, and undefined when absent', () => {
    expect(rawTopLevelField('{"kind":"event","timestamp":"12"}', 'timestamp')!.raw).toBe('"12"');
    expect(rawTopLevelField('{"kind":"event","timestamp":1.5}', 'timestamp')!.raw).toBe('1.5');
    expect(rawTopLevelField('{"kind":"event"}', 'timestamp')).toBeUndefined();
    expect(rawTopLevelField('[1,2]', 'timestamp')).toBeUndefined();
  });
});
