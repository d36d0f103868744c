// The view and its address (address.ts), kept together: the address of what the app shows, and
// showing what an address names (opening its session or comparison, then the window, the
// playhead and the selection). In the web build the URL's fragment follows the view: a new place
// (session, comparison, selection) is a new history entry, so back and forward move between them;
// the playhead and window only update the current entry.
import type { RpcClient } from '../../src/rpc/client';
import type { AppStore, AppState } from './app-store';
import { type Address, decodeAddress, encodeAddress, samePlace } from './address';

/** The address of what the app shows now. */
export function addressOf(s: AppState): Address {
  if (s.session) {
    const time = s.session.time;
    return {
      session: s.session.info.id,
      t: time.restore(Math.round(s.settled)),
      window: [time.restore(Math.floor(s.window[0])), time.restore(Math.ceil(s.window[1]))],
      ...(s.selectedEvent ? { event: s.selectedEvent.event_id } : {}),
      ...(s.selectedAst !== null ? { node: s.selectedAst } : {}),
      ...(s.selectedCorrelation !== null ? { flow: s.selectedCorrelation } : {}),
    };
  }
  return s.compare ? { compare: s.compare } : {};
}

/**
 * Shows what `a` names. A session or comparison the library lacks is said plainly (a link from
 * someone else's machine names recordings only they have).
 */
export async function applyAddress(store: Pick<AppStore, 'getState'>, client: RpcClient, a: Address): Promise<void> {
  const s = store.getState();
  if (s.sessions === null) await s.listSessions();
  const known = new Set((store.getState().sessions ?? []).map((x) => x.id));
  const missing = [a.session, a.compare?.a, a.compare?.b].filter((id): id is string => id !== undefined && !known.has(id));
  if (missing.length > 0) {
    store
      .getState()
      .setError(`This link names a recording this library does not have (${missing.join(', ')}). Open the recording first, then the link.`);
    return;
  }
  if (!a.session) {
    if (store.getState().session) store.getState().closeSession();
    if (a.compare) store.getState().startCompare(a.compare.a, a.compare.b);
    else store.getState().closeCompare();
    return;
  }
  if (store.getState().session?.info.id !== a.session) await store.getState().openSession(a.session);
  const open = store.getState().session;
  if (!open || open.info.id !== a.session) return;
  const time = open.time;
  const at = (text: string) => {
    try {
      return time.rebase(text);
    } catch {
      return null;
    }
  };
  const st = store.getState();
  const w = a.window ? [at(a.window[0]), at(a.window[1])] : null;
  if (w && w[0] !== null && w[1] !== null) st.setWindow(w[0], w[1]);
  st.selectAst(a.node ?? null);
  // The event first: selecting it selects its flow, which the address names anyway.
  if (a.event) {
    const { event } = await client.call('events.get', { session: a.session, eventId: a.event });
    if (event) st.selectEvent(event, false);
  } else st.selectEvent(null, false);
  st.selectCorrelation(a.flow ?? null);
  const t = a.t ? at(a.t) : null;
  if (t !== null) st.seek(t, true);
}

/** Shows what a link names (a whole `cinema://open#...` link or a fragment), or says why it cannot. */
export async function openLink(store: Pick<AppStore, 'getState'>, client: RpcClient, link: string): Promise<void> {
  let a: Address;
  try {
    a = decodeAddress(link);
  } catch (err) {
    store.getState().setError(`This link cannot be opened: ${(err as Error).message}.`);
    return;
  }
  await applyAddress(store, client, a);
}

/** Keeps `location.hash` and the view together in the web build; returns the function that stops. */
export function syncWithUrl(store: AppStore, client: RpcClient, win: Window): () => void {
  let applying = false;
  let written = win.location.hash.slice(1);
  const apply = async (hash: string) => {
    applying = true;
    try {
      await openLink(store, client, hash);
    } finally {
      applying = false;
      written = win.location.hash.slice(1);
      write();
    }
  };
  let timer = 0;
  const write = () => {
    if (applying) return;
    const next = encodeAddress(addressOf(store.getState()));
    if (next === written) return;
    let before: Address = {};
    try {
      before = decodeAddress(written);
    } catch {
      // a broken address is replaced
    }
    const url = next ? `#${next}` : win.location.pathname + win.location.search;
    if (samePlace(before, decodeAddress(next))) win.history.replaceState(null, '', url);
    else win.history.pushState(null, '', url);
    written = next;
  };
  // The window moves every frame of a drag: the address follows a moment after it rests.
  const unsubscribe = store.subscribe((s, prev) => {
    if (applying) return;
    const place = s.session !== prev.session || s.compare !== prev.compare || s.selectedEvent !== prev.selectedEvent;
    const selection = s.selectedAst !== prev.selectedAst || s.selectedCorrelation !== prev.selectedCorrelation;
    if (place || selection) {
      win.clearTimeout(timer);
      write();
    } else if (s.settled !== prev.settled || s.window !== prev.window) {
      win.clearTimeout(timer);
      timer = win.setTimeout(write, 250);
    }
  });
  const onPop = () => void apply(win.location.hash.slice(1));
  win.addEventListener('popstate', onPop);
  if (written) void apply(written);
  return () => {
    unsubscribe();
    win.clearTimeout(timer);
    win.removeEventListener('popstate', onPop);
  };
}
