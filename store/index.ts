// The store's public surface.
export { TemporalStorage, type StartOptions } from './temporal-storage';
export { SessionCatalog, type CatalogOptions } from './catalog';
export type { Stats, Page, PageOptions, SessionInfo, EventKey } from './types';
export type { StoredEvent, EventInput, CinemaEvent } from '../src/event';
export { EventValidationError } from '../src/event';
