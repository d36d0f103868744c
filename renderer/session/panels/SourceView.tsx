// The source of the selected node's file, its span highlighted, and per-line event counts in the
// gutter (the events of the nodes that start on each line).
import { type CSSProperties, useEffect, useMemo, useRef } from 'react';
import type { AstNodeWire } from '../../../src/rpc/contract';
import { useApp } from '../../state/context';
import type { Tree } from './ast-tree';
import { sourceColumnWidths } from './source-columns';

export function SourceView({ node, tree }: { node: AstNodeWire; tree: Tree }) {
  const sources = useApp((s) => s.session!.extras.sources);
  const text = sources.find((s) => s.file === node.file)?.text ?? '';
  const lines = useMemo(() => text.split('\n'), [text]);
  const perLine = useMemo(() => {
    const m = new Map<number, number>();
    for (const t of tree.byId.values()) {
      const line = t.node.span?.start_line;
      if (t.node.file === node.file && line !== undefined) m.set(line, (m.get(line) ?? 0) + t.own);
    }
    return m;
  }, [tree, node.file]);
  const box = useRef<HTMLDivElement>(null);
  const from = node.span?.start_line ?? 0;
  const to = node.span?.end_line ?? from;
  useEffect(() => {
    box.current?.querySelector('.hl')?.scrollIntoView({ block: 'center' });
  }, [node.id]);
  const columns = useMemo(() => {
    const widths = sourceColumnWidths(perLine, lines.length);
    return { '--count-width': `${widths.counts}ch`, '--line-width': `${widths.lines}ch` } as CSSProperties;
  }, [perLine, lines.length]);
  return (
    <div
      className="source-view"
      ref={box}
      style={columns}
      data-testid="source-view"
      data-file={node.file}
      aria-label={`Source of ${node.file}`}
    >
      <div className="source-file">{node.file}</div>
      <pre>
        {lines.map((l, i) => {
          const n = i + 1;
          const c = perLine.get(n);
          return (
            <div key={n} className={n >= from && n <= to ? 'line hl' : 'line'}>
              <span className="gutter">{c ? c.toLocaleString() : ''}</span>
              <span className="ln">{n}</span>
              <code>{l || ' '}</code>
            </div>
          );
        })}
      </pre>
    </div>
  );
}
