// The import in progress (cancellable), an error that stays until dismissed, good news that fades.
import { useEffect } from 'react';
import { useApp } from '../state/context';
import { librarySelectors } from '../state/slices/library';

export function Notices() {
  const importing = useApp(librarySelectors.importing);
  const error = useApp(librarySelectors.error);
  const notice = useApp(librarySelectors.notice);
  const setError = useApp((s) => s.setError);
  const setNotice = useApp((s) => s.setNotice);
  const cancel = useApp((s) => s.cancelImport);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice, setNotice]);

  return (
    <div className="notices">
      {importing && (
        <div className="progress" data-testid="progress" role="status">
          <span>Importing {importing.file}</span>
          <progress max={importing.total || 1} value={importing.bytes} />
          <span>
            {importing.events.toLocaleString()} events · {(importing.bytes / 1e6).toFixed(1)}
            {importing.total ? ` / ${(importing.total / 1e6).toFixed(1)}` : ''} MB
          </span>
          <button onClick={cancel} disabled={!importing.importId}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <div className="error-panel" data-testid="error-panel" role="alert">
          <strong>{/:\d+:\d+: /.test(error) ? 'This file could not be opened' : 'Something went wrong'}</strong>
          <code>{error}</code>
          <button onClick={() => setError(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {notice && !error && !importing && (
        <div className="notice" role="status">
          {notice}
          <button onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
