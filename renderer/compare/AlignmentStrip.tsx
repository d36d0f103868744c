// The two runs stacked around their first divergence, aligned by position in the edit script (not
// by time, which differs between runs): one cell per event, coloured by its AST node as in the
// flame chart, a gap where one run has an event the other has not (marked), the divergence ruled.
import type { AlignedColumn } from './alignment';
import { hueOf } from '../session/flame/flame-draw';
import { describeEvent } from '../session/describe';

const cell = (e: AlignedColumn['a'], mark: string) =>
  e ? (
    <span className={`cell ${mark}`} style={{ background: `hsl(${hueOf(e.ast_node_id ?? '')} 55% 70%)` }} title={describeEvent(e)} />
  ) : (
    <span className="cell gap" title="not in this run" />
  );

export function AlignmentStrip({ columns, common }: { columns: AlignedColumn[]; common: number }) {
  return (
    <div className="alignment" data-testid="alignment" aria-label="Both runs aligned around the divergence">
      {(['a', 'b'] as const).map((side) => (
        <div className="alignment-row" key={side} data-testid={`alignment-${side}`}>
          <span className="alignment-label">{side.toUpperCase()}</span>
          {columns.map((c, i) => (
            <span key={i} className={i === common ? 'at-divergence' : undefined}>
              {cell(c[side], c.op === 'insert' || c.op === 'delete' ? 'edited' : c.op)}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
