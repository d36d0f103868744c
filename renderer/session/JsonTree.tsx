// Event data as a collapsible tree: objects and arrays open to a depth, long ones collapsed, each
// node opened or closed by a click. Rendering is lazy, so a payload nested 1,000 levels deep only
// renders what is open.
import { useState } from 'react';

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-str">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="j-num">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

export function JsonTree({ value, name, depth = 0, openDepth = 2 }: { value: unknown; name?: string; depth?: number; openDepth?: number }) {
  const isObj = value !== null && typeof value === 'object';
  const entries = isObj
    ? Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>)
    : [];
  const [open, setOpen] = useState(depth < openDepth && entries.length <= 50);
  const key = name !== undefined ? <span className="j-key">{name}: </span> : null;
  if (!isObj)
    return (
      <div className="j-row">
        {key}
        <Leaf value={value} />
      </div>
    );
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div className="j-row">
      <button className="j-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      {brackets[0]}
      {!open && (
        <span className="j-more">
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}
        </span>
      )}
      {open && (
        <div className="j-children">
          {entries.map(([k, v]) => (
            <JsonTree key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
        </div>
      )}
      {brackets[1]}
    </div>
  );
}
