// speedscope's file format: evented profiles ({type:"evented", unit, startValue, events:[{type:
// "O"|"C", at, frame}]}) become entry/exit events, one process per profile, and the shared frames
// become AST nodes with their file and line. Sampled profiles carry no event times and are left
// out, with a note.
import { FormatError, found } from './format-error';
import { type ConvertOptions, type DocumentFormat, type ImportedDocument, STRICT, perElement } from './imported';
import type { ReadRecord } from './native-reader';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// Units to nanoseconds; "none" and "bytes" have no time, so one unit counts as one nanosecond.
const NS: Record<string, number> = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9, none: 1, bytes: 1 };

/** The speedscope reader. */
export const speedscope: DocumentFormat = {
  name: 'speedscope',
  byName: (file) => /\.speedscope\.json$/i.test(file),
  byContent: (doc) =>
    isObj(doc) && Array.isArray(doc.profiles) && (typeof doc.$schema === 'string' ? doc.$schema.includes('speedscope') : isObj(doc.shared)),
  convert: convertSpeedscope,
};

function convertSpeedscope(doc: unknown, file: string, opts: ConvertOptions = STRICT): ImportedDocument {
  if (!isObj(doc) || !Array.isArray(doc.profiles))
    throw new FormatError(file, 1, 1, `expected a speedscope file with "profiles", found ${found(doc)}`);
  const frames = (isObj(doc.shared) && Array.isArray(doc.shared.frames) ? doc.shared.frames : []) as unknown[];
  const records: ReadRecord[] = [];
  frames.forEach((f, i) => {
    if (!isObj(f) || typeof f.name !== 'string')
      throw new FormatError(file, 1, 1, `shared.frames[${i}]: expected a frame with a name, found ${found(f)}`);
    const node: ReadRecord = { kind: 'ast', id: `frame:${i}`, type: 'function', name: f.name, line: 0 };
    if (typeof f.file === 'string') node.file = f.file;
    if (Number.isSafeInteger(f.line))
      node.span = {
        start_line: f.line as number,
        start_col: Number.isSafeInteger(f.col) ? (f.col as number) : 1,
        end_line: f.line as number,
        end_col: Number.isSafeInteger(f.col) ? (f.col as number) : 1,
      };
    records.push(node);
  });
  const notes: string[] = [];
  doc.profiles.forEach((p, pi) => {
    const where = `profiles[${pi}]`;
    if (!isObj(p)) throw new FormatError(file, 1, 1, `${where}: expected a profile object, found ${found(p)}`);
    if (p.type !== 'evented') {
      notes.push(`${where} ("${String(p.name)}") is a ${String(p.type)} profile: it has no event times and was left out`);
      return;
    }
    const scale = NS[String(p.unit)];
    if (scale === undefined)
      throw new FormatError(
        file,
        1,
        1,
        `${where}: expected unit nanoseconds, microseconds, milliseconds, seconds, none or bytes, found ${found(p.unit)}`,
      );
    const process = typeof p.name === 'string' ? p.name : `profile ${pi}`;
    ((p.events as unknown[]) ?? []).forEach((e, ei) =>
      perElement(opts, () => {
        if (
          !isObj(e) ||
          (e.type !== 'O' && e.type !== 'C') ||
          typeof e.at !== 'number' ||
          !Number.isSafeInteger(e.frame) ||
          (e.frame as number) >= frames.length
        ) {
          throw new FormatError(
            file,
            1,
            1,
            `${where}.events[${ei}]: expected {type: "O" or "C", at: number, frame: index of shared.frames}, found ${JSON.stringify(e)}`,
          );
        }
        const frame = frames[e.frame as number] as Obj;
        records.push({
          kind: 'event',
          line: ei + 1,
          timestamp: Math.round(e.at * scale),
          ast_node_id: `frame:${e.frame}`,
          correlation_id: null,
          id: null,
          data: { type: e.type === 'O' ? 'function_entry' : 'function_exit', function: frame.name, pid: process, profile: pi },
        });
      }),
    );
  });
  return {
    format: 'speedscope',
    name: typeof doc.name === 'string' ? doc.name : undefined,
    time_unit: 'ns',
    epoch: '0',
    header: typeof doc.exporter === 'string' ? { exporter: doc.exporter } : {},
    records,
    notes,
  };
}
