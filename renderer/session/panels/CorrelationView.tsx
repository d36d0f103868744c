// The selected event's flow (its correlation) as a waterfall: every event of the flow in order,
// indented by call depth, placed on a bar by its time within the flow, with the time since the step
// before. Links recorded between events lead to other flows. Click a step to jump to it. With no
// flow selected, or when asked, the panel lists every flow instead (FlowsList).
import { useMemo, useState } from 'react';
import { formatOffset } from '../../time-format';
import { useApp, useServices } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { useQuery } from '../../state/use-query';
import { describeEvent, eventType, flowName } from '../describe';
import { FlowsList } from './FlowsList';

export function CorrelationView() {
  const { client } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const selected = useApp(selectionSelectors.event);
  const selectEvent = useApp((s) => s.selectEvent);
  const setFilter = useApp((s) => s.setFilter);
  const sid = session.info.id;
  // The list is shown for the selection it was asked at: picking another event (here or anywhere) shows its flow.
  const [listedAt, setListedAt] = useState<string | null>(null);
  const listing = listedAt !== null && listedAt === (selected?.event_id ?? '');
  const setListing = (on: boolean) => setListedAt(on ? (selected?.event_id ?? '') : null);
  const path = useQuery(
    selected?.correlation_id ? (signal) => client.call('events.path', { session: sid, eventId: selected.event_id }, { signal }) : null,
    [sid, selected?.correlation_id ?? null],
  );
  const steps = useMemo(() => path.data?.steps ?? [], [path.data]);
  // A recorded flow starts with what started it: a request, a timer, a test.
  const name = steps[0] ? flowName(steps[0].event) : null;
  const unit = session.info.time_unit;
  const first = steps[0]?.event.timestamp ?? 0;
  const span = Math.max(1, (steps.at(-1)?.event.timestamp ?? 0) - first);
  const links = useQuery(
    steps.length > 0 && session.extras.link_count > 0
      ? (signal) => client.call('session.links', { session: sid, eventIds: steps.map((s) => s.event.event_id) }, { signal })
      : null,
    [sid, path.data],
  );
  // Links that leave this flow: to or from an event of another one.
  const linksOut = useMemo(() => {
    const ids = new Set(steps.map((s) => s.event.event_id));
    return (links.data ?? []).filter((l) => ids.has(l.from) !== ids.has(l.to));
  }, [steps, links.data]);

  if (listing) {
    return (
      <section className="panel correlation" data-testid="correlation-view" aria-label="Flow">
        <header className="panel-head">
          <h2>Flows</h2>
          <button className="small" onClick={() => setListing(false)}>
            {selected?.correlation_id ? 'Back to the flow' : 'Close'}
          </button>
        </header>
        <FlowsList />
      </section>
    );
  }

  return (
    <section className="panel correlation" data-testid="correlation-view" aria-label="Flow">
      <header className="panel-head">
        <h2 title={name ?? undefined}>
          Flow {path.data?.correlation_id ?? ''}
          {name && <span data-testid="flow-name"> · {name}</span>}
        </h2>
        {steps.length > 0 && (
          <span className="total">
            {steps.length} steps · {formatOffset(span, unit)}
          </span>
        )}
        {path.data?.correlation_id && (
          <button className="small" onClick={() => setFilter({ kind: 'correlation', correlationId: path.data!.correlation_id! })}>
            List
          </button>
        )}
        <button className="small" data-testid="all-flows" onClick={() => setListing(true)}>
          All flows
        </button>
      </header>
      {!selected?.correlation_id ? (
        <p className="empty">{selected ? 'This event belongs to no flow.' : 'Select an event to follow its flow, or list all flows.'}</p>
      ) : (
        <ol className="waterfall">
          {steps.map((s, i) => {
            const e = s.event;
            const gap = i === 0 ? null : e.timestamp - steps[i - 1].event.timestamp;
            return (
              <li
                key={e.event_id}
                className={`correlation-step${e.event_id === selected.event_id ? ' selected' : ''}`}
                data-testid="correlation-step"
                data-event-id={e.event_id}
                onClick={() => selectEvent(e)}
              >
                <span className="step-label" style={{ paddingLeft: 4 + s.depth * 12 }}>
                  <span className={`type ev-${eventType(e)}`}>●</span> {describeEvent(e)}
                </span>
                <span className="step-bar">
                  <span style={{ left: `${((e.timestamp - first) / span) * 100}%` }} />
                </span>
                <span className="step-gap">{gap === null ? '' : `+${formatOffset(gap, unit)}`}</span>
              </li>
            );
          })}
        </ol>
      )}
      {linksOut.length > 0 && (
        <div className="links">
          Linked:{' '}
          {linksOut.slice(0, 20).map((l, i) => (
            <button
              key={i}
              className="link"
              onClick={() =>
                void client
                  .call('events.path', { session: sid, eventId: steps.some((s) => s.event.event_id === l.from) ? l.to : l.from })
                  .then(
                    (p) =>
                      p.steps[0] &&
                      selectEvent(p.steps.find((s) => s.event.event_id === l.to || s.event.event_id === l.from)?.event ?? p.steps[0].event),
                  )
              }
            >
              {l.label ?? 'link'} → event {steps.some((s) => s.event.event_id === l.from) ? l.to : l.from}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
