import { useApp } from '../state/context';
import { layoutSelectors } from '../state/slices/layout';
import { SHORTCUTS } from './keyboard';

export function ShortcutsOverlay() {
  const open = useApp(layoutSelectors.shortcuts);
  const setOpen = useApp((s) => s.setShortcuts);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={() => setOpen(false)}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th>
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">
          Speeds 0.25x-16x step event by event (10 events a second at 1x); "original timing" plays the recording's own clock.
        </p>
        <button onClick={() => setOpen(false)}>Close</button>
      </div>
    </div>
  );
}
