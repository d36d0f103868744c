// How a slice of the app store is written: it gets `set` and `get` for the part of the state it
// reads and writes (its own and the slices below it), never the whole store's type, so slices
// depend on each other in one direction only (layout, playback, view <- selection <- session <- library).

/** Sets part of the state. */
export type Setter<T> = (partial: Partial<T>) => void;
/** Reads the current state. */
export type Getter<T> = () => T;
