// The session view's keyboard shortcuts, one table: the `?` overlay lists these same entries.
import type { RpcClient } from '../../src/rpc/client';
import type { AppStore } from '../state/app-store';
import { fit, pan, step, zoom } from './navigation';

export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Space', does: 'play / pause' },
  { keys: '← / →', does: 'previous / next event' },
  { keys: 'Shift + ← / →', does: 'previous / next event of the selected AST node or flow' },
  { keys: 'Home / End', does: 'start / end of the recording' },
  { keys: '+ / -', does: 'zoom in / out around the playhead' },
  { keys: 'Ctrl (⌘) + ← / →', does: 'pan the timeline' },
  { keys: 'F', does: 'fit the whole recording' },
  { keys: 'B', does: 'bookmark the playhead' },
  { keys: 'Ctrl (⌘) + O', does: 'open a recording' },
  { keys: 'Esc', does: 'clear the selection, close this overlay' },
  { keys: '?', does: 'this list' },
];

/** Handles a key for the session view; returns whether it was one of ours. */
export function handleKey(e: KeyboardEvent, client: RpcClient, store: AppStore, bookmark: () => void): boolean {
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable))
    return false;
  const s = store.getState();
  if (!s.session) return false;
  const mod = e.ctrlKey || e.metaKey;
  switch (e.key) {
    case ' ':
      s.setPlaying(!s.playing);
      return true;
    case 'ArrowRight':
    case 'ArrowLeft': {
      const dir = e.key === 'ArrowRight' ? 'next' : 'prev';
      if (mod) pan(store, dir === 'next' ? 0.2 : -0.2);
      else void step(client, store, dir, e.shiftKey);
      return true;
    }
    case 'Home':
      s.seek(s.session.t0, true);
      s.setWindow(s.session.t0, s.session.t0 + (s.window[1] - s.window[0]));
      return true;
    case 'End':
      s.seek(s.session.t1, true);
      s.setWindow(s.session.t1 - (s.window[1] - s.window[0]), s.session.t1);
      return true;
    case '+':
    case '=':
      zoom(store, 1 / 1.6);
      return true;
    case '-':
    case '_':
      zoom(store, 1.6);
      return true;
    case 'f':
    case 'F':
      if (mod) return false;
      fit(store);
      return true;
    case 'b':
    case 'B':
      if (mod) return false;
      bookmark();
      return true;
    case '?':
      s.setShortcuts(!s.shortcuts);
      return true;
    case 'Escape':
      if (s.shortcuts) s.setShortcuts(false);
      else s.selectEvent(null, false);
      return true;
    default:
      return false;
  }
}
