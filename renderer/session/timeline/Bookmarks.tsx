// Bookmarks as flags over the marks row; click one to move the playhead there.
import { useApp } from '../../state/context';
import { sessionSelectors } from '../../state/slices/session';
import { viewSelectors } from '../../state/slices/view';

const NONE: never[] = [];

export function Bookmarks() {
  const bookmarks = useApp(sessionSelectors.bookmarks) ?? NONE;
  const win = useApp(viewSelectors.window);
  const seek = useApp((s) => s.seek);
  const span = Math.max(1, win[1] - win[0]);
  return (
    <div className="bookmarks">
      {bookmarks
        .filter((b) => b.timestamp >= win[0] && b.timestamp <= win[1])
        .map((b, i) => (
          <button
            key={`${b.timestamp}-${i}`}
            className="bookmark"
            style={{ left: `${((b.timestamp - win[0]) / span) * 100}%` }}
            title={b.label}
            data-testid="bookmark"
            onClick={() => seek(b.timestamp, true)}
          >
            ⚑
          </button>
        ))}
    </div>
  );
}
