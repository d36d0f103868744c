import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from './format-error';
import { LineSplitter } from './line-splitter';
import { NativeReader, type ReadRecord } from './native-reader';
import { FORMAT_VERSION } from './spec';

const HEADER =
  '{"format":"cinema-session","version":1,"name":"demo","time_unit":"ns","epoch":"1700000000000000000","producer":"test","extra":{"kept":true}}';

/** Whether the suite's readers keep payloads as text (the import's way) or parse them. */
let payloadText = false;

/** Reads a whole text; payloads kept as text come back parsed, so both ways compare alike. */
function readAll(text: string, strict = true): { reader: NativeReader; records: ReadRecord[] } {
  const reader = new NativeReader({ file: 'rec.cinema', strict, payloadText });
  const records: ReadRecord[] = [];
  const s = new LineSplitter((line, n) => {
    const r = reader.read(line, n);
    if (r && r.kind === 'event' && r.json !== undefined) {
      const { json, ...rest } = r;
      records.push({ ...rest, data: JSON.parse(json) });
    } else if (r) records.push(r);
  });
  s.push(text);
  s.end();
  reader.finish();
  return { reader, records };
}

function errorOf(text: string): string {
  try {
    readAll(text);
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError);
    return (err as Error).message;
  }
  throw new Error('expected a FormatError');
}

