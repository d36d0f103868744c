// The app: the library, an open session or two runs compared, the import in progress and the messages. What happens
// when a file is opened, imported, followed while it imports or fails lives in the app store's
// library slice; this component wires the window's own events to it: Ctrl/Cmd+O, a file dropped
// anywhere, the file picker.
import { useEffect, useMemo, useRef } from 'react';
import type { RpcClient } from '../../src/rpc/client';
import type { DesktopApi } from '../../src/rpc/shell';
import { demoRecordingLines } from '../../src/demo/recording';
import { createAppStore } from '../state/app-store';
import { openLink, syncWithUrl } from '../state/address-sync';
import { reportActivity } from './activity';
import { ServicesContext, useApp, useServices } from '../state/context';
import { librarySelectors } from '../state/slices/library';
import { sessionSelectors } from '../state/slices/session';
import { SessionView } from '../session/SessionView';
import { Library } from './Library';
import { CompareView } from '../compare/CompareView';
import { Notices } from './Notices';
import { sendFile } from './send-file';

export function App({ client, desktop }: { client: RpcClient; desktop?: DesktopApi }) {
  const store = useMemo(() => {
    const made = createAppStore({ client, desktop, sendFile, openLink: (link) => void openLink(made, client, link) });
    return made;
  }, [client, desktop]);
  const services = useMemo(() => ({ client, desktop, store }), [client, desktop, store]);
  useEffect(() => store.getState().connect(), [store]);
  // Every view has an address: the web build keeps it in the URL (the desktop app opens cinema://
  // links main hands it, in the library slice with the other menu and shell commands).
  useEffect(() => (desktop ? undefined : syncWithUrl(store, client, window)), [store, client, desktop]);
  useEffect(() => reportActivity(client, window), [client]);
  return (
    <ServicesContext.Provider value={services}>
      <AppBody />
    </ServicesContext.Provider>
  );
}

function AppBody() {
  const isOpen = useApp(sessionSelectors.isOpen);
  const comparing = useApp((s) => s.compare !== null);
  const busy = useApp(librarySelectors.busy);
  const importSource = useApp((s) => s.importSource);
  const openDropped = useApp((s) => s.openDropped);
  const input = useRef<HTMLInputElement>(null);
  const { desktop } = useServices();

  const openFile = () => {
    if (busy) return;
    if (desktop) void desktop.openRecording();
    else input.current?.click();
  };
  const openSample = () => void importSource([...demoRecordingLines({ events: 20_000, seed: 7 })].join('\n') + '\n', 'sample.cinema');

  // Ctrl/Cmd+O anywhere; a file dropped anywhere opens.
  const openFileLatest = useRef(openFile);
  useEffect(() => {
    openFileLatest.current = openFile;
  });
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openFileLatest.current();
      }
    };
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      openDropped(f);
    };
    window.addEventListener('keydown', key);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openDropped]);

  return (
    <div className="app">
      <input
        ref={input}
        data-testid="import-input"
        type="file"
        hidden
        accept=".cinema,.gz,.json,.jsonl,.ndjson,application/json"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importSource(f, f.name);
          e.target.value = '';
        }}
      />
      {isOpen ? <SessionView /> : comparing ? <CompareView /> : <Library onOpenFile={openFile} onOpenSample={openSample} />}
      <Notices />
    </div>
  );
}
