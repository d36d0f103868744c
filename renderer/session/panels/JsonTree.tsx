// Event data as a collapsible tree (react-json-view-lite): objects and arrays open two levels deep
// unless long, each opened or closed by a click or the keyboard. Collapsed nodes render nothing
// beneath them, so a payload nested 1,000 levels deep only renders what is open. Colours come from
// the theme's variables (app.css, .j-*). A recording's tagged values with nothing inside are shown
// as one leaf each (json-leaves.ts).
import { useMemo } from 'react';
import { JsonView, defaultStyles } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';
import { Leaf, readable } from './json-leaves';

/** Opened on first view: this many levels, and containers of at most this many entries. */
const OPEN_LEVELS = 2;
const OPEN_MAX_ENTRIES = 50;

const styles = {
  ...defaultStyles,
  container: 'j-tree',
  label: 'j-key',
  clickableLabel: 'j-key j-clickable',
  stringValue: 'j-str',
  numberValue: 'j-num',
  booleanValue: 'j-bool',
  nullValue: 'j-null',
  undefinedValue: 'j-null',
  otherValue: 'j-other',
  punctuation: 'j-punct',
  collapsedContent: 'j-more',
};

const entries = (v: unknown) => (Array.isArray(v) ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : 0);

export function JsonTree({ value }: { value: unknown }) {
  const shown = useMemo(() => readable(value), [value]);
  if (shown === null || typeof shown !== 'object' || shown instanceof Leaf) {
    return (
      <div className="j-tree">
        <JsonView data={[shown]} style={styles} compactTopLevel shouldExpandNode={() => true} />
      </div>
    );
  }
  return <JsonView data={shown} style={styles} shouldExpandNode={(level, v) => level < OPEN_LEVELS && entries(v) <= OPEN_MAX_ENTRIES} />;
}