describe.each([false, true])('NativeReader (payloads kept as text: %s)', (asText) => {
  beforeAll(() => {
    payloadText = asText;
  });

  it('reads every kind of record with exact timestamps', () => {
    const text = [
      HEADER,
      '{"kind":"ast","id":"m","type":"module","name":"Shop"}',
      '{"kind":"ast","id":"f","type":"function","name":"add/2","parent_id":"m","file":"shop.ex","span":{"start_line":3,"start_col":3,"end_line":9,"end_col":6}}',
      '{"kind":"source","file":"shop.ex","text":"defmodule Shop do\\nend\\n"}',
      '{"kind":"event","timestamp":1700000000000000001,"id":"e1","ast_node_id":"f","correlation_id":"c1","data":{"type":"function_entry","module":"Shop","function":"add","arity":2,"args":[1,2],"pid":"<0.1.0>"}}',
      '{"kind":"event","timestamp":1700000000000000002,"id":"e2","ast_node_id":"f","correlation_id":"c1","data":{"type":"function_exit","return":3}}',
      '{"timestamp":1700000000000000002,"kind":"event"}',
      '{"kind":"link","from":"e1","to":"e2","label":"returns"}',
      '{"kind":"bookmark","timestamp":1700000000000000002,"label":"here"}',
      '',
    ].join('\n');
    const { reader, records } = readAll(text);
    expect(reader.header).toMatchObject({ name: 'demo', time_unit: 'ns', epoch: '1700000000000000000', extra: { kept: true } });
    expect(reader.counts).toEqual({ event: 3, ast: 2, source: 1, link: 1, bookmark: 1 });
    const events = records.filter((r) => r.kind === 'event');
    expect(events.map((e) => e.timestamp)).toEqual([1, 2, 2]);
    expect(events[2]).toMatchObject({ ast_node_id: null, correlation_id: null, data: null, id: null });
    expect(records.find((r) => r.kind === 'ast' && r.id === 'f')).toMatchObject({ parent_id: 'm', span: { start_line: 3 } });
  });

  it('says where and what for every kind of broken input', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /^rec\.cinema:1:1: expected a cinema-session header, found an empty file$/],
      ['\u0000\u0001\u00ff\u0007garbage', /^rec\.cinema:1:1: expected a cinema-session header line of JSON, found text that is not JSON/],
      [
        '{"kind":"event","timestamp":1}',
        /^rec\.cinema:1:1: expected a header with "format":"cinema-session", found a record before any header$/,
      ],
      [
        '{"format":"cinema-session","version":1.5,"time_unit":"ns","epoch":"0"}',
        /^rec\.cinema:1:1: expected format version 1 to \d+, found a fraction \(1\.5\)$/,
      ],
      [
        `{"format":"cinema-session","version":${FORMAT_VERSION + 1},"time_unit":"ns","epoch":"0"}`,
        new RegExp(
          `^rec\\.cinema:1:1: expected format version 1 to ${FORMAT_VERSION}, found the number ${FORMAT_VERSION + 1} \\(written by a newer Cinema\\)$`,
        ),
      ],
      [
        '{"format":"cinema-session","version":1,"time_unit":"s","epoch":"0"}',
        /:1:1: expected time_unit "ns", "us" or "ms", found a string \("s"\)$/,
      ],
      [
        '{"format":"cinema-session","version":1,"time_unit":"ns","epoch":1700}',
        /:1:1: expected epoch as a decimal string, found the number 1700$/,
      ],
      [`${HEADER}\n{"kind":"event","timestamp":"1700000000000000005"}`, /^rec\.cinema:2:29: expected an integer timestamp, found a string/],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000005.5}`,
        /^rec\.cinema:2:29: expected an integer timestamp, found 1700000000000000005\.5$/,
      ],
      [`${HEADER}\n{"kind":"event"}`, /^rec\.cinema:2:1: expected an integer timestamp, found no timestamp field$/],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000005,"ast_node_id":7}`,
        /^rec\.cinema:2:63: expected ast_node_id to be a string or null, found the number 7$/,
      ],
      [
        `${HEADER}\n{"kind":"frame","timestamp":1}`,
        /^rec\.cinema:2:9: expected a record kind of event, ast, source, link or bookmark, found a string \("frame"\)$/,
      ],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000005,"data":{"a":1`,
        /^rec\.cinema:2:\d+: expected a JSON record, found invalid JSON/,
      ],
      [`${HEADER}\n[1,2,3]`, /^rec\.cinema:2:1: expected a JSON object record, found an array$/],
      [
        `${HEADER}\n{"kind":"bookmark","timestamp":1700000000000000005,"label":"x","note":3}`,
        /^rec\.cinema:2:\d+: expected a bookmark note string, found the number 3$/,
      ],
      [
        `${HEADER}\n{"kind":"event","timestamp":1}`,
        /^rec\.cinema:2:29: timestamp 1 is more than 2\^53 units from the session epoch 1700000000000000000/,
      ],
      [
        `${HEADER}\n{"kind":"ast","id":"a"}\n{"kind":"ast","id":"a"}`,
        /^rec\.cinema:3:20: expected a new ast node id, found "a" again \(first defined on line 2\)$/,
      ],
      [
        `${HEADER}\n{"kind":"ast","id":"a","parent_id":"nowhere"}`,
        /^rec\.cinema:2:\d+: expected parent_id to name an ast record of this file, found "nowhere", which none defines \(child "a"\)$/,
      ],
      [
        `${HEADER}\n{"kind":"ast","id":"a","span":{"start_line":1}}`,
        /^rec\.cinema:2:\d+: expected span \{start_line, start_col, end_line, end_col\} of integers, found an object$/,
      ],
      [
        `${HEADER}\n{"kind":"link","from":"x","to":"y"}`,
        /^rec\.cinema:2:\d+: expected a link to name an event id of this file, found "x", which no event has$/,
      ],
    ];
    for (const [text, pattern] of cases) expect(errorOf(text), JSON.stringify(text.slice(0, 80))).toMatch(pattern);
  });

  it('reports a truncated last line at that line', () => {
    expect(errorOf(`${HEADER}\n{"kind":"event","timestamp":1700000000000000001}\n{"kind":"event","timest`)).toMatch(
      /^rec\.cinema:3:\d+: expected a JSON record, found invalid JSON/,
    );
  });

  it('reads one 50 MB line and data nested 10,000 levels deep without crashing', () => {
    const big = `{"kind":"event","timestamp":1700000000000000001,"data":"${'z'.repeat(50_000_000)}"}`;
    const deep = `{"kind":"event","timestamp":1700000000000000002,"data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    if (!payloadText) {
      const { records } = readAll(`${HEADER}\n${big}\n${deep}\n`);
      expect(records.length).toBe(2);
      expect((records[0] as { data: string }).data.length).toBe(50_000_000);
    } else {
      // Read for the store, which keeps at most 1,000 levels: refused where it is, with the store's words.
      expect(errorOf(`${HEADER}\n${big}\n${deep}\n`)).toBe(
        'rec.cinema:3:1: data is nested more than 1000 levels deep; the store keeps at most 1000',
      );
      const { records, reader } = readAll(`${HEADER}\n${big}\n${deep}\n`, false);
      expect([records.length, reader.skipped]).toEqual([1, 1]);
      expect((records[0] as { data: string }).data.length).toBe(50_000_000);
    }
  });

  it('skips bad records in lenient mode, counting them and keeping the first 20 messages', () => {
    const lines = [HEADER];
    for (let i = 0; i < 50; i++) lines.push(`{"kind":"event","timestamp":${i % 2 ? '"bad"' : `17000000000000000${10 + i}`}}`);
    lines.push('{"kind":"weird"}');
    const { reader, records } = readAll(lines.join('\n'), false);
    expect(records.length).toBe(25);
    expect(reader.skipped).toBe(26);
    expect(reader.messages.length).toBe(20);
    expect(reader.messages[0]).toBe('rec.cinema:3:29: expected an integer timestamp, found a string ("bad")');
  });
});

describe('NativeReader keeping payloads as text', () => {
  const read = (lines: string[]) => {
    const reader = new NativeReader({ file: 'rec.cinema', payloadText: true });
    return lines.map((l, i) => reader.read(l, i + 1));
  };

  it('hands out the payload text verbatim, digits and all', () => {
    const data = '{"big":12345678901234567890,"f":1.50,"e":1E+3,"s":"a\\"b\\n","n":[true,false,null,{}],"z":-0}';
    const [, e] = read([
      HEADER,
      `{"kind":"event","timestamp":1700000000000000003,"id":"e\\"1","ast_node_id":"a\\\\b","correlation_id":null,"data":${data},"later":[1]}`,
    ]);
    expect(e).toEqual({
      kind: 'event',
      line: 2,
      timestamp: 3,
      ast_node_id: 'a\\b',
      correlation_id: null,
      data: null,
      id: 'e"1',
      json: data,
    });
  });

  it('parses lines it cannot vouch for, giving the same event', () => {
    const [, spaced, unicode, absent] = read([
      HEADER,
      '{"kind": "event", "timestamp": 1700000000000000004, "data": {"a": 1}}',
      '{"kind":"event","timestamp":1700000000000000005,"data":"\\u00e9"}',
      '{"kind":"event","timestamp":1700000000000000006}',
    ]);
    expect(spaced).toMatchObject({ timestamp: 4, data: { a: 1 } });
    expect(spaced).not.toHaveProperty('json');
    expect(unicode).toMatchObject({ timestamp: 5, data: 'é' });
    expect(unicode).not.toHaveProperty('json');
    expect(absent).toMatchObject({ timestamp: 6, data: null, json: 'null' });
  });
});
