// A Chrome trace names its processes and threads (`process_name`, `thread_name` metadata): the
// session's listing carries those names for the timeline's and the flame chart's lanes.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { chunksOf } from '../testing/chunks';
import { importFile } from '../import/import-file';
import { inDatabase } from '../testing/database';
import { listSessions } from './sessions';

const trace = {
  traceEvents: [
    { name: 'process_name', ph: 'M', pid: 7, tid: 7, args: { name: 'Renderer' } },
    { name: 'thread_name', ph: 'M', pid: 7, tid: 9, args: { name: 'CrRendererMain' } },
    { name: 'Layout', cat: 'blink', ph: 'X', ts: 10, dur: 5, pid: 7, tid: 9, args: {} },
    { name: 'Paint', cat: 'blink', ph: 'X', ts: 20, dur: 5, pid: 8, tid: 1, args: {} },
  ],
};

describe('lane names', () => {
  it("come from a Chrome trace's metadata into the session's listing; other recordings have none", async () => {
    const opts = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const bytes = (text: string) => chunksOf(new TextEncoder().encode(text));
    await importFile(bytes(JSON.stringify(trace)), { ...opts, file: 'trace.json' });
    const recorded = [
      '{"format":"cinema-session","version":2,"name":"node a.js","time_unit":"ns","epoch":"0","processes":[4242]}',
      '{"kind":"event","timestamp":1,"ast_node_id":null,"correlation_id":null,"data":{"type":"flow_start","root":"main","pid":4242,"tid":0}}',
    ].join('\n');
    await importFile(bytes(recorded), { ...opts, file: 'a.cinema' });
    const listed = await inDatabase(opts, (db) => listSessions(db));
    expect(listed.map((s) => s.lane_names)).toEqual([{ processes: { '7': 'Renderer' }, threads: { '7:9': 'CrRendererMain' } }, undefined]);
  });
});
