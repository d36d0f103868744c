// The selected event: its fields, its data as a collapsible JSON tree, and copy as JSON.
import { useState } from 'react';
import { formatOffset } from '../../time-format';
import { useApp } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { JsonTree } from './JsonTree';
import { copyText } from '../clipboard';

export function Inspector() {
  const session = useApp(sessionSelectors.session)!;
  const e = useApp(selectionSelectors.event);
  const selectAst = useApp((s) => s.selectAst);
  const setFilter = useApp((s) => s.setFilter);
  const [copied, setCopied] = useState(false);
  if (!e) {
    return (
      <section className="panel inspector" data-testid="event-inspector" aria-label="Event inspector">
        <header className="panel-head">
          <h2>Event</h2>
        </header>
        <p className="empty">Select an event in the list or on the timeline.</p>
      </section>
    );
  }
  const json = JSON.stringify({ ...e, timestamp: session.time.restore(e.timestamp) }, null, 2);
  // The node by its name where the recording names it (`Cart.add`), its id beside it.
  const nodeName = e.ast_node_id ? session.extras.ast.find((n) => n.id === e.ast_node_id)?.name : undefined;
  return (
    <section className="panel inspector" data-testid="event-inspector" aria-label="Event inspector">
      <header className="panel-head">
        <h2>Event {e.event_id}</h2>
        <button
          className="small"
          onClick={() =>
            void copyText(json).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1200);
            })
          }
        >
          {copied ? 'Copied' : 'Copy as JSON'}
        </button>
      </header>
      <dl className="fields">
        <dt>time</dt>
        <dd>
          {formatOffset(e.timestamp - session.t0, session.info.time_unit)}{' '}
          <small>
            ({session.time.restore(e.timestamp)} {session.info.time_unit})
          </small>
        </dd>
        <dt>AST node</dt>
        <dd>
          {e.ast_node_id ? (
            <button className="link" data-testid="inspector-ast-node" onClick={() => selectAst(e.ast_node_id)}>
              {nodeName && nodeName !== e.ast_node_id ? (
                <>
                  {nodeName} <span className="node-dir">{e.ast_node_id}</span>
                </>
              ) : (
                e.ast_node_id
              )}
            </button>
          ) : (
            '—'
          )}
        </dd>
        <dt>flow</dt>
        <dd>
          {e.correlation_id ? (
            <button className="link" onClick={() => setFilter({ kind: 'correlation', correlationId: e.correlation_id! })}>
              {e.correlation_id}
            </button>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <div className="json">
        <JsonTree value={e.data} />
      </div>
    </section>
  );
}
